"""Large-print mode and the accessibility basics of the portal's markup."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from zhifa.portal.tests.support import publish_item
from zhifa.portal.views_display import LARGE_PRINT_COOKIE


def test_large_print_toggle_sets_cookie(client, db):
    decisions = reverse("portal:decision_list")
    response = client.get(reverse("portal:large_print"), {"on": "1", "next": decisions})

    assert response.status_code == 302
    assert response["Location"] == decisions
    assert response.cookies[LARGE_PRINT_COOKIE].value == "1"
    page = client.get(decisions).content.decode()
    assert '<html lang="zh-CN" class="large-print">' in page
    assert "标准字号" in page

    client.get(reverse("portal:large_print"), {"next": decisions})
    page = client.get(decisions).content.decode()
    assert '<html lang="zh-CN">' in page
    assert "大字版" in page


@pytest.mark.parametrize(
    "target", ["https://example.org/", "//example.org/", "javascript:alert(1)"]
)
def test_large_print_never_redirects_off_site(client, db, target):
    response = client.get(reverse("portal:large_print"), {"on": "1", "next": target})
    assert response["Location"] == reverse("portal:home")


def test_large_print_css_is_local(client):
    from django.contrib.staticfiles import finders

    css = Path(str(finders.find("css/portal.css"))).read_text(encoding="utf-8")
    assert "html.large-print" in css
    assert ":focus-visible" in css
    assert "url(" not in css
    assert "@import" not in css


class MarkupAudit(HTMLParser):
    """Collect form fields without a label, tables without a caption and header cells."""

    def __init__(self):
        super().__init__()
        self.labels: set[str] = set()
        self.fields: list[str] = []
        self.tables = 0
        self.captions = 0
        self.header_cells_without_scope = 0
        self.skip_link = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "label" and values.get("for"):
            self.labels.add(values["for"])
        if tag in ("input", "select", "textarea") and values.get("type") != "hidden":
            self.fields.append(values.get("id") or "")
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "th" and "scope" not in values:
            self.header_cells_without_scope += 1
        if tag == "a" and values.get("href") == "#main":
            self.skip_link = True


def test_pages_are_labelled(client, agency_a, make_credential):
    make_credential("张有效", number="3101180001")
    item = publish_item(agency_a, "擅自设摊。")
    urls = [
        reverse("portal:home"),
        reverse("portal:decision_list"),
        reverse("portal:decision_list") + "?q=设摊",
        reverse("portal:decision_detail", args=[item.pk]),
        reverse("portal:agency_detail", args=[agency_a.pk]),
        reverse("portal:officers", args=[agency_a.pk]),
        reverse("portal:credential_search"),
    ]
    for url in urls:
        audit = MarkupAudit()
        audit.feed(client.get(url).content.decode())
        assert audit.skip_link, url
        assert all(field and field in audit.labels for field in audit.fields), (url, audit.fields)
        assert audit.captions == audit.tables, url
        assert audit.header_cells_without_scope == 0, url

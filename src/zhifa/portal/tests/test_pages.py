"""Public portal pages: home, agencies, power lists and their history."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from zhifa.agencies.models import Agency, AgencyKind, Officer
from zhifa.catalog import actions as catalog_actions
from zhifa.catalog.actions import PowerItemContent
from zhifa.catalog.models import PowerCategory


def content(name, domain=None, basis="《上海市市容环境卫生管理条例》第二十二条"):
    return PowerItemContent(
        name=name, category=PowerCategory.PENALTY, legal_basis=basis, domain=domain
    )


@pytest.fixture
def entrusted(agency_a):
    return Agency.objects.create(
        name="上海市青浦区朱家角镇城市管理服务中心",
        short_name="朱家角城管服务中心",
        kind=AgencyKind.ENTRUSTED,
        entrusting_agency=agency_a,
        entrustment_document="朱府委〔2026〕1号",
        entrustment_scope="市容环境卫生方面的行政检查",
        entrustment_starts_on=datetime.date(2026, 1, 1),
        entrustment_ends_on=datetime.date(2028, 12, 31),
    )


@pytest.fixture
def power_items(agency_a, agency_head_user, domain):
    today = timezone.localdate()
    changed = catalog_actions.create_power_item(
        None,
        agency_a,
        "QP-CF-001",
        content("对乱设摊的处罚", domain),
        effective_from=datetime.date(2020, 1, 1),
    )
    catalog_actions.change_power_item(
        None,
        changed,
        content("对擅自设摊经营的处罚", domain),
        effective_from=today - datetime.timedelta(days=10),
        change_reason="条例修订",
    )
    future = catalog_actions.create_power_item(
        None,
        agency_a,
        "QP-CF-002",
        content("对未来事项的处罚"),
        effective_from=today + datetime.timedelta(days=30),
    )
    catalog_actions.change_power_item(
        None,
        changed,
        content("对擅自设摊经营的处罚（明年版）", domain),
        effective_from=today + datetime.timedelta(days=60),
        change_reason="再次修订",
    )
    return changed, future


def test_home_page_in_chinese(client, agency_a, agency_b, entrusted):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-CN">' in page
    assert "上海市青浦区" in page
    assert "执法证件查询" in page
    for kind in (AgencyKind.TOWN, AgencyKind.DISTRICT_DEPARTMENT, AgencyKind.ENTRUSTED):
        assert kind.label in page
    assert agency_a.name in page
    assert agency_b.name in page
    assert 'name="number"' in page


def test_home_groups_follow_kind_order(client, agency_a, agency_b, entrusted):
    groups = client.get(reverse("portal:home")).context["groups"]
    labels = [group.kind_label for group in groups]
    assert labels == ["区级行政执法部门", "镇人民政府", "受委托组织"]


def test_agency_list(client, agency_a, agency_b):
    response = client.get(reverse("portal:agency_list"))
    assert response.status_code == 200
    assert reverse("portal:agency_detail", args=[agency_a.pk]) in response.content.decode()


def test_agency_detail_shows_power_items_in_force(client, agency_a, power_items):
    response = client.get(reverse("portal:agency_detail", args=[agency_a.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "镇人民政府" in page
    assert "QP-CF-001" in page
    assert "对擅自设摊经营的处罚" in page
    assert "行政处罚" in page
    assert "城市管理" in page
    assert "第二十二条" in page
    # Earlier and later versions, and items not yet in force, stay off the current list.
    assert "对乱设摊的处罚" not in page
    assert "明年版" not in page
    assert "QP-CF-002" not in page
    # Internal fields of a version are not published.
    assert "条例修订" not in page


def test_power_item_history_shows_earlier_versions(client, agency_a, power_items):
    item, _future = power_items
    response = client.get(reverse("portal:power_item_history", args=[agency_a.pk, item.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "对乱设摊的处罚" in page
    assert "对擅自设摊经营的处罚" in page
    assert "第1版" in page
    assert "第2版" in page
    assert "明年版" not in page
    assert "2020-01-01" in page


def test_power_item_of_another_agency_gives_404(client, agency_a, agency_b, power_items):
    item, _future = power_items
    response = client.get(reverse("portal:power_item_history", args=[agency_b.pk, item.pk]))
    assert response.status_code == 404


def test_unknown_agency_gives_404(client, db):
    assert client.get(reverse("portal:agency_detail", args=[999999])).status_code == 404


def test_entrusted_organisation_shows_entrustment(client, entrusted, agency_a):
    page = client.get(reverse("portal:agency_detail", args=[entrusted.pk])).content.decode()
    assert "委托执法信息" in page
    assert "朱府委〔2026〕1号" in page
    assert "市容环境卫生方面的行政检查" in page
    assert "2028年12月31日" in page
    assert reverse("portal:agency_detail", args=[agency_a.pk]) in page


def test_portal_refuses_post(client, agency_a):
    assert client.post(reverse("portal:home")).status_code == 405
    assert client.post(reverse("portal:credential_search"), {"number": "x"}).status_code == 405


class AssetCollector(HTMLParser):
    """Collect the URLs that script, link and img tags load."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        wanted = {"script": "src", "link": "href", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.urls.append(value)


@pytest.fixture
def portal_urls(agency_a, entrusted, power_items, make_credential):
    suspended = make_credential("吴隐私", number="3101189999", photo=True, then="suspended")
    valid = make_credential("郑隐私", number="3101188888")
    item, _future = power_items
    return [
        reverse("portal:home"),
        reverse("portal:agency_list"),
        reverse("portal:agency_detail", args=[agency_a.pk]),
        reverse("portal:agency_detail", args=[entrusted.pk]),
        reverse("portal:power_item_history", args=[agency_a.pk, item.pk]),
        reverse("portal:verify", args=[suspended.verify_token]),
        reverse("portal:verify", args=[valid.verify_token]),
        reverse("portal:verify", args=["unknown"]),
        reverse("portal:credential_search"),
        reverse("portal:credential_search") + "?number=3101188888",
        reverse("portal:credential_search") + "?number=310118",
    ]


def test_id_numbers_never_appear(client, portal_urls):
    id_numbers = list(Officer.objects.values_list("id_number", flat=True))
    assert len(id_numbers) == 2
    for url in portal_urls:
        page = client.get(url).content.decode()
        for number in id_numbers:
            assert number not in page, url
            # Nor a masked form that keeps the birth date.
            assert number[6:14] not in page, url


def test_no_external_assets(client, portal_urls):
    for url in portal_urls:
        response = client.get(url)
        page = response.content.decode()
        assert re.search(r"[\u4e00-\u9fff]", page), url
        collector = AssetCollector()
        collector.feed(page)
        assert collector.urls, url
        for asset in collector.urls:
            if asset.startswith(("http://", "https://", "//")):
                assert asset.split("/")[2] == "testserver", (url, asset)

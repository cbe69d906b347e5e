"""Crawl every portal page and look for natural-person parties' data.

The demo publicity test calls ``assert_portal_shows_no_party_data`` after loading the full
demo (agencies, officers, cases, publications); it requests every page reachable from home.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

from zhifa.agencies.models import Officer
from zhifa.cases.models import Party
from zhifa.publicity.models import PublishedItem, WindowPost

# Pages that are not HTML or that only switch a display setting.
NOT_CRAWLED = {"window_photo", "window_form", "verify_photo", "large_print"}
# A mainland ID number (18 characters, the last a digit or X) or mobile number, anywhere in the
# visible text, of any person.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE_NUMBER = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


class PageReader(HTMLParser):
    """Collect the visible text and the link targets of one page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def portal_path(link: str) -> str | None:
    """Return the link as a path on this site if it is a crawled portal page, else None."""
    link, _fragment = urldefrag(link)
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.namespace != "portal" or match.url_name in NOT_CRAWLED:
        return None
    return link


def crawl(client, start: str) -> dict[str, str]:
    """Return the visible text of every portal page reachable from ``start``."""
    pages: dict[str, str] = {}
    queue = deque([start])
    while queue:
        path = queue.popleft()
        if path in pages:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        reader = PageReader()
        reader.feed(response.content.decode())
        pages[path] = " ".join(reader.text)
        for link in reader.links:
            target = portal_path(link if link.startswith("/") else _relative(path, link))
            if target is not None and target not in pages:
                queue.append(target)
    return pages


def _relative(current: str, link: str) -> str:
    # The pager's links are query strings relative to the list page.
    if link.startswith("?"):
        return urlsplit(current).path + link
    return link


def assert_portal_shows_no_party_data(client: Client) -> None:
    """Crawl every portal page reachable from home and find no natural-person party's data.

    The demo publicity test calls this once the full demo is loaded, so that the slow demo
    load serves both checks.
    """
    parties = list(Party.objects.filter(kind="natural_person").values("name", "id_number", "phone"))
    assert parties, "the demo has no natural-person party to look for"
    # Officers', window staff's and companies' legal representatives' names are published by
    # design. A party name that is part of one of them (the party 周晓 and the officer 周晓军,
    # or a company whose representative is also called 段阳) cannot be distinguished in page text.
    public_names = set(Officer.objects.values_list("full_name", flat=True))
    public_names |= set(WindowPost.objects.values_list("name", flat=True))
    public_names |= set(
        Party.objects.exclude(kind="natural_person")
        .exclude(legal_representative="")
        .values_list("legal_representative", flat=True)
    )
    secrets = {party["id_number"] for party in parties if party["id_number"]}
    secrets |= {party["phone"] for party in parties if party["phone"]}
    secrets |= {
        party["name"]
        for party in parties
        if not any(party["name"] in public for public in public_names)
    }
    assert len(secrets) > len(parties), "too few party names left to look for"

    pages = crawl(client, "/")

    page_names = [resolve(urlsplit(path).path).url_name for path in pages]
    shown = PublishedItem.objects.filter(ended_on__isnull=True).count()
    assert page_names.count("decision_detail") == shown
    assert "agency_list_kind" in page_names
    assert "window_board" in page_names
    for path, text in pages.items():
        for secret in secrets:
            assert secret not in text, (path, secret)
        assert not ID_NUMBER.search(text), (path, ID_NUMBER.search(text))
        assert not MOBILE_NUMBER.search(text), (path, MOBILE_NUMBER.search(text))

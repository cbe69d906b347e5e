"""End to end in Debian's chromium: an approver publishes a penalty decision, the portal finds it.

Run with ``pytest -m browser``. Without /usr/bin/chromium the test is skipped, unless
ZHIFA_REQUIRE_BROWSER=1 makes it fail instead. Screenshots go to test-artifacts/.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from zhifa.accounts.roles import Role
from zhifa.conftest import PASSWORD
from zhifa.portal.tests.test_browser import CHROMIUM, CHROMIUM_ARGS, _require_chromium
from zhifa.publicity.models import PublicationStatus, PublishedItem
from zhifa.publicity.tests.drafting_support import numbered_case

# A two-character word of the decision text that steps_support writes (…擅自占用道路堆放物料).
SEARCH_WORD = "堆放"


@pytest.fixture
def artifacts() -> Path:
    folder = Path(settings.PROJECT_DIR) / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.mark.browser
# A transactional test empties the tables when it ends. serialized_rollback restores the rows
# that data migrations made (role groups, the calendar, publication rules) when it starts.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_approver_publishes_and_portal_finds(
    live_server, transactional_db, agency_a, agency_head_user, officer_user, make_user, artifacts
):
    _require_chromium()
    from playwright.sync_api import sync_playwright

    # All database work happens before Playwright starts, because its event loop makes
    # Django refuse ORM calls from this thread.
    approver = make_user("fabu_browser", Role.PUBLICATION_APPROVER, agency=agency_a)
    _, case, publication = numbered_case(agency_a, agency_head_user, officer_user)
    party = case.parties.get()
    assert publication.status == PublicationStatus.DRAFT
    assert SEARCH_WORD in publication.original["text"]
    assert party.name in publication.original["text"]
    review_url = live_server.url + reverse("publicity:publication_review", args=[publication.pk])
    detail_url = live_server.url + reverse("publicity:publication_detail", args=[publication.pk])
    search_url = live_server.url + reverse("portal:decision_list") + f"?q={SEARCH_WORD}"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(live_server.url + reverse("accounts:login"))
            page.fill("input[name=username]", approver.username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(live_server.url + reverse("backoffice:home"))

            page.goto(review_url)
            original = page.locator("section[aria-label=原文]").inner_text()
            masked = page.locator("section[aria-label=公示文本]").inner_text()
            assert party.name in original
            assert party.name not in masked
            page.screenshot(path=str(artifacts / "publication-review.png"), full_page=True)
            page.click("text=审核通过并发布")
            page.wait_for_url(detail_url)
            assert "公示中" in page.content()
            assert "第1版" in page.content()

            page.goto(search_url)
            assert "共 1 条" in page.locator(".result-count").inner_text()
            results = page.content()
            page.screenshot(path=str(artifacts / "publication-portal-search.png"), full_page=True)
            page.locator(".decision-title").first.click()
            page.wait_for_load_state()
            decision_page = page.content()
            decision_text = page.locator(".decision-text").inner_text()
        finally:
            browser.close()

    assert publication.title in results
    for content in (results, decision_page):
        assert party.name not in content
        assert party.id_number not in content
    assert SEARCH_WORD in decision_text
    assert "张某某" in decision_text
    assert PublishedItem.objects.filter(publication=publication, is_public=True).exists()

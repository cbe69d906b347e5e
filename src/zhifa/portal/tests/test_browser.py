"""End-to-end checks in Debian's chromium: verification, and decision search on a phone.

Run with ``pytest -m browser``. Without /usr/bin/chromium the test is skipped, unless
ZHIFA_REQUIRE_BROWSER=1 makes it fail instead. Screenshots go to test-artifacts/.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from zhifa.agencies.models import CredentialEventKind
from zhifa.conftest import PASSWORD
from zhifa.portal.tests.support import publish_item

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE_WIDTH = 375


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("ZHIFA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{CHROMIUM} is missing but ZHIFA_REQUIRE_BROWSER=1 requires the browser test")
    pytest.skip(f"{CHROMIUM} is not installed")


@pytest.fixture
def artifacts() -> Path:
    folder = Path(settings.PROJECT_DIR) / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.mark.browser
# A transactional test empties the tables when it ends; serialized_rollback restores the rows
# that data migrations made (the role groups) when this test starts.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_login_then_verify_credentials(
    live_server, transactional_db, agency_head_user, make_credential, artifacts
):
    _require_chromium()
    from playwright.sync_api import sync_playwright

    # All database work happens before Playwright starts, because its event loop makes
    # Django refuse ORM calls from this thread.
    valid = make_credential("张建国", number="3101180001", photo=True)
    make_credential("周暂扣", number="3101180005", then=CredentialEventKind.SUSPENDED)
    officer_url = live_server.url + reverse("agencies:officer_detail", args=[valid.officer_id])
    verify_url = live_server.url + reverse("portal:verify", args=[valid.verify_token])

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})

            page.goto(live_server.url + reverse("accounts:login"))
            page.screenshot(path=str(artifacts / "login.png"))
            page.fill("input[name=username]", agency_head_user.username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(live_server.url + reverse("backoffice:home"))

            page.goto(officer_url)
            assert "张建国" in page.content()
            page.screenshot(path=str(artifacts / "officer-detail.png"), full_page=True)

            page.goto(verify_url)
            assert page.locator(".officer-name").inner_text() == "张建国"
            assert page.locator(".status").inner_text() == "有效"
            photo_loaded = page.evaluate(
                "() => { const img = document.querySelector('.verify-card img');"
                " return img !== null && img.complete && img.naturalWidth > 0; }"
            )
            assert photo_loaded
            page.screenshot(path=str(artifacts / "verify-valid.png"), full_page=True)

            page.goto(live_server.url + reverse("portal:home"))
            page.fill("input[name=number]", "3101180005")
            page.click("form:has(#credential-number) button[type=submit]")
            page.wait_for_load_state()
            assert page.locator(".officer-name").inner_text() == "周暂扣"
            assert page.locator(".status").inner_text() == "已暂扣"
            page.screenshot(path=str(artifacts / "search-suspended.png"), full_page=True)

            phone = browser.new_page(viewport={"width": PHONE_WIDTH, "height": 800})
            phone.goto(live_server.url + reverse("portal:home"))
            scroll_width = phone.evaluate("() => document.documentElement.scrollWidth")
            phone.screenshot(path=str(artifacts / "home-phone.png"), full_page=True)
            assert scroll_width <= PHONE_WIDTH

            phone.goto(verify_url)
            scroll_width = phone.evaluate("() => document.documentElement.scrollWidth")
            phone.screenshot(path=str(artifacts / "verify-phone.png"), full_page=True)
            assert scroll_width <= PHONE_WIDTH
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_decision_search_phone_keyboard_large_print(
    live_server, transactional_db, agency_a, artifacts
):
    """On a phone-sized screen, search by keyboard alone, open the result, then large print."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    item = publish_item(
        agency_a, "当事人在北大街擅自设摊经营，决定罚款200元。", title="擅自设摊处罚决定"
    )
    publish_item(agency_a, "销售标签不符合规定的食品。", title="食品标签处罚决定")
    detail_path = reverse("portal:decision_detail", args=[item.pk])

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            phone = browser.new_page(viewport={"width": PHONE_WIDTH, "height": 800})
            phone.goto(live_server.url + reverse("portal:decision_list"))
            assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH

            # The first Tab reaches the skip link; following it puts focus on the main content,
            # and the next Tab lands in the query field.
            phone.keyboard.press("Tab")
            assert phone.evaluate("() => document.activeElement.textContent") == "跳到正文"
            phone.keyboard.press("Enter")
            phone.keyboard.press("Tab")
            assert phone.evaluate("() => document.activeElement.id") == "decision-q"
            phone.keyboard.type("设摊")
            phone.keyboard.press("Enter")
            phone.wait_for_url("**q=*")
            assert "共 1 条" in phone.locator(".result-count").inner_text()
            phone.screenshot(path=str(artifacts / "decision-search-phone.png"), full_page=True)
            assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH

            phone.locator(".decision-title").first.focus()
            phone.keyboard.press("Enter")
            phone.wait_for_url(live_server.url + detail_path)
            assert "罚款200元" in phone.locator(".decision-text").inner_text()
            assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH

            normal_size = phone.evaluate(
                "() => parseFloat(getComputedStyle(document.body).fontSize)"
            )
            phone.click("text=大字版")
            phone.wait_for_url(live_server.url + detail_path)
            large_size = phone.evaluate(
                "() => parseFloat(getComputedStyle(document.body).fontSize)"
            )
            phone.screenshot(path=str(artifacts / "decision-large-print.png"), full_page=True)
            assert large_size >= normal_size * 1.3
            assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE_WIDTH
        finally:
            browser.close()

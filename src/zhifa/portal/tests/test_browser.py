"""End-to-end check in Debian's chromium: back office login, then public verification.

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
            page.click(".search button[type=submit]")
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

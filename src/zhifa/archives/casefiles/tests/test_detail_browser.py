"""The case file page on a 375 px wide phone screen in Debian's chromium: no sideways scroll.

Run with ``pytest -m browser``. Without /usr/bin/chromium the test is skipped, unless
ZHIFA_REQUIRE_BROWSER=1 makes it fail instead.
"""

from typing import TYPE_CHECKING, Any

import pytest
from django.urls import reverse

from zhifa.archives.casefiles.tests.builders import make_archivist
from zhifa.archives.disposition.tests.conftest import expired_case_file
from zhifa.cases.tests.test_browser_case import CHROMIUM, CHROMIUM_ARGS, _require_chromium
from zhifa.conftest import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

PHONE: "ViewportSize" = {"width": 375, "height": 812}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_case_file_page_fits_phone(
    live_server: Any,
    transactional_db: None,
    make_user: Any,
    agency_a: Any,
    officer_user: Any,
) -> None:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    # Database work happens before Playwright starts, whose event loop blocks ORM calls here.
    archivist = make_archivist(make_user, agency_a)
    case_file = expired_case_file(agency_a, officer_user, "青市监罚〔2026〕41号")
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport=PHONE)
            page.goto(base + reverse("accounts:login"))
            page.fill("input[name=username]", archivist.username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(base + reverse("backoffice:home"))

            page.goto(base + reverse("archives:case_file_detail", args=[case_file.pk]))
            page.wait_for_selector(".digest")
            page_width = page.evaluate("() => document.documentElement.scrollWidth")
            digest_right = page.evaluate(
                "() => document.querySelector('.digest').getBoundingClientRect().right"
            )
        finally:
            browser.close()

    assert digest_right <= PHONE["width"]
    assert page_width <= PHONE["width"]

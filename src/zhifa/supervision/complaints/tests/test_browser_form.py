"""The complaint form in Debian's chromium on a 375-pixel phone screen, standard and large print.

Run with ``pytest -m browser``. Without /usr/bin/chromium the test is skipped, unless
ZHIFA_REQUIRE_BROWSER=1 makes it fail instead.
"""

from typing import Any

import pytest
from django.urls import reverse

from zhifa.portal.tests.test_browser import CHROMIUM, CHROMIUM_ARGS, _require_chromium

PHONE_WIDTH = 375


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_form_fits_phone_width(live_server: Any, transactional_db: None) -> None:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": PHONE_WIDTH, "height": 800})
            for large_print in ("0", "1"):
                switch = reverse("portal:large_print")
                page.goto(f"{live_server.url}{switch}?on={large_print}&next=/complaints/")
                textarea = page.locator("#id_content")
                radio = page.locator("#id_kind_0")
                button = page.get_by_role("button", name="提交")

                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= PHONE_WIDTH, (large_print, width)
                textarea_box = textarea.bounding_box()
                assert textarea_box is not None
                assert textarea_box["x"] + textarea_box["width"] <= PHONE_WIDTH, large_print
                radio_box = radio.bounding_box()
                label_box = page.locator('label[for="id_kind_0"]').bounding_box()
                assert radio_box is not None
                assert label_box is not None
                assert radio_box["width"] < 40, large_print
                assert label_box["width"] < PHONE_WIDTH / 2, large_print
                colour = button.evaluate("b => getComputedStyle(b).backgroundColor")
                assert colour == "rgb(179, 38, 30)", large_print
        finally:
            browser.close()

"""The record page on a 390x844 phone screen in Debian's chromium: nothing wider than the screen.

Run with ``pytest -m browser``. Without /usr/bin/chromium the test is skipped, unless
ZHIFA_REQUIRE_BROWSER=1 makes it fail instead. The screenshot goes to test-artifacts/.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.urls import reverse

from zhifa.cases.models import CaseKind
from zhifa.cases.tests.steps_support import World, at, build_world
from zhifa.cases.tests.test_browser_case import CHROMIUM, CHROMIUM_ARGS, _require_chromium
from zhifa.coercion.tests.support import open_kind
from zhifa.conftest import PASSWORD
from zhifa.evidence.tests.records_support import make_record

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

PHONE: "ViewportSize" = {"width": 390, "height": 844}
LONG_TITLE = "查封扣押无证无照经营的食品加工作坊及其生产工具原料和成品案" * 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_record_page_fits_phone(
    live_server: Any,
    transactional_db: None,
    agency_a: Any,
    agency_head_user: Any,
    officer_user: Any,
) -> None:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    # Database work happens before Playwright starts, whose event loop blocks ORM calls here.
    world: World = build_world(agency_a, agency_head_user, officer_user)
    case = open_kind(world, CaseKind.COERCIVE_MEASURE, title=LONG_TITLE)
    record = make_record(agency_a, officer_user, at(11, 2, 10), at(11, 2, 11), case=case)
    officer_user.full_name = "欧阳长名字测试执法人员"
    officer_user.save(update_fields=["full_name"])
    artifacts = Path(settings.PROJECT_DIR) / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport=PHONE)
            page.goto(base + reverse("accounts:login"))
            page.fill("input[name=username]", officer_user.username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(base + reverse("backoffice:home"))

            page.goto(base + reverse("evidence:record_detail", args=[record.pk]))
            page.wait_for_selector(".evidence-watermark")
            page_width = page.evaluate("() => document.documentElement.scrollWidth")
            player = page.evaluate(
                "() => { const r = document.querySelector('.evidence-player')"
                ".getBoundingClientRect(); return [r.left, r.right]; }"
            )
            clipped = page.evaluate(
                "() => getComputedStyle(document.querySelector('.evidence-player')).overflow"
            )
            page.screenshot(path=str(artifacts / "evidence-record-phone.png"), full_page=True)
        finally:
            browser.close()

    assert page_width <= PHONE["width"]
    assert player[0] >= 0
    assert player[1] <= PHONE["width"]
    assert clipped == "hidden"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_cancel_hidden_before_start(
    live_server: Any, transactional_db: None, officer_user: Any
) -> None:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport=PHONE)
            page.goto(base + reverse("accounts:login"))
            page.fill("input[name=username]", officer_user.username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(base + reverse("backoffice:home"))

            page.goto(base + reverse("evidence:record_upload"))
            page.wait_for_selector("#upload-start")
            cancel_visible = page.is_visible("#upload-cancel")
            start_visible = page.is_visible("#upload-start")
        finally:
            browser.close()

    assert start_visible
    assert not cancel_visible

"""Playing a video record with seeking in Debian's chromium, through the player page.

Run with ``pytest -m browser``. Without /usr/bin/chromium the test is skipped, unless
ZHIFA_REQUIRE_BROWSER=1 makes it fail instead. The screenshot goes to test-artifacts/.
"""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from zhifa.accounts.roles import Role
from zhifa.cases.tests.test_browser_case import CHROMIUM, CHROMIUM_ARGS, _require_chromium
from zhifa.conftest import PASSWORD
from zhifa.evidence.models import AccessAction, AccessLog
from zhifa.evidence.tests.access_support import record_from_file
from zhifa.evidence.tests.media_support import make_video


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_video_plays_and_seeks(
    live_server: Any, transactional_db: None, agency_a: Any, make_user: Any, tmp_path: Path
) -> None:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    # Database work happens before Playwright starts, whose event loop blocks ORM calls here.
    user = make_user("officer_player", Role.OFFICER, agency=agency_a)
    user.full_name = "张三"
    user.save(update_fields=["full_name"])
    record = record_from_file(agency_a, user, make_video(tmp_path / "clip.mp4", 4))
    artifacts = Path(settings.PROJECT_DIR) / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})
            page.goto(base + reverse("accounts:login"))
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(base + reverse("backoffice:home"))

            page.goto(base + reverse("evidence:record_player", args=[record.pk]))
            page.fill("textarea[name=purpose]", "复核现场检查过程是否规范")
            page.click("button:has-text('开始调阅')")
            page.wait_for_selector("video")
            page.wait_for_function("() => document.querySelector('video').readyState >= 1")
            duration = page.evaluate("() => document.querySelector('video').duration")
            page.evaluate("() => { document.querySelector('video').currentTime = 3; }")
            page.wait_for_function(
                "() => { const v = document.querySelector('video');"
                " return !v.seeking && v.readyState >= 2 && v.currentTime >= 2.9; }"
            )
            overlay = page.inner_text(".evidence-watermark")
            page.screenshot(path=str(artifacts / "evidence-player.png"), full_page=True)
        finally:
            browser.close()

    assert duration == pytest.approx(4, abs=0.3)
    assert "张三（officer_player）" in overlay
    logged = list(AccessLog.objects.filter(record=record).values_list("action", flat=True))
    assert logged == [AccessAction.STREAM]

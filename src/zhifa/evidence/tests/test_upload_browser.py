"""Uploading a video to a case through the upload page in Debian's chromium.

The first chunk request is cut off by the browser (as a dropped connection would), so the page
must ask the server for its offset and resume. Run with ``pytest -m browser``; without
/usr/bin/chromium the test is skipped unless ZHIFA_REQUIRE_BROWSER=1.
"""

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from zhifa.accounts.roles import Role
from zhifa.cases.tests.test_browser_case import CHROMIUM, CHROMIUM_ARGS, _require_chromium
from zhifa.conftest import PASSWORD
from zhifa.evidence.tests.media_support import make_video
from zhifa.evidence.tests.upload_support import upload_world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_page_resumes_and_stores(
    live_server: Any, transactional_db: None, agency_a: Any, make_user: Any, tmp_path: Path
) -> None:
    _require_chromium()
    from playwright.sync_api import Route, sync_playwright

    from zhifa.evidence.models import AccessAction, AvRecord, SceneType

    # Database work happens before Playwright starts, whose event loop blocks ORM calls here.
    user = make_user("officer_uploader", Role.OFFICER, agency=agency_a)
    head = make_user("head_uploader", Role.AGENCY_HEAD, agency=agency_a)
    world = upload_world(agency_a, head, user)
    video = make_video(tmp_path / "现场检查.mp4", 3, "2026-12-05T14:03:20Z")
    scene = SceneType.objects.get(agency=None, code="on_site_inspection")
    base = live_server.url
    dropped: list[str] = []

    def drop_first_chunk(route: Route) -> None:
        if route.request.method == "PUT" and not dropped:
            dropped.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1200})
            page.goto(base + reverse("accounts:login"))
            page.fill("input[name=username]", user.username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(base + reverse("backoffice:home"))

            page.route("**/api/evidence/uploads/*/content", drop_first_chunk)
            page.goto(base + reverse("evidence:record_upload") + f"?case={world.case.pk}")
            page.set_input_files("input[name=file]", str(video))
            page.select_option("select[name=scene]", str(scene.pk))
            page.select_option("select[name=device]", str(world.device.pk))
            for officer in world.officers:
                page.check(f"input[name=officers][value='{officer.pk}']")
            page.fill("input[name=place]", "朱家角镇新风路1号门前")
            page.check("input[name=party_informed][value=true]")
            page.click("#upload-start")
            page.wait_for_url(base + "/office/evidence/records/*/", timeout=30000)

            # The record page plays the uploaded video; seek in it.
            page.wait_for_function("() => document.querySelector('video').readyState >= 1")
            duration = page.evaluate("() => document.querySelector('video').duration")
            page.evaluate("() => { document.querySelector('video').currentTime = 2; }")
            page.wait_for_function(
                "() => { const v = document.querySelector('video');"
                " return !v.seeking && v.readyState >= 2 && v.currentTime >= 1.9; }"
            )
        finally:
            browser.close()

    assert dropped
    record = AvRecord.objects.get()
    assert record.filename == "现场检查.mp4"
    assert record.case == world.case
    assert record.size == video.stat().st_size
    assert duration == pytest.approx(3, abs=0.3)
    # The page view is logged once; the stream requests it makes ride on that entry's token.
    assert list(record.access_log.values_list("action", flat=True)) == [AccessAction.VIEW]

"""End to end in Debian's chromium: an agency files its monthly report, the bureau accepts it.

Run with ``pytest -m browser``. Without /usr/bin/chromium the test is skipped, unless
ZHIFA_REQUIRE_BROWSER=1 makes it fail instead. Screenshots go to test-artifacts/.
"""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from zhifa.accounts.roles import Role
from zhifa.conftest import PASSWORD
from zhifa.portal.tests.test_browser import CHROMIUM, CHROMIUM_ARGS, _require_chromium
from zhifa.supervision.reports.models import MonthlyReport, MonthlyStatus


@pytest.fixture
def artifacts() -> Path:
    folder = Path(settings.PROJECT_DIR) / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + reverse("backoffice:home"))


@pytest.mark.browser
# serialized_rollback restores the rows that data migrations made (role groups, the calendar,
# rule parameters) when the transactional test starts.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_agency_files_and_bureau_accepts(
    live_server: Any,
    transactional_db: None,
    agency_a: Any,
    supervisor_user: Any,
    make_user: Any,
    artifacts: Path,
) -> None:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    # All database work happens before Playwright starts, because its event loop makes
    # Django refuse ORM calls from this thread.
    preparer = make_user("tianbao_browser", Role.REVIEWER, agency=agency_a)
    base = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_context().new_page()
            _log_in(page, base, preparer.username)
            page.goto(base + reverse("reports:monthly_list"))
            page.click("text=打开或生成")
            page.wait_for_selector("#report-status")
            assert page.inner_text("#report-status") == "草稿"
            page.fill("#report-notes", "本月无异常情况。")
            page.click("text=保存说明")
            page.click("text=核对无误")
            assert page.inner_text("#report-status") == "已核对"
            page.click("text=报送区司法局")
            assert page.inner_text("#report-status") == "已报送"
            detail_url = page.url
            page.screenshot(path=str(artifacts / "monthly-report-filed.png"), full_page=True)

            bureau = browser.new_context().new_page()
            _log_in(bureau, base, supervisor_user.username)
            bureau.goto(detail_url)
            bureau.fill("#accept-comment", "已接收。")
            bureau.click("button:has-text('接收')")
            assert bureau.inner_text("#report-status") == "已接收"
            bureau.screenshot(path=str(artifacts / "monthly-report-accepted.png"), full_page=True)
        finally:
            browser.close()

    report = MonthlyReport.objects.get(agency=agency_a)
    assert report.status == MonthlyStatus.ACCEPTED
    assert report.notes == "本月无异常情况。"
    assert list(report.events.values_list("action", flat=True)) == [
        "monthly_report_created",
        "monthly_report_notes_saved",
        "monthly_report_checked",
        "monthly_report_filed",
        "monthly_report_accepted",
    ]

"""An archivist archives a closed case and hands it over, in Debian's chromium (Playwright).

The downloaded package is then checked offline by its own verifier, with the system Python and
no access to the platform. Run with ``pytest -m browser``; without /usr/bin/chromium the test is
skipped, unless ZHIFA_REQUIRE_BROWSER=1 makes it fail instead.
"""

import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from zhifa.archives.casefiles import assembly
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.casefiles.tests.builders import case_with_records, make_archivist
from zhifa.archives.handover.tests.support import sign_head
from zhifa.cases.models import CaseKind
from zhifa.cases.tests.test_browser_case import CHROMIUM, CHROMIUM_ARGS, _require_chromium
from zhifa.conftest import PASSWORD


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + reverse("backoffice:home"))


def _archive_in_browser(base: str, username: str, case_file_pk: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            _log_in(page, base, username)
            page.goto(base + reverse("archives:case_file_list"))
            page.click(f"a[href='{reverse('archives:case_file_detail', args=[case_file_pk])}']")
            page.click("text=预览并归档")
            page.wait_for_selector("text=行政处罚决定书")
            page.click("button:has-text('确认归档')")
            page.wait_for_selector("text=案卷已归档")
        finally:
            browser.close()


def _export_in_browser(base: str, username: str, archive_code: str, target: Path) -> Path:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(accept_downloads=True)
            _log_in(page, base, username)
            page.goto(base + reverse("handover:handover_create"))
            page.check(f"label:has-text('{archive_code}') input[type=checkbox]")
            page.click("button:has-text('生成数据包')")
            page.wait_for_selector("text=已生成")
            with page.expect_download() as download_info:
                page.click("text=下载数据包")
            download = download_info.value
            saved = target / "package.zip"
            download.save_as(saved)
        finally:
            browser.close()
    return saved


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_archivist_archives_and_exports(
    live_server: Any,
    transactional_db: None,
    make_user: Any,
    agency_a: Any,
    officer_user: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    _require_chromium()
    settings.ZHIFA_ARCHIVE_EXPORT_DIR = tmp_path / "handover"
    # Database work happens outside Playwright, whose event loop blocks ORM calls.
    archivist = make_archivist(make_user, agency_a)
    case = case_with_records(agency_a, officer_user, CaseKind.PENALTY_ORDINARY, "青罚〔2026〕9号")
    case_file = assembly.open_case_file(case)

    _archive_in_browser(live_server.url, archivist.username, case_file.pk)

    case_file = CaseFile.objects.get(pk=case_file.pk)
    assert case_file.status == CaseFileStatus.ARCHIVED
    # The package proves the archive entry against a signed tree head, signed daily.
    sign_head()

    saved = _export_in_browser(
        live_server.url, archivist.username, case_file.archive_code, tmp_path
    )

    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(saved) as archive:
        archive.extractall(unpacked)
    (root,) = [path for path in unpacked.iterdir() if path.is_dir()]
    result = subprocess.run(  # noqa: S603 - the package's own verifier on our own package
        [sys.executable, str(root / "verify_package.py"), str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "核验通过" in result.stdout

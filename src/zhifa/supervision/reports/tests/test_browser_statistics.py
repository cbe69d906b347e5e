"""The public statistics page in Debian's chromium, on a 375px wide screen with 47 agencies.

Run with ``pytest -m browser``. Without /usr/bin/chromium the test is skipped, unless
ZHIFA_REQUIRE_BROWSER=1 makes it fail instead. The screenshot goes to test-artifacts/.
"""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from zhifa.agencies.models import Agency
from zhifa.portal.tests.test_browser import CHROMIUM, CHROMIUM_ARGS, _require_chromium
from zhifa.supervision.reports.figures import as_json, empty_figures
from zhifa.supervision.reports.models import AnnualReport, AnnualStatus, PublishedAnnualReport

AGENCIES = 47


def _publish_snapshots(template: Agency) -> None:
    """Publish 2025 data for 47 agencies, with cases in every agency and all else zero."""
    for index in range(AGENCIES):
        agency = Agency.objects.create(
            name=f"上海市青浦区测试执法单位第{index + 1}号",
            short_name=f"测试单位{index + 1}",
            kind=template.kind,
            sort_order=index,
        )
        figures = empty_figures()
        figures["cases_opened"] = index + 1
        figures["cases_closed"] = index
        report = AnnualReport.objects.create(
            agency=agency, year=2025, status=AnnualStatus.PUBLISHED, figures=as_json(figures)
        )
        PublishedAnnualReport.objects.create(
            report=report,
            year=2025,
            agency_id_public=agency.pk,
            agency_name=agency.name,
            agency_short_name=agency.short_name,
            sort_order=index,
            figures=report.figures,
            published_at=report.created_at,
        )


@pytest.mark.browser
# serialized_rollback restores the rows that data migrations made when the test starts.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_statistics_chart_on_phone(
    live_server: Any, transactional_db: None, agency_a: Agency
) -> None:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    _publish_snapshots(agency_a)
    folder = Path(settings.PROJECT_DIR) / "test-artifacts"
    folder.mkdir(exist_ok=True)
    url = live_server.url + reverse("public_reports:year", args=[2025])

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
            page.goto(url)
            page.wait_for_selector("#chart-0 canvas")
            chart = page.locator("#chart-0").bounding_box()
            notes = page.locator("text=均为0，不绘制图表").count()
            page.locator("#chart-0").screenshot(path=str(folder / "statistics_375px.png"))
        finally:
            browser.close()

    assert chart is not None
    # Each agency gets its own row of at least 20px, so the 47 labels cannot overlap.
    assert chart["height"] >= AGENCIES * 20
    assert chart["width"] <= 375
    assert notes == 4

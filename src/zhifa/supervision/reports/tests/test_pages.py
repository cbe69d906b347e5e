"""The report pages, the workbooks and the public statistics pages."""

import datetime
import io
import itertools
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.supervision.reports.actions import annual, monthly
from zhifa.supervision.reports.district import district_report
from zhifa.supervision.reports.export import district_workbook, monthly_workbook
from zhifa.supervision.reports.figures import from_json
from zhifa.supervision.reports.metrics import METRICS
from zhifa.supervision.reports.models import MonthlyReport
from zhifa.supervision.reports.tests.support import at, case, penalty, step

TODAY = datetime.date(2026, 4, 20)
# Annual data may be compiled once its year has ended by the real date too, so these tests
# use a year that ended before the tests were written.
ANNUAL_TODAY = datetime.date(2026, 1, 10)


def _login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def filed(make_user: Any, agency_a: Agency, agency_b: Agency) -> dict[int, MonthlyReport]:
    """Both agencies' March reports filed, with fines of 100 and 250.50 yuan."""
    reports = {}
    for agency, fine in ((agency_a, "100"), (agency_b, "250.50")):
        preparer = make_user(f"preparer_{agency.pk}", Role.REVIEWER, agency=agency)
        opened = case(agency, "penalty_summary", datetime.date(2026, 3, 2))
        step(opened, "on_the_spot_decision", at(3, 2), penalty(["fine"], fine))
        report = monthly.open_monthly(preparer, agency, 2026, 3, TODAY)
        monthly.check_monthly(preparer, report)
        reports[agency.pk] = monthly.file_monthly(preparer, report)
    return reports


def test_district_total_equals_rows(filed: dict[int, MonthlyReport]) -> None:
    report = district_report(2026, 3)

    for code in METRICS:
        assert report.total[code] == sum(row.figures[code] for row in report.rows if row.figures)
    assert report.total["fine_total"] == Decimal("350.50")
    assert report.not_filed == []


def test_district_leaves_out_draft(filed: dict[int, MonthlyReport], agency_b: Agency) -> None:
    MonthlyReport.objects.filter(agency=agency_b).update(status="returned")

    report = district_report(2026, 3)

    assert report.total["fine_total"] == Decimal("100")
    assert [row.agency.pk for row in report.not_filed] == [agency_b.pk]


def test_district_workbook_totals(filed: dict[int, MonthlyReport], supervisor_user: User) -> None:
    book = load_workbook(io.BytesIO(district_workbook(supervisor_user, district_report(2026, 3))))
    sheet = book["执法决定"]
    header = [cell.value for cell in sheet[3]]
    column = header.index("罚款金额（元）") + 1
    cells = {
        str(sheet.cell(row=r, column=1).value): sheet.cell(row=r, column=column)
        for r in range(4, 7)
    }
    amounts = {name: Decimal(str(cell.value)) for name, cell in cells.items()}

    assert sheet["A1"].value == "2026年3月全区行政执法数据汇总表（执法决定）"
    assert amounts["全区合计"] == Decimal("350.5")
    assert amounts["上海市青浦区朱家角镇人民政府"] + amounts[
        "上海市青浦区市场监督管理局"
    ] == Decimal("350.5")
    assert cells["全区合计"].number_format == "#,##0.00"
    assert sheet.freeze_panes == "C4"
    assert sheet.print_title_rows == "$3:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1


def test_monthly_workbook_lines(
    filed: dict[int, MonthlyReport], agency_a: Agency, supervisor_user: User
) -> None:
    report = filed[agency_a.pk]
    sheet = load_workbook(io.BytesIO(monthly_workbook(supervisor_user, report))).worksheets[0]
    values = {row[1].value: row[3].value for row in sheet.iter_rows(min_row=4) if len(row) > 3}

    assert "上海市青浦区朱家角镇人民政府" in str(sheet["A2"].value)
    assert values["罚款金额"] == 100
    assert values["处罚种类：罚款"] == 1
    assert values["公示及时率"] == "—"


def test_pages_render(
    filed: dict[int, MonthlyReport], agency_a: Agency, supervisor_user: User
) -> None:
    client = _login(supervisor_user)
    report = filed[agency_a.pk]

    assert client.get(reverse("reports:monthly_list") + "?month=2026-03").status_code == 200
    detail = client.get(reverse("reports:monthly_detail", args=[report.pk]))
    assert "接收" in detail.content.decode()
    district = client.get(reverse("reports:district") + "?month=2026-03&section=执法决定")
    assert "350.50" in district.content.decode() or "350.5" in district.content.decode()
    export = client.get(reverse("reports:district_export") + "?month=2026-03")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_supervisor_accepts_through_page(
    filed: dict[int, MonthlyReport], agency_a: Agency, supervisor_user: User
) -> None:
    report = filed[agency_a.pk]

    _login(supervisor_user).post(reverse("reports:monthly_accept", args=[report.pk]))

    report.refresh_from_db()
    assert report.status == "accepted"


def test_other_agency_gets_404(
    filed: dict[int, MonthlyReport], agency_b: Agency, officer_user: User
) -> None:
    client = _login(officer_user)

    assert (
        client.get(reverse("reports:monthly_detail", args=[filed[agency_b.pk].pk])).status_code
        == 404
    )


def test_officer_may_not_view_district(officer_user: User) -> None:
    assert _login(officer_user).get(reverse("reports:district")).status_code == 403


def test_preparer_may_not_accept_page(filed: dict[int, MonthlyReport], agency_a: Agency) -> None:
    preparer = User.objects.get(username=f"preparer_{agency_a.pk}")
    response = _login(preparer).post(
        reverse("reports:monthly_accept", args=[filed[agency_a.pk].pk])
    )

    assert response.status_code == 403


def test_portal_shows_only_published(
    filed: dict[int, MonthlyReport], agency_a: Agency, agency_b: Agency, agency_head_user: User
) -> None:
    preparer = User.objects.get(username=f"preparer_{agency_a.pk}")
    published = annual.compile_annual(preparer, agency_a, 2025, ANNUAL_TODAY)
    annual.publish_annual(agency_head_user, published)
    other = User.objects.get(username=f"preparer_{agency_b.pk}")
    annual.compile_annual(other, agency_b, 2025, ANNUAL_TODAY)
    public = Client()

    years = public.get(reverse("public_reports:years")).content.decode()
    page = public.get(reverse("public_reports:year", args=[2025])).content.decode()

    assert "2025年度" in years
    assert agency_a.name in page
    assert agency_b.name not in page
    assert "echarts.min.js" in page
    assert public.get(reverse("public_reports:year", args=[2024])).status_code == 404


def test_published_snapshot_not_recompiled(
    filed: dict[int, MonthlyReport], agency_a: Agency, agency_head_user: User
) -> None:
    preparer = User.objects.get(username=f"preparer_{agency_a.pk}")
    case(agency_a, "penalty_summary", datetime.date(2025, 3, 2))
    report = annual.compile_annual(preparer, agency_a, 2025, ANNUAL_TODAY)
    annual.publish_annual(agency_head_user, report)
    june = at(6, 1, year=2025)
    step(case(agency_a, "inspection", datetime.date(2025, 6, 1)), "inspection_result", june)

    with pytest.raises(Exception, match="已发布"):
        annual.compile_annual(preparer, agency_a, 2025, ANNUAL_TODAY)
    report.refresh_from_db()
    assert from_json(report.snapshot.figures)["cases_opened"] == 1


class _Headings(HTMLParser):
    """Collect (level, text) of every h1 to h6 of a page, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self._level: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self._level = int(tag[1])
            self.headings.append((self._level, ""))

    def handle_endtag(self, tag: str) -> None:
        if self._level is not None and tag == f"h{self._level}":
            self._level = None

    def handle_data(self, data: str) -> None:
        if self._level is not None:
            level, text = self.headings[-1]
            self.headings[-1] = (level, text + data.strip())


def _publish_2025(agency: Agency, head: User) -> None:
    preparer = User.objects.get(username=f"preparer_{agency.pk}")
    report = annual.compile_annual(preparer, agency, 2025, ANNUAL_TODAY)
    annual.publish_annual(head, report)


def test_portal_headings_in_order(
    filed: dict[int, MonthlyReport], agency_a: Agency, agency_head_user: User
) -> None:
    _publish_2025(agency_a, agency_head_user)
    parser = _Headings()

    parser.feed(Client().get(reverse("public_reports:year", args=[2025])).content.decode())

    levels = [level for level, _ in parser.headings]
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, parser.headings
    titles = {text: level for level, text in parser.headings}
    assert titles["合计数据明细"] == 3
    assert titles["案件"] == 4
    assert titles["比率"] == 4


def test_portal_says_when_chart_all_zero(
    filed: dict[int, MonthlyReport], agency_a: Agency, agency_head_user: User
) -> None:
    _publish_2025(agency_a, agency_head_user)

    page = Client().get(reverse("public_reports:year", args=[2025])).content.decode()

    assert page.count("均为0，不绘制图表") == 5
    assert 'id="chart-' not in page


def test_portal_chart_uses_short_names(
    filed: dict[int, MonthlyReport], agency_a: Agency, agency_head_user: User
) -> None:
    case(agency_a, "penalty_summary", datetime.date(2025, 3, 2))
    _publish_2025(agency_a, agency_head_user)

    response = Client().get(reverse("public_reports:year", args=[2025]))
    page = response.content.decode()
    charts = response.context["charts"]

    assert 'id="chart-0"' in page
    assert page.count("均为0，不绘制图表") == 4
    assert charts[0]["agencies"] == [agency_a.short_name]
    assert charts[0]["names"] == [agency_a.name]
    assert charts[0]["height"] > charts[4]["height"]

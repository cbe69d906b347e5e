"""The district's monthly report: one row per agency, and a total that is their sum.

An agency row shows the frozen figures of a filed or accepted report. An agency whose report
is missing, a draft or returned shows no figures and is listed as not filed. The total row
adds up exactly the rows shown, so it always equals the sum of the parts.
"""

from dataclasses import dataclass, field

from zhifa.agencies.models import Agency
from zhifa.supervision.reports.figures import Figures, from_json, sum_figures
from zhifa.supervision.reports.models import FROZEN_STATUSES, MonthlyReport


@dataclass
class DistrictRow:
    agency: Agency
    report: MonthlyReport | None
    figures: Figures | None

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report is not None else "未生成"


@dataclass
class DistrictReport:
    year: int
    month: int
    rows: list[DistrictRow]
    total: Figures
    not_filed: list[DistrictRow] = field(default_factory=list)

    @property
    def filed_count(self) -> int:
        return len(self.rows) - len(self.not_filed)


def district_report(year: int, month: int) -> DistrictReport:
    """Build the district report of the month from the reports as they stand (two queries)."""
    reports = {
        report.agency_id: report for report in MonthlyReport.objects.filter(year=year, month=month)
    }
    rows = []
    for agency in Agency.objects.order_by("sort_order", "pk"):
        report = reports.get(agency.pk)
        frozen = None
        if report is not None and report.status in FROZEN_STATUSES:
            frozen = from_json(report.figures)
        rows.append(DistrictRow(agency, report, frozen))
    filed = [row.figures for row in rows if row.figures is not None]
    return DistrictReport(
        year=year,
        month=month,
        rows=rows,
        total=sum_figures(filed),
        not_filed=[row for row in rows if row.figures is None],
    )

"""Differences between a frozen report's figures and the same figures compiled today.

A filed or published report never changes. When the data behind it changes later (a late
entry, a correction), its page lists each figure whose live value differs from the frozen one.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from zhifa.supervision.reports import figures as report_figures
from zhifa.supervision.reports.deadlines import month_bounds
from zhifa.supervision.reports.metrics import METRICS, Metric
from zhifa.supervision.reports.models import AnnualReport, MonthlyReport


@dataclass(frozen=True)
class Difference:
    metric: Metric
    frozen: int | Decimal
    live: int | Decimal

    @property
    def change(self) -> int | Decimal:
        return self.live - self.frozen


def period_of(report: MonthlyReport | AnnualReport) -> tuple[datetime.date, datetime.date]:
    if isinstance(report, MonthlyReport):
        return month_bounds(report.year, report.month)
    return datetime.date(report.year, 1, 1), datetime.date(report.year, 12, 31)


def differences(report: MonthlyReport | AnnualReport, today: datetime.date) -> list[Difference]:
    """Compile the report's period again and list the figures that changed, in registry order."""
    starts_on, ends_on = period_of(report)
    live = report_figures.compile_figures([report.agency_id], starts_on, ends_on, today)
    frozen = report_figures.from_json(report.figures)
    current = live[report.agency_id]
    return [
        Difference(metric, frozen[code], current[code])
        for code, metric in METRICS.items()
        if frozen[code] != current[code]
    ]

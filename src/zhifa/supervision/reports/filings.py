"""Timeliness of monthly report filings, for alerts and the year-end assessment.

A month is due once its filing deadline has passed (``deadlines.monthly_due_on``); a month
whose deadline cannot be counted yet (待定) is not due. A report counts as filed on time when
its first filing falls on or before the deadline (Shanghai date), even if the bureau later
returned it.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from zhifa.agencies.models import Agency
from zhifa.core.workdays import shanghai_date
from zhifa.review.figures import FIRST_YEAR
from zhifa.supervision.reports.deadlines import annual_due_on, capped_today, monthly_due_on
from zhifa.supervision.reports.models import (
    AnnualReport,
    AnnualStatus,
    MonthlyReport,
    MonthlyStatus,
)


@dataclass(frozen=True)
class FilingTimeliness:
    """An agency's monthly reports of one year whose filing deadline has passed."""

    due: int = 0
    filed_on_time: int = 0
    filed_late: int = 0
    unfiled: int = 0


@dataclass(frozen=True)
class OverdueFiling:
    """A monthly report past its filing deadline and not yet filed (or returned, not refiled)."""

    agency_id: int
    year: int
    month: int
    due_on: datetime.date
    url: str


@dataclass(frozen=True)
class OverdueAnnualReport:
    """An agency whose annual data of ``year`` was not published by 31 January."""

    agency_id: int
    year: int
    due_on: datetime.date
    url: str


# Statuses in which a report is with the bureau, or was accepted by it.
FILED_STATUSES = frozenset({MonthlyStatus.FILED, MonthlyStatus.ACCEPTED})


def _due_months(year: int, today: datetime.date) -> dict[int, datetime.date]:
    """Return the months of ``year`` whose deadline is before ``today``, with the deadline.

    ``today`` is capped at the real Shanghai date, so a future day makes no month due early.
    """
    day = capped_today(today)
    due: dict[int, datetime.date] = {}
    for month in range(1, 13):
        due_on = monthly_due_on(year, month) if datetime.date(year, month, 1) < day else None
        if due_on is not None and due_on < day:
            due[month] = due_on
    return due


def filing_timeliness(
    agency_ids: Iterable[int], year: int, today: datetime.date
) -> dict[int, FilingTimeliness]:
    """Count each agency's due months of ``year``: filed on time, filed late, not filed."""
    ids = sorted(set(agency_ids))
    due = _due_months(year, today)
    first_filed: dict[tuple[int, int], datetime.date] = {}
    reports = MonthlyReport.objects.filter(
        agency_id__in=ids, year=year, month__in=list(due), first_filed_at__isnull=False
    )
    for report in reports.only("agency_id", "month", "first_filed_at"):
        if report.first_filed_at is not None:
            first_filed[(report.agency_id, report.month)] = shanghai_date(report.first_filed_at)

    result: dict[int, FilingTimeliness] = {}
    for agency_id in ids:
        on_time = late = unfiled = 0
        for month, due_on in due.items():
            filed_on = first_filed.get((agency_id, month))
            if filed_on is None:
                unfiled += 1
            elif filed_on <= due_on:
                on_time += 1
            else:
                late += 1
        result[agency_id] = FilingTimeliness(len(due), on_time, late, unfiled)
    return result


def _months_to_watch(day: datetime.date) -> list[tuple[int, int]]:
    """Return the months of this year and last year ended by ``day``, from the first report.

    Reporting starts with the first report on the platform (the daily job drafts one for every
    agency each month), so months before it are not asked for. Reports of months before
    ``FIRST_YEAR`` are ignored: the actions reject such months, so these rows predate that
    check (a draft of December 1899 would otherwise make every month overdue).
    """
    this_month = (day.year, day.month)
    first = (
        MonthlyReport.objects.filter(year__gte=FIRST_YEAR)
        .order_by("year", "month")
        .values_list("year", "month")
        .first()
    )
    if first is None or first >= this_month:
        return []
    months = []
    for year in (day.year - 1, day.year):
        for month in range(1, 13):
            if first <= (year, month) < this_month:
                months.append((year, month))
    return months


def overdue_filings(today: datetime.date) -> list[OverdueFiling]:
    """List every agency's monthly reports past the deadline and not filed.

    Months of this year and last year are watched, judged on ``today`` capped at the real
    Shanghai date. A returned report not yet refiled is overdue too once the deadline has
    passed.
    """
    day = capped_today(today)
    deadlines = {}
    for year, month in _months_to_watch(day):
        due_on = monthly_due_on(year, month)
        if due_on is not None and due_on < day:
            deadlines[(year, month)] = due_on
    if not deadlines:
        return []

    years = sorted({year for year, _ in deadlines})
    filed = set(
        MonthlyReport.objects.filter(year__in=years, status__in=FILED_STATUSES).values_list(
            "agency_id", "year", "month"
        )
    )
    report_ids = {
        (agency_id, year, month): pk
        for pk, agency_id, year, month in MonthlyReport.objects.filter(year__in=years).values_list(
            "pk", "agency_id", "year", "month"
        )
    }
    overdue = []
    for agency_id in Agency.objects.order_by("sort_order", "pk").values_list("pk", flat=True):
        for (year, month), due_on in sorted(deadlines.items()):
            if (agency_id, year, month) in filed:
                continue
            pk = report_ids.get((agency_id, year, month))
            url = (
                reverse("reports:monthly_detail", args=[pk])
                if pk is not None
                else reverse("reports:monthly_list") + f"?month={year}-{month:02d}"
            )
            overdue.append(OverdueFiling(agency_id, year, month, due_on, url))
    return overdue


def overdue_annual_reports(today: datetime.date) -> list[OverdueAnnualReport]:
    """List agencies whose last year's annual data was not published by 31 January.

    ``today`` is capped at the real Shanghai date, like the monthly filings.
    """
    day = capped_today(today)
    year = day.year - 1
    due_on = annual_due_on(year)
    if day <= due_on:
        return []
    published = set(
        AnnualReport.objects.filter(year=year, status=AnnualStatus.PUBLISHED).values_list(
            "agency_id", flat=True
        )
    )
    url = reverse("reports:annual_list") + f"?year={year}"
    return [
        OverdueAnnualReport(agency_id, year, due_on, url)
        for agency_id in Agency.objects.order_by("sort_order", "pk").values_list("pk", flat=True)
        if agency_id not in published
    ]

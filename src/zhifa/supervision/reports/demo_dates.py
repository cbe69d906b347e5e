"""Move the demo reports' timestamps to the working days their actions would have happened on.

The actions stamp every step with the current time, so a demo loaded in one go would show
every month filed on the load day, and every report as filed late. The demo drafts each month
on the first working day after it ends, checks it on the second, files it on the third and the
bureau decides on the fourth. The monthly deadline is at least that late, because its parameter
is seeded at 5 working days. A day after the load time is never used: such a step keeps the
load time, which is still before the deadline.

NOTE: the audit log is append-only, so its entries keep the load time.
"""

import datetime
import logging

from django.utils import timezone

from zhifa.core.workdays import SHANGHAI, CalendarNotCovered, add_working_days
from zhifa.supervision.reports.deadlines import month_bounds
from zhifa.supervision.reports.models import (
    AnnualReport,
    MonthlyReport,
    PublishedAnnualReport,
    ReportEvent,
)

logger = logging.getLogger(__name__)

# For each history action: the working day after the month's end it happens on, and the hour.
MONTHLY_SCHEDULE = {
    "monthly_report_created": (1, 8),
    "monthly_report_notes_saved": (2, 9),
    "monthly_report_checked": (2, 10),
    "monthly_report_filed": (3, 15),
    "monthly_report_accepted": (4, 10),
    "monthly_report_returned": (4, 10),
}
# The working day of a filing made late on purpose, after the seeded 5-day deadline.
LATE_FILING_DAY = 7
# For each annual action: the working day of January after the year it covers, and the hour.
ANNUAL_SCHEDULE = {
    "annual_report_compiled": (5, 9),
    "annual_report_notes_saved": (5, 11),
    "annual_report_published": (8, 15),
}


def _moment(
    after: datetime.date, working_days: int, hour: int, latest: datetime.datetime
) -> datetime.datetime:
    day = add_working_days(after, working_days)
    planned = datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)
    return min(planned, latest)


def _latest(today: datetime.date) -> datetime.datetime:
    """Return the latest moment a demo step may carry: now, or the end of ``today`` if earlier."""
    end_of_today = datetime.datetime.combine(today, datetime.time(23, 59), tzinfo=SHANGHAI)
    return min(timezone.now(), end_of_today)


def backdate_monthly(report: MonthlyReport, today: datetime.date, *, late: bool = False) -> None:
    """Move the report's history, and the times it stores, to the demo schedule."""
    _, last = month_bounds(report.year, report.month)
    latest = _latest(today)
    schedule = dict(MONTHLY_SCHEDULE)
    if late:
        schedule["monthly_report_filed"] = (LATE_FILING_DAY, 15)
        schedule["monthly_report_accepted"] = (LATE_FILING_DAY + 1, 10)
        schedule["monthly_report_returned"] = (LATE_FILING_DAY + 1, 10)
    try:
        moments = {
            action: _moment(last, days, hour, latest) for action, (days, hour) in schedule.items()
        }
    except CalendarNotCovered as error:
        logger.warning(
            "demo report %s keeps the load time: year %s not in calendar", report.pk, error.year
        )
        return

    for event in report.events.all():
        if event.action in moments:
            ReportEvent.objects.filter(pk=event.pk).update(occurred_at=moments[event.action])
    created = moments["monthly_report_created"]
    fields: dict[str, datetime.datetime | None] = {"created_at": created, "compiled_at": created}
    if report.first_filed_at is not None:
        fields["first_filed_at"] = moments["monthly_report_filed"]
        fields["filed_at"] = moments["monthly_report_filed"]
    if report.decided_at is not None:
        fields["decided_at"] = moments["monthly_report_accepted"]
    MonthlyReport.objects.filter(pk=report.pk).update(**fields)


def backdate_annual(report: AnnualReport, today: datetime.date) -> None:
    """Move the annual report's history and times to January after its year."""
    december_31 = datetime.date(report.year, 12, 31)
    latest = _latest(today)
    try:
        moments = {
            action: _moment(december_31, days, hour, latest)
            for action, (days, hour) in ANNUAL_SCHEDULE.items()
        }
    except CalendarNotCovered as error:
        logger.warning(
            "demo annual report %s keeps the load time: year %s not in calendar",
            report.pk,
            error.year,
        )
        return

    for event in report.events.all():
        if event.action in moments:
            ReportEvent.objects.filter(pk=event.pk).update(occurred_at=moments[event.action])
    compiled = moments["annual_report_compiled"]
    fields: dict[str, datetime.datetime | None] = {"created_at": compiled, "compiled_at": compiled}
    if report.published_at is not None:
        published = moments["annual_report_published"]
        fields["published_at"] = published
        PublishedAnnualReport.objects.filter(report=report).update(published_at=published)
    AnnualReport.objects.filter(pk=report.pk).update(**fields)

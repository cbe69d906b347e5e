"""The filing deadline of a monthly report: N working days after the month ends.

N is the rule parameter ``reports_monthly_due_working_days`` (seeded at 5, unconfirmed). The
month's last day is not counted, the next working day is day 1, and a deadline in a year the
calendar does not cover is None (待定), never a guess. A month counts as ended only once it
has ended by the real Shanghai date, whatever day a caller passes.
"""

import calendar
import datetime
import logging

from django.utils import timezone

from zhifa.core.rules import parameter
from zhifa.core.workdays import CalendarNotCovered, add_working_days

logger = logging.getLogger(__name__)

DUE_PARAMETER = "reports_monthly_due_working_days"

# Annual data is published by 31 January of the following year (国办发〔2018〕118号).
ANNUAL_DUE_MONTH_DAY = (1, 31)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day of the month."""
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, 1), datetime.date(year, month, last)


def capped_today(today: datetime.date) -> datetime.date:
    """Return ``today``, capped at the real Shanghai date (``timezone.localdate()``).

    Jobs, commands and tests may name any day. Reports and deadlines are judged on this day,
    so a day in the future never makes a month count as ended or a deadline as passed.
    """
    return min(today, timezone.localdate())


def month_has_ended(year: int, month: int, today: datetime.date) -> bool:
    """Return whether the month ended before ``today`` and before the real Shanghai date."""
    _, last = month_bounds(year, month)
    return last < capped_today(today)


def previous_month(today: datetime.date) -> tuple[int, int]:
    """Return the (year, month) of the month before the one ``today`` is in."""
    first = today.replace(day=1)
    before = first - datetime.timedelta(days=1)
    return before.year, before.month


def monthly_due_on(year: int, month: int) -> datetime.date | None:
    """Return the filing deadline of the month's report, or None while it cannot be counted."""
    _, last = month_bounds(year, month)
    days = int(parameter(DUE_PARAMETER))
    try:
        return add_working_days(last, days)
    except CalendarNotCovered as error:
        logger.warning(
            "monthly report deadline of %s-%02d not countable: year %s", year, month, error.year
        )
        return None


def annual_due_on(year: int) -> datetime.date:
    """Return the day by which the annual data of ``year`` must be published."""
    month, day = ANNUAL_DUE_MONTH_DAY
    return datetime.date(year + 1, month, day)

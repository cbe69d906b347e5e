"""Calendar API (/api/calendar): deadlines and working days on the official calendar.

A date in a year whose holiday schedule is not loaded returns 409 with the Chinese message
from ``CalendarNotCovered``; a malformed date returns 400.
"""

import datetime
import logging

from django.http import HttpRequest
from ninja import Query, Router, Schema

from zhifa.core import workdays
from zhifa.core.errors import ValidationFailed

logger = logging.getLogger(__name__)

router = Router(tags=["工作日历"])


class DeadlineQuery(Schema):
    start: str
    days: int
    calendar_days: bool = False


class DeadlineOut(Schema):
    start: datetime.date
    days: int
    calendar_days: bool
    deadline: datetime.date


class WorkingDayOut(Schema):
    date: datetime.date
    working_day: bool


def _shanghai_date(text: str, field: str) -> datetime.date:
    try:
        return workdays.shanghai_date(text)
    except ValueError as error:
        raise ValidationFailed(str(error), field=field) from error


@router.get("/deadline", response=DeadlineOut, summary="计算期限的末日")
def deadline(request: HttpRequest, query: Query[DeadlineQuery]) -> DeadlineOut:
    """Return the last day of a period counted from the day after ``start``.

    ``start`` is a date or an ISO 8601 date-time with offset, taken as its Shanghai date.
    """
    start = _shanghai_date(query.start, "start")
    if not 1 <= query.days <= workdays.MAX_PERIOD_DAYS:
        raise ValidationFailed(
            f"天数应在 1 至 {workdays.MAX_PERIOD_DAYS} 之间，实际为 {query.days}", field="days"
        )
    if query.calendar_days:
        due = workdays.add_calendar_days(start, query.days)
    else:
        due = workdays.add_working_days(start, query.days)
    return DeadlineOut(
        start=start, days=query.days, calendar_days=query.calendar_days, deadline=due
    )


@router.get("/working-day", response=WorkingDayOut, summary="判断某日是否工作日")
def working_day(request: HttpRequest, date: str) -> WorkingDayOut:
    day = _shanghai_date(date, "date")
    return WorkingDayOut(date=day, working_day=workdays.is_working_day(day))

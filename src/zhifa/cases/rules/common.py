"""Types shared by the case rules: the outcome of a rule and the calendar it counts on."""

import calendar as month_calendar
import datetime
from dataclasses import dataclass
from typing import Protocol

from zhifa.core import workdays


@dataclass(frozen=True)
class RuleOutcome:
    """Whether a rule allows something and, when it does not, the reason in Chinese."""

    allowed: bool
    reason: str = ""


ALLOWED = RuleOutcome(True)


def refused(reason: str) -> RuleOutcome:
    return RuleOutcome(False, reason)


class Calendar(Protocol):
    """Deadline arithmetic; the start day is not counted (民事诉讼法 Art. 85)."""

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date: ...

    def add_calendar_days(self, start: datetime.date, days: int) -> datetime.date: ...


class OfficialCalendar:
    """The platform's calendar of public holidays and make-up working days."""

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        return workdays.add_working_days(start, days)

    def add_calendar_days(self, start: datetime.date, days: int) -> datetime.date:
        return workdays.add_calendar_days(start, days)


def add_months(start: datetime.date, months: int) -> datetime.date:
    """Return the same day ``months`` later, or the month's last day when it has no such day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, month_calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def show(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"

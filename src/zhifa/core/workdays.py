"""Working-day arithmetic on the official calendar (工作日).

Legal periods count from the day after the start (民事诉讼法 Art. 85, followed in administrative
procedure): the start day itself is not counted. Periods written in working days skip public
holidays and weekends, except weekend days the State Council made working days (调休). A period
in calendar days that ends on a rest day ends on the next working day instead.

A date in a year whose schedule has not been loaded raises ``CalendarNotCovered``: a weekend-only
guess would silently move legal deadlines.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from zhifa.core.errors import ZhifaError
from zhifa.core.models import CalendarDay, CalendarYear, DayKind

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Each period is at most a few hundred days; the limit stops a runaway loop on bad input.
MAX_PERIOD_DAYS = 3660


class CalendarNotCovered(ZhifaError):
    """The calendar has no official schedule for a year a deadline needs."""

    code = "calendar_not_covered"
    status = 409

    def __init__(self, year: int):
        super().__init__(
            f"工作日历尚未导入 {year} 年的节假日安排，无法计算该年的期限。"
            f"请系统管理员在国务院办公厅公布安排后，于“工作日历”页面或用命令 "
            f"zhifa calendar import 文件 导入 {year} 年。",
            field="date",
        )
        self.year = year


def shanghai_date(value: datetime.date | datetime.datetime | str) -> datetime.date:
    """Return the Asia/Shanghai calendar date of a date, an aware date-time or an ISO 8601 string.

    A naive date-time is rejected: without an offset its date is ambiguous.
    """
    if isinstance(value, str):
        value = _parse_iso(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError("日期时间缺少时区偏移，例如 2026-09-27T00:30:00+08:00")
        return value.astimezone(SHANGHAI).date()
    return value


def _parse_iso(text: str) -> datetime.date | datetime.datetime:
    text = text.strip()
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
        return datetime.datetime.fromisoformat(text)
    except ValueError as error:
        # Python's own message is in English, so callers get a Chinese one to show users.
        raise ValueError(
            f"日期“{text}”无效，应写成 YYYY-MM-DD，或带时区偏移的日期时间，"
            "例如 2026-09-27T00:30:00+08:00"
        ) from error


# The years already loaded in the current request, when ``shared_years`` is active.
_shared: ContextVar[dict[int, dict[datetime.date, str]] | None] = ContextVar(
    "zhifa_calendar_years", default=None
)


@contextmanager
def shared_years() -> Iterator[None]:
    """Let every computation inside the block share the years it loads.

    A case page computes a dozen deadlines; without this each one reads the year again.
    An import calls ``forget_shared_years``, so a changed schedule counts at once.
    """
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def forget_shared_years() -> None:
    """Drop the years loaded in this block, after the schedule itself was changed."""
    loaded = _shared.get()
    if loaded is not None:
        loaded.clear()


class _Calendar:
    """The holiday overrides of the years one computation touches, loaded a year at a time."""

    def __init__(self) -> None:
        shared = _shared.get()
        self._years: dict[int, dict[datetime.date, str]] = shared if shared is not None else {}

    def _overrides(self, year: int) -> dict[datetime.date, str]:
        if year not in self._years:
            if not CalendarYear.objects.filter(year=year).exists():
                raise CalendarNotCovered(year)
            rows = CalendarDay.objects.filter(date__year=year).values_list("date", "kind")
            self._years[year] = dict(rows)
        return self._years[year]

    def is_working_day(self, day: datetime.date) -> bool:
        kind = self._overrides(day.year).get(day)
        if kind == DayKind.PUBLIC_HOLIDAY:
            return False
        if kind == DayKind.MAKEUP_WORKING_DAY:
            return True
        return day.weekday() < 5


def is_working_day(day: datetime.date | datetime.datetime | str) -> bool:
    return _Calendar().is_working_day(shanghai_date(day))


def add_working_days(start: datetime.date | datetime.datetime | str, days: int) -> datetime.date:
    """Return the ``days``-th working day after ``start`` (the start day is not counted)."""
    _check_period(days)
    calendar = _Calendar()
    day = shanghai_date(start)
    counted = 0
    for _ in range(MAX_PERIOD_DAYS * 2):
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
            if counted == days:
                return day
    raise ValueError(f"期限 {days} 个工作日超出可计算范围")


def add_calendar_days(start: datetime.date | datetime.datetime | str, days: int) -> datetime.date:
    """Return the last day of a period of ``days`` calendar days after ``start``.

    A last day that falls on a rest day moves to the next working day.
    """
    _check_period(days)
    calendar = _Calendar()
    day = shanghai_date(start) + datetime.timedelta(days=days)
    for _ in range(MAX_PERIOD_DAYS):
        if calendar.is_working_day(day):
            return day
        day += datetime.timedelta(days=1)
    raise ValueError(f"期限 {days} 日的末日之后找不到工作日")


def _check_period(days: int) -> None:
    if days < 1 or days > MAX_PERIOD_DAYS:
        raise ValueError(f"期限天数应在 1 至 {MAX_PERIOD_DAYS} 之间，实际为 {days}")


def covered_years() -> list[int]:
    return list(CalendarYear.objects.values_list("year", flat=True))


def next_year_missing(today: datetime.date) -> int | None:
    """Return next year if it is December and next year's schedule is not loaded yet."""
    if today.month != 12:
        return None
    upcoming = today.year + 1
    if CalendarYear.objects.filter(year=upcoming).exists():
        return None
    return upcoming

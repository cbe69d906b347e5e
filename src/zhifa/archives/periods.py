"""Retention periods (保管期限) as a number of months, with ``None`` meaning permanent (永久).

Periods are compared and added as months so that the 6-month minimum for routine audio-video
and the 10- and 30-year periods of case files use one representation.
"""

import calendar
import datetime

PERMANENT = None
YEARS_30 = 360
YEARS_10 = 120
MONTHS_6 = 6

# The periods offered in forms, longest first (国家档案局令第8号: 永久, 30 年, 10 年).
CHOICES: tuple[tuple[int | None, str], ...] = (
    (PERMANENT, "永久"),
    (YEARS_30, "30 年"),
    (YEARS_10, "10 年"),
    (MONTHS_6, "6 个月"),
)


def label(months: int | None) -> str:
    """Return a period as people write it: 永久, 30 年, 6 个月, 1 年 6 个月."""
    if months is None:
        return "永久"
    years, rest = divmod(months, 12)
    if not rest:
        return f"{years} 年"
    if not years:
        return f"{rest} 个月"
    return f"{years} 年 {rest} 个月"


def longest(periods: list[int | None]) -> int | None:
    """Return the longest of ``periods``: permanent beats any number of months.

    An empty list has no period, which callers must treat as an error, so it raises.
    """
    if not periods:
        raise ValueError("no retention period to choose from")
    if any(months is None for months in periods):
        return None
    return max(month for month in periods if month is not None)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return ``day`` moved ``months`` later, on the last day of the month when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def ends_on(start: datetime.date, months: int | None) -> datetime.date | None:
    """Return the last day of keeping when counted from ``start``, or None for permanent.

    Archive practice counts whole years from 1 January of the year after the case file was
    archived (保管期限从文件形成的次年1月1日起算). ``start`` is that day.
    """
    if months is None:
        return None
    return add_months(start, months) - datetime.timedelta(days=1)


def counting_start(archived_on: datetime.date) -> datetime.date:
    """Return 1 January of the year after ``archived_on``, where the count of a period starts."""
    return datetime.date(archived_on.year + 1, 1, 1)

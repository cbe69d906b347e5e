"""Dates and times written the way people in China write them: 2026年12月5日 14:03:20."""

import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_datetime(moment: datetime.datetime) -> str:
    """Return an aware time in Shanghai time, to the second."""
    local = moment.astimezone(SHANGHAI)
    return f"{chinese_date(local.date())} {local:%H:%M:%S}"

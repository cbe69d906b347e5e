"""The daily job of this app, run by ``zhifa supervision sweep``."""

import datetime

from django.utils import timezone

from zhifa.review.figures import FIRST_YEAR
from zhifa.supervision.reports.actions.monthly import create_drafts
from zhifa.supervision.reports.deadlines import month_has_ended, previous_month


def create_last_month_drafts(today: datetime.date) -> str:
    """Create the drafts of the month just ended for every agency that has none yet.

    The sweep may be run for any date. The job drafts nothing for a month before
    ``FIRST_YEAR`` or for one that has not ended by the real Shanghai date.
    """
    year, month = previous_month(today)
    if year < FIRST_YEAR:
        return f"执法数据月报：{year}年{month}月早于{FIRST_YEAR}年，不生成草稿。"
    if not month_has_ended(year, month, today):
        real = timezone.localdate()
        return (
            f"执法数据月报：{year}年{month}月尚未结束"
            f"（实际日期为{real.year}年{real.month}月{real.day}日），不生成草稿。"
        )
    created = create_drafts(year, month, today)
    return f"执法数据月报：生成{year}年{month}月草稿{created}份。"

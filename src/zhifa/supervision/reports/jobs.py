"""The daily job of this app, run by ``zhifa supervision sweep``."""

import datetime

from zhifa.supervision.reports.actions.monthly import create_drafts
from zhifa.supervision.reports.deadlines import previous_month


def create_last_month_drafts(today: datetime.date) -> str:
    """Create the drafts of the month just ended for every agency that has none yet."""
    year, month = previous_month(today)
    created = create_drafts(year, month, today)
    return f"执法数据月报：生成{year}年{month}月草稿{created}份。"

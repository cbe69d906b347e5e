"""``zhifa publicity sweep``: the daily run of the publication deadlines and periods.

It fills the due dates the calendar can now count and withdraws the decisions that earlier
remedy outcomes corrected. Then it expires the items whose period has ended, and prints per
agency the drafts due within 2 working days and the overdue ones. Cron or a systemd timer runs
it once a day.
"""

import argparse
import datetime
import logging
from argparse import ArgumentParser
from typing import Any, TextIO

from django.utils import timezone

from zhifa.core.workdays import shanghai_date
from zhifa.publicity.changes.expiry import expire_due
from zhifa.publicity.changes.withdrawal import withdraw_corrected
from zhifa.publicity.drafting.deadlines import refresh_pending_due_dates
from zhifa.publicity.watch.deadlines import DUE_SOON_WORKING_DAYS, deadline_board

logger = logging.getLogger(__name__)


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"日期“{text}”无效，应写成 YYYY-MM-DD") from error


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--date", type=iso_date, help="按此日期巡检（YYYY-MM-DD），默认为今天（上海时间）"
    )


def run(options: dict[str, Any], stdout: TextIO) -> int:
    today = options.get("date") or shanghai_date(timezone.now())
    logger.info("publicity sweep for %s started", today)
    filled = refresh_pending_due_dates()
    withdrawn = withdraw_corrected()
    expired = expire_due(today)
    board = deadline_board(None, today)

    stdout.write(f"巡检日期：{today.isoformat()}\n")
    stdout.write(f"补算应公示日期：{filled} 件\n")
    stdout.write(f"因复议、诉讼结果撤回或不予公示：{withdrawn} 件\n")
    stdout.write(f"公示期满停止公示：{expired} 件\n")
    if board.horizon is None:
        stdout.write("提示：工作日历尚未导入下一年度，“即将到期”按本年年底计算。\n")
    stdout.write(
        f"{DUE_SOON_WORKING_DAYS}个工作日内到期：{board.due_soon_count} 件；"
        f"已超期：{board.overdue_count} 件；应公示日期待定：{board.pending_count} 件\n"
    )
    for row in board.agencies:
        stdout.write(
            f"  {row.agency_name}：即将到期 {len(row.due_soon)}，已超期 {len(row.overdue)}，"
            f"待定 {len(row.pending)}\n"
        )
    logger.info(
        "publicity sweep for %s done: %s filled, %s withdrawn, %s expired",
        today,
        filled,
        withdrawn,
        expired,
    )
    return 0

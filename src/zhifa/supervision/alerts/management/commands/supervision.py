"""``zhifa supervision sweep``: the daily supervision jobs and alert check, run by cron."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zhifa.core.errors import ValidationFailed
from zhifa.supervision.alerts.sweep import sweep_day

# Exit status when the sweep ran but a job, source or channel failed.
PARTLY_FAILED = 3


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”无效，请写成 YYYY-MM-DD，例如 2026-11-02。") from None


class Command(BaseCommand):
    help = "执法监督：每日检查（运行各项每日任务、更新预警并发送提醒）。"

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        sweep = subcommands.add_parser(
            "sweep",
            help="运行每日任务和全部预警检查，消除已整改的预警，并通过邮件和发送渠道发送新预警；"
            f"重复运行不会重复提醒。任何一项失败时其余照常运行，退出码为 {PARTLY_FAILED}",
        )
        sweep.add_argument(
            "--date",
            help="按哪一天检查，格式 YYYY-MM-DD，不能晚于今天或早于 2018-01-01；默认今天"
            "（上海时间）。早于今天的日期只做只读检查：报告该日会发现的预警，"
            "不运行每日任务，不新增或消除预警，不发送提醒",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        day = _date(options["date"]) if options["date"] else today
        try:
            report = sweep_day(day, today)
        except ValidationFailed as error:
            raise CommandError(error.message) from None
        if report.read_only:
            self.stdout.write(f"{day.isoformat()} 只读检查完成。")
        else:
            self.stdout.write(f"{day.isoformat()} 每日检查完成。")
        for line in report.lines:
            self.stdout.write(line)
        for line in report.failures:
            self.stderr.write(line)
        if report.failed:
            raise CommandError(
                f"每日检查有{len(report.failures)}项失败，详见上方说明和日志。",
                returncode=PARTLY_FAILED,
            )

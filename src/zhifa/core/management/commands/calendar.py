"""``zhifa calendar``: deadlines, working days and the holiday schedule from the command line."""

import argparse
import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core import actions, workdays
from zhifa.core.calendar_import import YearsAlreadyLoaded
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)


def _positive_int(text: str) -> int:
    try:
        number = int(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"天数“{text}”应为正整数") from error
    if number < 1:
        raise argparse.ArgumentTypeError(f"天数应至少为 1，实际为 {number}")
    return number


class Command(BaseCommand):
    help = "工作日历：计算期限、判断工作日、导入节假日安排、列出已导入年度。"

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)

        deadline = subcommands.add_parser(
            "deadline",
            help="输出起算日后第 N 个工作日（起算日当天不计），格式 YYYY-MM-DD",
        )
        deadline.add_argument(
            "start", help="起算日：YYYY-MM-DD，或带时区偏移的 ISO 8601 日期时间（按上海日期计）"
        )
        deadline.add_argument("days", type=_positive_int, help="期限天数")
        deadline.add_argument(
            "--calendar-days",
            action="store_true",
            help="按自然日计算；末日为休息日的，顺延至下一个工作日",
        )

        working_day = subcommands.add_parser(
            "is-working-day", help="判断某日是否工作日，输出 yes 或 no"
        )
        working_day.add_argument("date", help="日期：YYYY-MM-DD")

        importer = subcommands.add_parser(
            "import",
            help="导入节假日安排 CSV（表头 date,kind,festival 或 日期,类型,节日）；"
            "每个年度须列出七个法定节日的放假日，任何一行有误则全部不导入",
        )
        importer.add_argument(
            "file",
            help="CSV 文件路径，UTF-8 编码；类型写 holiday/放假 或 makeup_working_day/调休上班，"
            "放假日须填写节日",
        )
        importer.add_argument(
            "--source",
            default="",
            help="依据，例如“国务院办公厅关于2027年部分节假日安排的通知”；默认使用文件名",
        )
        importer.add_argument(
            "--replace",
            action="store_true",
            help="文件中的年度已导入时，用本文件替换该年度的全部调整；不加此项则报错并不写入",
        )

        subcommands.add_parser("years", help="列出已导入节假日安排的年度")

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = {
            "deadline": self._deadline,
            "is-working-day": self._is_working_day,
            "import": self._import,
            "years": self._years,
        }
        try:
            handlers[options["subcommand"]](options)
        except ZhifaError as error:
            raise CommandError(error.message) from error
        except ValueError as error:
            raise CommandError(str(error)) from error

    def _deadline(self, options: dict[str, Any]) -> None:
        if options["calendar_days"]:
            due = workdays.add_calendar_days(options["start"], options["days"])
        else:
            due = workdays.add_working_days(options["start"], options["days"])
        self.stdout.write(due.isoformat())

    def _is_working_day(self, options: dict[str, Any]) -> None:
        self.stdout.write("yes" if workdays.is_working_day(options["date"]) else "no")

    def _import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"无法读取文件 {path}：{error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"文件 {path} 不是 UTF-8 编码，请另存为 UTF-8 CSV 后重试") from error

        source = options["source"] or path.name
        try:
            changes = actions.import_calendar(None, text, source=source, replace=options["replace"])
        except YearsAlreadyLoaded as error:
            listed = "、".join(str(year) for year in error.years)
            raise CommandError(
                f"导入失败，未写入任何数据：{listed} 年的节假日安排已经导入过。"
                "如确需用本文件替换，请加 --replace 重新运行"
            ) from error
        except ZhifaError as error:
            lines = error.message.split("；")
            raise CommandError("导入失败，未写入任何数据：\n" + "\n".join(lines)) from error
        listed = "、".join(str(change.year) for change in changes)
        self.stdout.write(f"已导入 {listed} 年的节假日安排")
        for change in changes:
            if change.replaced:
                self.stdout.write(change.summary())

    def _years(self, options: dict[str, Any]) -> None:
        years = workdays.covered_years()
        if not years:
            self.stdout.write("尚未导入任何年度")
            return
        for year in years:
            self.stdout.write(str(year))

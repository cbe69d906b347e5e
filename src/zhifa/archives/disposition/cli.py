"""``zhifa archives due``: print the due lists per agency (到期鉴定清单). It destroys nothing."""

import datetime
import re
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.archives.agency_option import agency_named
from zhifa.archives.casefiles.models import CaseFile
from zhifa.archives.disposition import due
from zhifa.archives.retention.periods import routine_av_months
from zhifa.core.chinese_dates import chinese_date

DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
HELP = "按执法单位列出保管期限届满、待鉴定的案卷和日常音像记录（只列出，不销毁）。"


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        if DATE_SHAPE.fullmatch(text):
            raise ArgumentTypeError(
                f"日期“{text}”不存在，请检查月份和日期，例如 2026-12-05"
            ) from error
        raise ArgumentTypeError(f"日期“{text}”格式不正确，应为 YYYY-MM-DD") from error


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--date", type=_date, default=None, help="按该日期计算是否到期（YYYY-MM-DD），默认今天"
    )
    parser.add_argument(
        "--agency",
        default=None,
        help="只列出该执法单位：填编号、全称或简称，例如 3 或 区市场监管局",
    )


def _write_agency(command: Any, agency: Agency, today: datetime.date) -> int:
    files = due.with_holds(
        due.due_case_files(CaseFile.objects.filter(agency=agency), today).iterator()
    )
    records = due.due_av_records(agency, today)
    if not files and not records:
        return 0
    command.stdout.write(f"{agency.name}：到期案卷{len(files)}卷，日常音像记录{len(records)}条")
    for row in files:
        case_file = row.case_file
        ends_on = case_file.retention_ends_on
        line = (
            f"  案卷 {case_file.archive_code} {case_file.case.number} "
            f"{chinese_date(ends_on) if ends_on else ''}期满"
        )
        if row.holds:
            line += "，冻结：" + "；".join(row.holds)
        elif row.appraisal is not None:
            line += f"，已在第{row.appraisal.pk}号鉴定中"
        command.stdout.write(line)
    if records:
        months = routine_av_months(agency)
        command.stdout.write(f"  日常音像记录（保存满{months}个月）：{len(records)}条，可批量鉴定")
    return len(files) + len(records)


def handle(command: Any, options: dict[str, Any]) -> int:
    today = options.get("date") or timezone.localdate()
    agencies = Agency.objects.order_by("pk")
    if options.get("agency") is not None:
        agencies = agencies.filter(pk=agency_named(str(options["agency"])).pk)
    total = sum(_write_agency(command, agency, today) for agency in agencies)
    command.stdout.write(f"截至{chinese_date(today)}，共{total}项待鉴定。")
    return 0

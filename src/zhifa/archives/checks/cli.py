"""``zhifa archives check``: the scheduled four-property check of stored archives, run by cron.

Exit status 0 when every checked case file passed, 3 when any failed.
"""

from argparse import ArgumentParser
from typing import Any

from django.db.models import QuerySet

from zhifa.agencies.models import Agency
from zhifa.archives.agency_option import agency_named
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.checks.models import CheckFailure, CheckRun, Trigger
from zhifa.archives.checks.runner import run_check
from zhifa.core.errors import ValidationFailed

HELP = "对已归档案卷进行四性检测（真实性、完整性、可用性、安全性），有未通过的案卷时退出状态为 3。"
FAILED_STATUS = 3


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--agency",
        metavar="单位",
        help="只检测该立档单位的案卷：填单位名称、简称或编号，例如 区市场监管局",
    )
    parser.add_argument(
        "--case-file",
        type=int,
        action="append",
        dest="case_files",
        metavar="ID",
        help="只检测该案卷（编号），可重复指定；不指定时检测全部已归档案卷",
    )


def handle(command: Any, options: dict[str, Any]) -> int:
    agency = _agency(options.get("agency"))
    selected = _case_files(agency, options.get("case_files") or [])
    run = run_check(selected, Trigger.SCHEDULED, agency=agency)
    _print_report(command, run)
    return FAILED_STATUS if run.failed_case_files else 0


def _agency(value: str | None) -> Agency | None:
    """Return the agency named by ``--agency``; None when the option is not given."""
    return agency_named(value) if value is not None else None


def _case_files(agency: Agency | None, ids: list[int]) -> QuerySet[CaseFile]:
    selected = CaseFile.objects.all()
    if agency is not None:
        selected = selected.filter(agency=agency)
    if not ids:
        return selected.filter(status=CaseFileStatus.ARCHIVED)
    missing = sorted(set(ids) - set(selected.filter(pk__in=ids).values_list("pk", flat=True)))
    if missing:
        missing_text = "、".join(str(pk) for pk in missing)
        raise ValidationFailed(
            f"找不到编号为 {missing_text} 的案卷，请检查 --case-file。", field="case_file"
        )
    return selected.filter(pk__in=ids)


def _print_report(command: Any, run: CheckRun) -> None:
    scanner = run.virus_scanner or "未配置病毒扫描程序，本次未做病毒扫描"
    command.stdout.write(
        f"四性检测完成：检测案卷 {run.case_files} 卷、文件 {run.items} 件，"
        f"读取 {run.bytes_read:,} 字节，未通过 {run.failed_case_files} 卷。病毒扫描：{scanner}。"
    )
    failures = (
        CheckFailure.objects.filter(result__run=run)
        .select_related("result__case_file")
        .order_by("result__case_file_id", "property", "pk")
    )
    for failure in failures.iterator(1000):
        case_file = failure.result.case_file
        name = case_file.archive_code or case_file.pk
        command.stdout.write(f"  案卷 {name}｜{failure.get_property_display()}｜{failure.message}")

"""``zhifa archives export``: write a handover package of one or more archived case files."""

import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings

from zhifa.archives.agency_option import agency_named
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.handover import package, profiles
from zhifa.core.errors import ValidationFailed

HELP = "导出移交数据包（电子文件、XML 元数据、摘要清单、账本证明和离线核验程序）。"


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--case-file",
        type=int,
        action="append",
        dest="case_files",
        metavar="ID",
        help="导出该案卷（编号），可重复指定，合为一个数据包",
    )
    parser.add_argument(
        "--agency",
        metavar="单位",
        help="按立档单位批量导出：单位名称、简称（如 区市场监管局）或内部编号",
    )
    parser.add_argument("--year", type=int, metavar="YYYY", help="与 --agency 一起使用：结案年度")
    parser.add_argument(
        "--out", metavar="DIR", help="数据包写入的目录，默认为设置 ZHIFA_ARCHIVE_EXPORT_DIR"
    )
    parser.add_argument("--zip", action="store_true", help="写成一个 zip 文件，而不是目录")
    names = ", ".join(profile.name for profile in profiles.available())
    parser.add_argument(
        "--profile", default="national", help=f"导出规范，默认 national；可用：{names}"
    )


def _target(options: dict[str, Any]) -> Path:
    """Return the output folder, rejecting a path that is a file or cannot be written."""
    option = options.get("out")
    target = Path(option or settings.ZHIFA_ARCHIVE_EXPORT_DIR)
    named = f"--out {target}" if option else f"导出目录 {target}（设置 ZHIFA_ARCHIVE_EXPORT_DIR）"
    if target.exists() and not target.is_dir():
        raise ValidationFailed(
            f"{named} 是一个文件而不是目录，未导出；请给出一个目录，不存在时会自动创建。",
            field="out",
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ValidationFailed(
            f"无法创建{named}：{error.strerror}；请换一个可写的目录。", field="out"
        ) from error
    if not os.access(target, os.W_OK | os.X_OK):
        raise ValidationFailed(f"{named} 没有写入权限，未导出；请换一个可写的目录。", field="out")
    return target


def _selected(options: dict[str, Any]) -> list[int]:
    ids = options.get("case_files") or []
    agency, year = options.get("agency"), options.get("year")
    if ids and (agency is not None or year is not None):
        raise ValidationFailed("--case-file 不能与 --agency、--year 同时使用。", field="case_file")
    if ids:
        return list(ids)
    if agency is None or year is None:
        raise ValidationFailed(
            "请用 --case-file 指定案卷，或用 --agency 和 --year 指定立档单位和结案年度。",
            field="case_file",
        )
    row = agency_named(str(agency))
    found = list(
        CaseFile.objects.filter(
            agency=row, closed_on__year=year, status=CaseFileStatus.ARCHIVED
        ).values_list("pk", flat=True)
    )
    if not found:
        raise ValidationFailed(
            f"立档单位 {row.name} 在 {year} 年没有已归档的案卷，未导出。", field="agency"
        )
    return found


def handle(command: Any, options: dict[str, Any]) -> int:
    ids = _selected(options)
    target = _target(options)
    handover = package.write_package(
        ids, target, profile=options.get("profile") or "national", as_zip=options["zip"]
    )
    codes = "、".join(
        handover.case_files.order_by("archive_code").values_list("archive_code", flat=True)
    )
    command.stdout.write(f"已导出移交数据包：{handover.package_path}")
    command.stdout.write(f"案卷：{codes}")
    command.stdout.write(
        f"清单摘要值：{handover.package_digest}；大小 {handover.package_size} 字节"
        "（请随数据包提供给接收方，核验程序输出的清单摘要值应与之相同）"
    )
    command.stdout.write(
        f"签名树头条目数：{handover.tree_size}；核验：python3 verify_package.py 数据包"
    )
    return 0

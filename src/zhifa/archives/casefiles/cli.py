"""``zhifa archives open``: open the case files of closed cases that lack one (立卷)."""

from argparse import ArgumentParser
from typing import Any

from zhifa.archives.casefiles.assembly import open_missing_case_files

HELP = "为缺少案卷的已结案案件立卷（包括交换导入的案件），可重复运行。"


def add_arguments(parser: ArgumentParser) -> None:
    """Add no options, because the subcommand always opens every missing case file."""


def handle(command: Any, options: dict[str, Any]) -> int:
    opened = open_missing_case_files()
    command.stdout.write(f"新立卷{opened}件。")
    return 0

"""``zhifa review check``: whether a case's decision, or a decision described in JSON, is major."""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.cases.models import Case
from zhifa.core.errors import ValidationFailed
from zhifa.review.assessment import assess, assess_case, resolve_agency
from zhifa.review.proposals import from_json
from zhifa.review.results import Assessment, FineHistory
from zhifa.review.rules.circumstances import SCOPE_WORDS
from zhifa.review.rules.common import yuan

NOT_FOUND = 1
BAD_INPUT = 2

CHECK_HELP = (
    "判定拟作出的决定是否属于重大执法决定。给出案号时按案件记录判定并输出中文结果；"
    "给出 --json FILE 时按接口格式的 JSON 判定并输出 JSON。"
    f"退出码：0 判定完成（无论是否重大）；{NOT_FOUND} 找不到案件；"
    f"{BAD_INPUT} 文件无法读取、不是有效的 JSON 或内容有误。"
)


def _read_json(name: str) -> Any:
    try:
        # utf-8-sig also reads files that start with a byte order mark, as Windows tools write.
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise CommandError(f"找不到文件 {name}，请检查路径。", returncode=BAD_INPUT) from error
    except IsADirectoryError as error:
        raise CommandError(f"{name} 是目录，请给出 JSON 文件。", returncode=BAD_INPUT) from error
    except PermissionError as error:
        raise CommandError(f"没有读取文件 {name} 的权限。", returncode=BAD_INPUT) from error
    except OSError as error:
        raise CommandError(
            f"无法读取文件 {name}（错误号 {error.errno}），请检查文件。", returncode=BAD_INPUT
        ) from error
    except UnicodeDecodeError as error:
        raise CommandError(f"文件 {name} 不是 UTF-8 编码。", returncode=BAD_INPUT) from error
    try:
        return json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        message = f"{name} 不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列有误。"
        raise CommandError(message, returncode=BAD_INPUT) from error


def _history_lines(history: FineHistory) -> list[str]:
    lines = [
        f"以往罚款（{SCOPE_WORDS[history.scope]}，执法事项{history.power_item_code}）：{history.count}件"
    ]
    if history.mean is not None and history.median is not None and history.threshold is not None:
        lines.append(
            f"  平均{yuan(history.mean)}元，中位数{yuan(history.median)}元，"
            f"{yuan(history.multiple)}倍平均为{yuan(history.threshold)}元"
        )
    if history.case_numbers:
        lines.append(f"  案号：{'、'.join(history.case_numbers)}")
    return lines


def describe(result: Assessment) -> list[str]:
    """Return the result as Chinese lines for the terminal."""
    count = len(result.matches)
    lines = [f"是否重大执法决定：{'是' if result.major else '否'}（符合{count}项情形）"]
    for number, match in enumerate(result.matches, start=1):
        mark = "" if match.confirmed else "（依据待核实）"
        lines.append(f"{number}. [{match.rule}] {match.title}：{match.reason}")
        lines.append(f"   依据：{match.source}{mark}")
    for note in result.notes:
        lines.append(f"说明：{note}")
    if result.fine_history is not None:
        lines += _history_lines(result.fine_history)
    return lines


class Command(BaseCommand):
    help = "重大执法决定法制审核。"

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        check = subcommands.add_parser("check", help=CHECK_HELP, description=CHECK_HELP)
        check.add_argument("case_number", nargs="?", metavar="CASE_NUMBER", help="案号")
        check.add_argument(
            "--json",
            dest="json_file",
            metavar="FILE",
            help="描述拟作出决定的 JSON 文件，格式同 POST /api/review/check；- 表示标准输入",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        case_number, json_file = options["case_number"], options["json_file"]
        if bool(case_number) == bool(json_file):
            raise CommandError("请给出案号，或者用 --json FILE 给出 JSON，二者选一。", returncode=2)
        if json_file:
            self._check_json(json_file)
            return
        case = Case.objects.filter(number=case_number.strip()).first()
        if case is None:
            raise CommandError(f"找不到案号为“{case_number}”的案件。", returncode=NOT_FOUND)
        self.stdout.write(f"案件：{case.number} {case.title}")
        for line in describe(assess_case(case)):
            self.stdout.write(line)

    def _check_json(self, name: str) -> None:
        data = _read_json(name)
        try:
            agency = resolve_agency(data.get("agency") if isinstance(data, dict) else None)
            proposal = from_json(data, agency_id=agency.pk if agency else None)
        except ValidationFailed as error:
            raise CommandError(error.message, returncode=BAD_INPUT) from error
        result = assess(proposal)
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))

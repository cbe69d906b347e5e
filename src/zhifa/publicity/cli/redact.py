"""``zhifa publicity redact FILE… --party NAME…``: print the masked text of decisions.

Agencies use it to check texts in bulk with the same engine and policy as publishing. FILE
``-`` reads standard input. Files are UTF-8, with or without a byte order mark.
"""

import errno
import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandError

from zhifa.agencies.models import Agency
from zhifa.publicity.redaction import PartyFacts, Redaction, redact_text
from zhifa.publicity.redaction.defaults import LEGAL_PERSON, NATURAL_PERSON
from zhifa.publicity.redaction.policy import policy_for

STDIN = "-"
# Chinese reasons for the read errors other than a missing file or a folder.
OS_ERROR_REASONS = {
    errno.EACCES: "没有读取权限",
    errno.EPERM: "操作不被允许",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ELOOP: "符号链接层数过多",
    errno.EIO: "读取时发生输入输出错误",
    errno.EINVAL: "不是可读取的普通文件",
}
# A party whose name ends with one of these is taken as an organisation, whose name is kept.
ORGANIZATION_SUFFIXES = (
    "公司", "厂", "店", "馆", "部", "行", "社", "所", "中心", "院", "站", "场", "园", "室",
    "合作社", "协会", "学校", "医院", "集团", "工作室", "经营部",
)  # fmt: skip


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="决定文本文件（UTF-8）；- 表示标准输入"
    )
    parser.add_argument(
        "--party",
        action="append",
        default=[],
        metavar="NAME",
        help="当事人姓名或名称，可重复；名称以“公司”“店”“厂”等结尾的按单位处理（名称公开）",
    )
    parser.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="TEXT",
        help="保持公开的文字（如执法人员姓名），可重复",
    )
    parser.add_argument(
        "--mask", action="append", default=[], metavar="TEXT", help="另外需要遮蔽的文字，可重复"
    )
    parser.add_argument(
        "--agency",
        type=int,
        metavar="ID",
        help="执法主体编号：按该单位的脱敏规则处理；默认按区默认规则",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="输出 JSON：每个文件的脱敏文本、遮蔽位置和疑似未遮蔽的人名（suspects）",
    )


def party_from_name(name: str) -> PartyFacts:
    compact = name.strip()
    kind = LEGAL_PERSON if compact.endswith(ORGANIZATION_SUFFIXES) else NATURAL_PERSON
    return PartyFacts(name=compact, kind=kind)


def read_text(name: str) -> str:
    """Read a file, or standard input for ``-``, as UTF-8 with an optional byte order mark."""
    label = "标准输入" if name == STDIN else f"文件 {name}"
    try:
        data = sys.stdin.buffer.read() if name == STDIN else Path(name).read_bytes()
    except FileNotFoundError as error:
        raise CommandError(f"{label}不存在，请检查路径。") from error
    except IsADirectoryError as error:
        raise CommandError(f"{label}不是文件，而是文件夹，请指定文本文件。") from error
    except OSError as error:
        reason = OS_ERROR_REASONS.get(error.errno or 0, f"系统错误（错误号 {error.errno}）")
        raise CommandError(f"无法读取{label}：{reason}。") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{label}不是 UTF-8 编码（第 {error.start + 1} 个字节无法解码）。"
            "请用记事本或 WPS 另存为 UTF-8 编码后重试。"
        ) from error


def _agency_id(value: int | None) -> int | None:
    if value is not None and not Agency.objects.filter(pk=value).exists():
        raise CommandError(f"执法主体编号 {value} 不存在，请检查 --agency 参数。")
    return value


def _write_text(stdout: TextIO, name: str, result: Redaction, several: bool) -> None:
    if several:
        stdout.write(f"==> {name} <==\n")
    masked = result.masked
    stdout.write(masked if masked.endswith("\n") else masked + "\n")


def run(options: dict[str, Any], stdout: TextIO) -> int:
    policy = policy_for(_agency_id(options.get("agency")))
    parties = [party_from_name(name) for name in options["party"] if name.strip()]
    # Read every file first, so an unreadable file stops the run before any output.
    texts = [(name, read_text(name)) for name in options["files"]]

    results = []
    for name, text in texts:
        result = redact_text(text, parties, policy, keep=options["keep"], extra=options["mask"])
        results.append((name, result))

    if options["json"]:
        body = [{"file": name, **result.as_json()} for name, result in results]
        stdout.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
        return 0
    for name, result in results:
        _write_text(stdout, name, result, several=len(results) > 1)
    return 0

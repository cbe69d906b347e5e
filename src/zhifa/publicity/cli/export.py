"""``zhifa publicity export``: write penalty or licensing data in the dual-publicity format.

The command line acts for the platform, so it exports every agency unless ``--agency`` is given,
and may write the credit-platform target with its unmasked fields. Excel output needs a file;
CSV may go to standard output with ``--output -``.
"""

from argparse import ArgumentParser
from typing import Any, TextIO

from django.core.management.base import CommandError, OutputWrapper

from zhifa.core.errors import ZhifaError
from zhifa.publicity.cli.sweep import iso_date
from zhifa.publicity.exports import dual_publicity
from zhifa.publicity.exports.dual_publicity import ExportFilter


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--kind", required=True, choices=["penalty", "license"], help="公示类别")
    parser.add_argument(
        "--format", required=True, choices=list(dual_publicity.FORMATS), help="文件格式"
    )
    parser.add_argument(
        "--from",
        dest="date_from",
        required=True,
        type=iso_date,
        help="首次发布日期起（YYYY-MM-DD）",
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        required=True,
        type=iso_date,
        help="首次发布日期止（YYYY-MM-DD，含当天）",
    )
    parser.add_argument("--agency", type=int, help="只导出此执法主体（id）")
    parser.add_argument(
        "--target",
        choices=list(dual_publicity.TARGETS),
        default="publicity",
        help="publicity：公示平台，仅公开字段（默认）；credit：信用信息平台，含证件号码",
    )
    parser.add_argument(
        "--include-withdrawn", action="store_true", help="同时导出已撤回的信息，备注栏注明撤回理由"
    )
    parser.add_argument("--output", required=True, help="输出文件路径；CSV 可用 - 表示标准输出")


class _Unterminated:
    """Pass text to Django's ``OutputWrapper`` unchanged; it would end each write with a newline."""

    def __init__(self, wrapper: OutputWrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")


def run(options: dict[str, Any], stdout: TextIO) -> int:
    export_filter = ExportFilter(
        kind=options["kind"],
        date_from=options["date_from"],
        date_to=options["date_to"],
        agency_id=options.get("agency"),
        include_withdrawn=bool(options.get("include_withdrawn")),
        target=options.get("target") or "publicity",
    )
    file_format = options["format"]
    output = options["output"]
    if output == "-" and file_format != "csv":
        raise CommandError("Excel 文件不能写到标准输出，请用 --output 指定文件路径。")

    try:
        if output == "-":
            stream = _Unterminated(stdout) if isinstance(stdout, OutputWrapper) else stdout
            count = dual_publicity.export(None, export_filter, file_format, stream)
        elif file_format == "csv":
            with open(output, "w", encoding="utf-8", newline="") as text_file:
                count = dual_publicity.export(None, export_filter, file_format, text_file)
        else:
            with open(output, "wb") as binary_file:
                count = dual_publicity.export(None, export_filter, file_format, binary_file)
    except ZhifaError as error:
        raise CommandError(error.message) from error
    except OSError as error:
        raise CommandError(f"无法写入“{output}”：{error.strerror}。请检查路径和权限。") from error

    if output != "-":
        stdout.write(f"已导出 {count} 条到 {output}\n")
    return 0

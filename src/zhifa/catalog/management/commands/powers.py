"""``zhifa powers import AGENCY FILE``: load an agency's power items from an Excel workbook."""

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from zhifa.agencies.models import Agency
from zhifa.catalog.actions import PowerItemImportRejected, import_power_items
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)


def find_agency(name_or_id: str) -> Agency:
    """Return the agency with this id, full name or short name."""
    text = name_or_id.strip()
    lookup = Q(name=text) | Q(short_name=text)
    if text.isdigit():
        lookup |= Q(pk=int(text))
    matches = list(Agency.objects.filter(lookup)[:2])
    if not matches:
        raise CommandError(f"找不到执法主体“{text}”，请给出编号、全称或简称")
    if len(matches) > 1:
        raise CommandError(f"“{text}”对应多个执法主体，请改用编号")
    return matches[0]


class Command(BaseCommand):
    help = "权责清单：从 Excel 文件导入某执法主体的权责事项。"

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        importer = subcommands.add_parser(
            "import", help="导入 .xlsx 文件；任何一行有误则全部不导入，并列出每个错误"
        )
        importer.add_argument("agency", metavar="AGENCY", help="执法主体的编号、全称或简称")
        importer.add_argument("file", metavar="FILE", help="按模板填写的 .xlsx 文件")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = find_agency(options["agency"])
        path = Path(options["file"])
        try:
            with path.open("rb") as file:
                result = import_power_items(None, agency, file)
        except OSError as error:
            raise CommandError(f"无法读取文件 {path}：{error.strerror}") from error
        except PowerItemImportRejected as error:
            for problem in error.errors:
                self.stderr.write(problem)
            summary = f"导入失败，未写入任何数据：共 {len(error.errors)} 处错误"
            raise CommandError(summary) from error
        except ZhifaError as error:
            raise CommandError(error.message) from error

        self.stdout.write(
            f"{agency.name}：新增 {result.created} 项，变更 {result.changed} 项，"
            f"未变 {result.unchanged} 项"
        )

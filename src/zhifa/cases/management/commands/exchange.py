"""``zhifa exchange``: import cases from another case system and list the sources."""

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.cases.exchange import create_exchange_source, import_file
from zhifa.cases.models import ExchangeSource
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "数据交换：导入其他办案系统报送的案件，查看或登记数据来源。"

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        importer = subcommands.add_parser(
            "import",
            help="导入 .xlsx、.csv 或 .json 文件；任何一条有误则全部不导入，并列出每个错误",
        )
        importer.add_argument("--source", required=True, metavar="CODE", help="数据来源代码")
        importer.add_argument("file", metavar="FILE", help="案件数据文件")
        subcommands.add_parser("sources", help="列出已登记的数据来源")
        adder = subcommands.add_parser("add-source", help="登记一个数据来源")
        adder.add_argument("code", metavar="CODE", help="来源代码，小写字母开头，例如 sh_unified")
        adder.add_argument("name", metavar="NAME", help="来源名称，例如 上海市统一综合执法系统")

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "sources":
            self._list_sources()
        elif subcommand == "add-source":
            self._add_source(options["code"], options["name"])
        else:
            self._import(options["source"], Path(options["file"]))

    def _list_sources(self) -> None:
        sources = list(ExchangeSource.objects.all())
        if not sources:
            self.stdout.write("尚未登记数据来源；用 zhifa exchange add-source CODE NAME 登记。")
            return
        for source in sources:
            state = "启用" if source.is_active else "停用"
            count = source.batches.count()
            self.stdout.write(f"{source.code}\t{source.name}\t{state}\t已导入批次 {count} 个")

    def _add_source(self, code: str, name: str) -> None:
        try:
            source = create_exchange_source(None, code, name)
        except ZhifaError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"已登记数据来源：{source.code} {source.name}")

    def _import(self, source_code: str, path: Path) -> None:
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"无法读取文件 {path}：{error.strerror}") from error
        try:
            report = import_file(None, source_code, path.name, content)
        except ZhifaError as error:
            raise CommandError(error.message) from error

        if not report.ok:
            for problem in report.errors:
                self.stderr.write(str(problem))
            count = len(report.errors)
            raise CommandError(
                f"导入失败，未写入任何案件：共 {count} 处错误（批次 {report.batch.pk}）"
            )
        self.stdout.write(
            f"批次 {report.batch.pk}：共 {report.record_count} 个案件，新增 {report.created} 个，"
            f"更新 {report.updated} 个，未变 {report.unchanged} 个"
        )

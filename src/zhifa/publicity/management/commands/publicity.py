"""``zhifa publicity``: redact texts, sweep deadlines and periods, export dual-publicity data."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhifa.publicity.cli import export, redact, sweep

SUBCOMMANDS = {
    "redact": (redact, "打印决定文本的脱敏结果，供批量核对"),
    "sweep": (sweep, "每日运行：停止公示期满的信息，提示即将到期和超期的公示"),
    "export": (export, "按双公示格式导出公示数据（Excel 或 CSV）"),
}


class Command(BaseCommand):
    help = "行政执法公示：脱敏核对、每日巡检、双公示数据导出。"

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="action", required=True)
        for name, (module, help_text) in SUBCOMMANDS.items():
            module.add_arguments(subcommands.add_parser(name, help=help_text))

    def handle(self, *args: Any, **options: Any) -> None:
        module, _ = SUBCOMMANDS[options["action"]]
        status = module.run(options, self.stdout)
        if status:
            sys.exit(status)

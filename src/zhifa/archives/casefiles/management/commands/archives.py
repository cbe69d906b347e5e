"""``zhifa archives``: the archive jobs run from cron or by hand, one subcommand per app.

Each subcommand lives in its app as a module with ``HELP``, ``add_arguments(parser)`` and
``handle(command, options) -> int``; the integer is the exit status (0 when all went well).
"""

import importlib
from types import ModuleType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core.errors import ZhifaError

SUBCOMMANDS = {
    "open": "zhifa.archives.casefiles.cli",
    "check": "zhifa.archives.checks.cli",
    "export": "zhifa.archives.handover.cli",
    "due": "zhifa.archives.disposition.cli",
}


def _module(name: str) -> ModuleType:
    return importlib.import_module(SUBCOMMANDS[name])


class Command(BaseCommand):
    help = "电子档案：立卷、四性检测、移交导出和到期鉴定清单。"

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        for name in SUBCOMMANDS:
            module = _module(name)
            module.add_arguments(subcommands.add_parser(name, help=module.HELP))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            status = _module(options["subcommand"]).handle(self, options)
        except ZhifaError as error:
            raise CommandError(error.message) from None
        if status:
            raise CommandError("有未通过的项目，详见上方说明。", returncode=status)

"""``zhifa validate``: check resident ID numbers and unified social credit codes.

One value prints ``valid`` or ``invalid: 原因``. Several values, or ``--file``, print one
``VALUE<TAB>result`` line each. The command exits with status 1 if any value is invalid.
"""

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.core import identifiers

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "校验居民身份证号码（GB 11643）或统一社会信用代码（GB 32100）。"

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)

        id_number = subcommands.add_parser("id-number", help="校验居民身份证号码")
        self._add_value_arguments(id_number)
        id_number.add_argument(
            "--convert-legacy",
            action="store_true",
            help="对有效的15位旧版号码，输出其18位号码，代替 valid",
        )

        uscc = subcommands.add_parser("uscc", help="校验统一社会信用代码")
        self._add_value_arguments(uscc)

    @staticmethod
    def _add_value_arguments(parser: CommandParser) -> None:
        parser.add_argument("values", nargs="*", metavar="VALUE", help="要校验的值")
        parser.add_argument("--file", help="从文件读取，每行一个值（UTF-8），空行忽略")

    def handle(self, *args: Any, **options: Any) -> None:
        values: list[str] = list(options["values"])
        if options["file"]:
            values += self._read_values(Path(options["file"]))
        if not values:
            raise CommandError("请给出至少一个要校验的值，或用 --file 指定文件")

        convert_legacy = options.get("convert_legacy", False)
        tabulate = len(values) > 1 or bool(options["file"])
        invalid_count = 0
        for value in values:
            if options["subcommand"] == "id-number":
                result = self._check_id_number(value, convert_legacy=convert_legacy)
            else:
                result = self._check_uscc(value)
            if result.startswith("invalid"):
                invalid_count += 1
            self.stdout.write(f"{value}\t{result}" if tabulate else result)

        if invalid_count:
            raise CommandError(f"{len(values)} 个值中有 {invalid_count} 个无效", returncode=1)

    @staticmethod
    def _read_values(path: Path) -> list[str]:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"无法读取文件 {path}：{error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"文件 {path} 不是 UTF-8 编码，请另存为 UTF-8 后重试") from error
        return [line.strip() for line in text.splitlines() if line.strip()]

    @staticmethod
    def _check_id_number(value: str, *, convert_legacy: bool) -> str:
        result = identifiers.check_id_number(value)
        if not result.valid:
            return f"invalid: {result.reason}"
        if result.legacy and convert_legacy:
            return identifiers.convert_legacy_id(result.normalized)
        return "valid"

    @staticmethod
    def _check_uscc(value: str) -> str:
        result = identifiers.check_uscc(value)
        return "valid" if result.valid else f"invalid: {result.reason}"

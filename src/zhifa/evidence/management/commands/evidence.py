"""``zhifa evidence``: bulk import from a docking station, and cleanup of unfinished uploads."""

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.accounts.models import User
from zhifa.core.errors import ZhifaError
from zhifa.evidence.uploads import cleanup, importer

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "音像记录：从执法记录仪采集站批量导入文件，清理未完成的上传。"

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        importing = subcommands.add_parser(
            "import",
            help=(
                "导入采集站文件夹；每台记录仪一个以序列号命名的子文件夹，已存证的文件跳过；"
                "有文件未导入时以非零状态退出"
            ),
        )
        importing.add_argument("folder", metavar="FOLDER", help="采集站导出的文件夹")
        importing.add_argument(
            "--user", required=True, metavar="USERNAME", help="导入人的用户名（记为上传人）"
        )
        importing.add_argument(
            "--agency", metavar="CODE", help="执法主体：统一社会信用代码、简称或全称"
        )
        importing.add_argument(
            "--device", metavar="SERIAL", help="全部文件来自这台记录仪（不按子文件夹名识别）"
        )
        importing.add_argument(
            "--scene", default="", metavar="CODE", help="附带信息文件未写场景时使用的场景代码"
        )
        cleaning = subcommands.add_parser(
            "cleanup", help="把长时间未继续的上传标为已放弃，并删除不再需要的临时分片文件"
        )
        cleaning.add_argument(
            "--older-than-days",
            type=int,
            default=2,
            metavar="DAYS",
            help="多少天未更新的上传视为已放弃（默认 2 天）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "cleanup":
            self._cleanup(options["older_than_days"])
        else:
            self._import(options)

    def _cleanup(self, days: int) -> None:
        if days < 0:
            raise CommandError("--older-than-days 不能为负数。")
        report = cleanup.cleanup(days)
        self.stdout.write(
            f"标为已放弃 {report.abandoned} 个，存储超时 {report.timed_out} 个，"
            f"删除临时分片文件 {report.parts_deleted} 个，"
            f"删除存储中无记录指向的文件 {report.orphans_deleted} 个"
        )

    def _options(self, options: dict[str, Any]) -> importer.ImportOptions:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{options['user']}”不存在或已停用。")
        agency = importer.find_agency(user, options["agency"]) if options["agency"] else None
        device = None
        if options["device"]:
            device = importer.find_device(user, options["device"])
            if device is None:
                raise CommandError(f"执法记录仪“{options['device']}”不存在或不在管理范围内。")
        return importer.ImportOptions(user, agency, device, options["scene"])

    def _import(self, options: dict[str, Any]) -> None:
        folder = Path(options["folder"])
        if not folder.is_dir():
            raise CommandError(f"文件夹 {folder} 不存在。")
        try:
            report = importer.import_folder(self._options(options), folder)
        except ZhifaError as error:
            raise CommandError(error.message) from error

        for item in report.outcomes:
            label = importer.OUTCOME_LABELS[item.outcome]
            self.stdout.write(f"{label}\t{item.path.relative_to(folder)}\t{item.detail}")
        totals = report.totals()
        skipped = totals[importer.SKIPPED] + totals[importer.NOT_MEDIA]
        self.stdout.write(
            f"共 {len(report.outcomes)} 个文件：已导入 {totals[importer.IMPORTED]} 个，"
            f"已跳过 {skipped} 个（其中非音像文件 {totals[importer.NOT_MEDIA]} 个），"
            f"未导入 {totals[importer.REJECTED]} 个"
        )
        # A non-zero exit status lets a scheduled import flag the files that need attention.
        if totals[importer.REJECTED]:
            raise CommandError(
                f"有 {totals[importer.REJECTED]} 个文件未导入，原因见以上各行；"
                "改正后重新运行本命令，已导入的文件会跳过。"
            )

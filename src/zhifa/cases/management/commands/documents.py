"""``zhifa documents build-templates|check``: rebuild the bundled templates, test PDF output."""

import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhifa.cases.document_templates import build
from zhifa.cases.documents import filling, rendering, templates
from zhifa.cases.documents.registry import DOC_TYPES

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "执法文书：重新生成内置 Word 模板，或检查模板填写和 PDF 生成是否正常。"

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        builder = subcommands.add_parser("build-templates", help="按 build.py 重新生成内置模板")
        builder.add_argument(
            "--output", metavar="DIR", help="输出目录，默认覆盖平台内置模板所在目录"
        )
        checker = subcommands.add_parser(
            "check", help="用示例数据填写每种内置模板，并把其中一份转换为 PDF"
        )
        checker.add_argument(
            "--skip-pdf", action="store_true", help="只检查模板填写，不调用 LibreOffice"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "build-templates":
            output = Path(options["output"]) if options["output"] else build.OUTPUT_DIR
            for path in build.build_all(output):
                self.stdout.write(str(path))
            return

        filled = b""
        for code, spec in DOC_TYPES.items():
            content = templates.bundled_path(code).read_bytes()
            try:
                templates.check_template(spec, content)
                filled = rendering.render_docx(content, filling.sample_context(spec))
            except (templates.ValidationFailed, rendering.DocumentRenderFailed) as error:
                raise CommandError(f"{spec.title}：{error.message}") from error
            self.stdout.write(f"{spec.title}：模板正常")
        if options["skip_pdf"]:
            return
        try:
            pdf = rendering.convert_to_pdf(filled, base_name="check")
        except rendering.DocumentRenderFailed as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"PDF 生成正常（{len(pdf)} 字节）")

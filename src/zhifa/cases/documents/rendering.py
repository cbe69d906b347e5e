"""Filling a Word template with docxtpl and converting the result to PDF with LibreOffice.

Templates run in Jinja's sandbox with autoescaping, because agencies upload their own: a
template can neither call into Python objects nor break the document XML with ``<`` or ``&``
in a filled value.

The PDF comes from ``soffice --headless --convert-to pdf`` (Debian packages
``libreoffice-writer-nogui`` and ``fonts-noto-cjk``), each run with its own throw-away user
profile, so parallel conversions do not share LibreOffice's profile lock.
"""

import io
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)

DEFAULT_SOFFICE_TIMEOUT_SECONDS = 120

# Fonts the templates name, and the free font LibreOffice prints them with when the Windows
# fonts are not installed: Noto Serif CJK SC is a Song (宋体) face, Noto Sans CJK SC a Hei face.
FONT_REPLACEMENTS = {
    "宋体": "Noto Serif CJK SC",
    "仿宋": "Noto Serif CJK SC",
    "仿宋_GB2312": "Noto Serif CJK SC",
    "方正小标宋简体": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
}


class DocumentRenderFailed(ZhifaError):
    """The document could not be filled or converted; nothing was stored."""

    code = "document_render_failed"
    status = 503


def render_docx(template_content: bytes, context: dict[str, Any]) -> bytes:
    """Fill the .docx template with ``context`` and return the new .docx."""
    template = DocxTemplate(io.BytesIO(template_content))
    environment = SandboxedEnvironment(autoescape=True)
    try:
        template.render(context, jinja_env=environment, autoescape=True)
    except TemplateError as error:
        logger.warning("document template failed to render: %s", error)
        raise DocumentRenderFailed(
            f"文书模板填写失败（{error}），请检查模板中的占位符或改用平台内置模板。",
            field="template",
        ) from error
    output = io.BytesIO()
    template.save(output)
    return output.getvalue()


def _font_replacement_settings() -> str:
    """Return a LibreOffice user profile setting that always replaces the fonts above."""
    pairs = []
    for index, (font, replacement) in enumerate(FONT_REPLACEMENTS.items()):
        pairs.append(
            f'<node oor:name="_{index}" oor:op="replace">'
            '<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
            '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
            f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{font}</value></prop>'
            f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{replacement}</value></prop>'
            "</node>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
        '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>'
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
        + "".join(pairs)
        + "</item></oor:items>"
    )


def soffice_command() -> str | None:
    configured: str = getattr(settings, "ZHIFA_SOFFICE_COMMAND", "soffice")
    return shutil.which(configured)


def convert_to_pdf(docx_content: bytes, *, base_name: str = "document") -> bytes:
    """Convert a .docx to PDF with LibreOffice headless and return the PDF bytes."""
    command = soffice_command()
    if command is None:
        raise DocumentRenderFailed(
            "服务器未安装 LibreOffice，无法生成 PDF 文书；请联系系统管理员安装 "
            "libreoffice-writer-nogui 和 fonts-noto-cjk。"
        )
    timeout = int(
        getattr(settings, "ZHIFA_SOFFICE_TIMEOUT_SECONDS", DEFAULT_SOFFICE_TIMEOUT_SECONDS)
    )

    with tempfile.TemporaryDirectory(prefix="zhifa-pdf-") as work:
        work_dir = Path(work)
        profile_dir = work_dir / "profile"
        (profile_dir / "user").mkdir(parents=True)
        settings_file = profile_dir / "user" / "registrymodifications.xcu"
        settings_file.write_text(_font_replacement_settings(), encoding="utf-8")
        source = work_dir / f"{base_name}.docx"
        source.write_bytes(docx_content)
        arguments = [
            command,
            f"-env:UserInstallation={profile_dir.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work_dir),
            str(source),
        ]
        try:
            result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
                arguments,
                capture_output=True,
                timeout=timeout,
                check=False,
                env={
                    "HOME": str(work_dir),
                    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                    "LANG": "C.UTF-8",
                },
            )
        except subprocess.TimeoutExpired as error:
            logger.error("soffice timed out after %s s converting %s", timeout, base_name)
            raise DocumentRenderFailed(
                f"生成 PDF 超时（超过 {timeout} 秒），请稍后重试；多次失败请联系系统管理员。"
            ) from error

        target = work_dir / f"{base_name}.pdf"
        if result.returncode != 0 or not target.exists():
            logger.error(
                "soffice failed converting %s: exit %s, stderr %s",
                base_name,
                result.returncode,
                result.stderr.decode(errors="replace")[-2000:],
            )
            raise DocumentRenderFailed("生成 PDF 失败，请稍后重试；多次失败请联系系统管理员。")
        return target.read_bytes()

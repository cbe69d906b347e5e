"""PDF output through LibreOffice: Chinese text survives and a CJK font is embedded.

These tests need ``soffice`` (libreoffice-writer-nogui), fonts-noto-cjk and poppler-utils. They
skip when one is missing, unless ZHIFA_REQUIRE_BROWSER=1 (set in CI), where they fail instead.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage

from zhifa.accounts.models import User
from zhifa.cases.documents import actions, filling, rendering, templates
from zhifa.cases.documents.registry import DOC_TYPES
from zhifa.cases.models import Case
from zhifa.cases.tests import documents_support
from zhifa.cases.tests.documents_support import (
    PENALTY_DATA,
)

# Fixtures shared by the document tests.
case_a = documents_support.case_a
person_party = documents_support.person_party

TOOLS = ("soffice", "pdftotext", "pdffonts")


@pytest.fixture
def pdf_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    message = (
        f"PDF tools missing: {', '.join(missing)} "
        "(install libreoffice-writer-nogui, fonts-noto-cjk, poppler-utils)"
    )
    if os.environ.get("ZHIFA_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def tool_path(name: str) -> str:
    found = shutil.which(name)
    assert found is not None, name
    return found


def pdf_text(path: Path) -> str:
    result = subprocess.run(  # noqa: S603 (fixed command)
        [tool_path("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    # pdftotext breaks lines and may space out runs; compare without any whitespace.
    return re.sub(r"\s+", "", result.stdout.decode("utf-8"))


def pdf_fonts(path: Path) -> list[list[str]]:
    result = subprocess.run(  # noqa: S603 (fixed command)
        [tool_path("pdffonts"), str(path)], capture_output=True, check=True, text=True
    )
    return [line.split() for line in result.stdout.splitlines()[2:] if line.strip()]


@pytest.mark.usefixtures("pdf_tools")
def test_finalised_decision_pdf_has_chinese_text(
    officer_user: User, case_a: Case, tmp_path: Path
) -> None:
    draft = actions.create_draft(officer_user, case_a, "penalty_decision", PENALTY_DATA)
    document = actions.finalise(officer_user, draft)

    path = tmp_path / "decision.pdf"
    with default_storage.open(document.pdf_file.name, "rb") as handle:
        path.write_bytes(handle.read())
    text = pdf_text(path)

    expected = [
        "上海市青浦区朱家角镇人民政府",
        "行政处罚决定书",
        document.number,
        "王某某",
        "上海市青浦区朱家角镇示例路8号",
        *PENALTY_DATA.values(),
        "六十日内",
        "六个月内",
        "（印章）",
    ]
    for value in expected:
        assert re.sub(r"\s+", "", value) in text, value
    # A glyph missing from the embedded fonts would come out as U+FFFD or a blank box.
    assert "\ufffd" not in text

    fonts = pdf_fonts(path)
    cjk = [row for row in fonts if "CJK" in row[0]]
    assert cjk, fonts
    for row in cjk:
        assert row[-5] == "yes", row  # the "emb" column


@pytest.mark.usefixtures("pdf_tools")
@pytest.mark.parametrize(
    "doc_type", ["case_approval", "service_receipt", "inspection_result_notice"]
)
def test_bundled_templates_convert(doc_type: str, tmp_path: Path) -> None:
    spec = DOC_TYPES[doc_type]
    context = filling.sample_context(spec)
    docx_content = rendering.render_docx(templates.bundled_path(doc_type).read_bytes(), context)

    path = tmp_path / f"{doc_type}.pdf"
    path.write_bytes(rendering.convert_to_pdf(docx_content, base_name=doc_type))
    text = pdf_text(path)

    assert spec.title in text
    for field in spec.fields:
        assert f"〔{field.label}〕" in text, field.name


def test_missing_soffice_is_reported_in_chinese(settings: Any) -> None:
    settings.ZHIFA_SOFFICE_COMMAND = "/nonexistent/soffice"
    with pytest.raises(rendering.DocumentRenderFailed) as raised:
        rendering.convert_to_pdf(b"not used")
    assert "未安装 LibreOffice" in raised.value.message


def test_soffice_failure_is_reported_in_chinese(settings: Any, tmp_path: Path) -> None:
    failing = tmp_path / "soffice"
    failing.write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    failing.chmod(0o755)
    settings.ZHIFA_SOFFICE_COMMAND = str(failing)
    with pytest.raises(rendering.DocumentRenderFailed) as raised:
        rendering.convert_to_pdf(b"not used")
    assert "生成 PDF 失败" in raised.value.message


def test_soffice_timeout_is_reported_in_chinese(settings: Any, tmp_path: Path) -> None:
    hanging = tmp_path / "soffice"
    hanging.write_text("#!/bin/sh\nexec sleep 30\n")
    hanging.chmod(0o755)
    settings.ZHIFA_SOFFICE_COMMAND = str(hanging)
    settings.ZHIFA_SOFFICE_TIMEOUT_SECONDS = 1
    with pytest.raises(rendering.DocumentRenderFailed) as raised:
        rendering.convert_to_pdf(b"not used")
    assert "超时" in raised.value.message

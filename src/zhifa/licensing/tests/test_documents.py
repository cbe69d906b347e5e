"""The licensing document types: registered, bundled templates valid and filled on render."""

import io
from typing import Any

import docx
import pytest

from zhifa.cases.actions.links import steps_recorded_by
from zhifa.cases.documents import actions as document_actions
from zhifa.cases.documents.filling import build_context
from zhifa.cases.documents.registry import DOC_TYPES
from zhifa.cases.documents.rendering import render_docx
from zhifa.cases.documents.templates import bundled_path, check_template
from zhifa.licensing.documents import SPECS
from zhifa.licensing.tests import support

CODES = [spec.code for spec in SPECS]
REQUIRED_TITLES = {
    "行政许可申请受理通知书",
    "不予受理行政许可申请决定书",
    "行政许可申请材料补正告知书",
    "行政许可听证告知书",
    "行政许可听证通知书",
    "准予行政许可决定书",
    "不予行政许可决定书",
    "延长行政许可期限通知书",
    "行政许可变更、撤回、撤销、注销决定书",
}


def test_every_required_document_registered() -> None:
    titles = {DOC_TYPES[code].title for code in CODES}
    assert titles >= REQUIRED_TITLES


@pytest.mark.parametrize("code", CODES)
def test_bundled_template_valid(code: str) -> None:
    spec = DOC_TYPES[code]
    check_template(spec, bundled_path(code).read_bytes())
    assert spec.steps
    assert steps_recorded_by(code) == spec.steps


@pytest.mark.django_db
def test_grant_decision_rendered(agency_a: Any, agency_head_user: Any, officer_user: Any) -> None:
    world = support.build(agency_a, agency_head_user, officer_user)
    case = support.granted_case(world)
    values = {
        "license_item": "食品经营许可",
        "content": "预包装食品销售（含冷藏冷冻食品）",
        "legal_basis": "《中华人民共和国食品安全法》第三十五条",
        "certificate_name": "食品经营许可证",
        "validity": "2026年9月16日至2031年9月15日",
    }
    draft = document_actions.create_draft(
        world.officer_user, case, "license_grant_decision", values
    )
    context = build_context(draft, number="朱许准〔2026〕1号", day=None)
    content = render_docx(bundled_path("license_grant_decision").read_bytes(), context)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "预包装食品销售（含冷藏冷冻食品）" in text
    assert "朱许准〔2026〕1号" in text
    assert world.base.party.name in text
    assert "{{" not in text

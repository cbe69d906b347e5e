"""The bundled Word templates: placeholders, rendering, fonts, and the Art. 59 rule table."""

import re
from pathlib import Path

import pytest
from docx.oxml import parse_xml

from zhifa.cases.document_templates import build
from zhifa.cases.documents import filling, rendering, rules, templates
from zhifa.cases.documents.registry import DOC_TYPES, PENALTY_DECISION_PLACEHOLDERS
from zhifa.cases.tests.documents_support import docx_parts, docx_text, replace_in_docx

WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# CJK ideographs, CJK punctuation and full-width forms.
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

REQUIRED_TYPES = {
    "case_approval": "立案审批表",
    "site_inspection_record": "现场检查（勘验）笔录",
    "inquiry_record": "询问笔录",
    "evidence_preservation_notice": "先行登记保存证据通知书",
    "evidence_preservation_decision": "先行登记保存证据处理决定书",
    "prior_notice": "行政处罚事先告知书",
    "hearing_notice": "听证通知书",
    "hearing_record": "听证笔录",
    "penalty_decision": "行政处罚决定书",
    "summary_penalty_decision": "当场行政处罚决定书",
    "service_receipt": "送达回证",
    "closing_approval": "结案审批表",
    "inspection_record": "行政检查记录",
    "inspection_result_notice": "行政检查结果告知书",
}


def test_registry_has_every_required_type() -> None:
    titles = {code: spec.title for code, spec in DOC_TYPES.items()}
    for code, title in REQUIRED_TYPES.items():
        assert titles.get(code) == title


def test_field_names_do_not_shadow_dict_methods() -> None:
    for spec in DOC_TYPES.values():
        for field in spec.fields:
            assert not hasattr(dict, field.name), f"{spec.code}.{field.name}"


@pytest.mark.parametrize("doc_type", sorted(DOC_TYPES))
def test_bundled_template_has_required_placeholders(doc_type: str) -> None:
    content = templates.bundled_path(doc_type).read_bytes()
    found = templates.referenced_placeholders(templates.template_source(content))
    assert DOC_TYPES[doc_type].required_placeholders() <= found


@pytest.mark.parametrize("doc_type", sorted(DOC_TYPES))
def test_bundled_template_renders_every_field(doc_type: str) -> None:
    spec = DOC_TYPES[doc_type]
    context = filling.sample_context(spec)
    rendered = rendering.render_docx(templates.bundled_path(doc_type).read_bytes(), context)
    text = docx_text(rendered)

    assert spec.title in text
    assert context["agency"]["name"] in text
    assert "{{" not in text
    assert "{%" not in text
    for field in spec.fields:
        assert f"〔{field.label}〕" in text, field.name
    if spec.numbered:
        assert context["number"] in text


@pytest.mark.parametrize("doc_type", sorted(DOC_TYPES))
def test_chinese_runs_set_east_asian_font(doc_type: str) -> None:
    spec = DOC_TYPES[doc_type]
    rendered = rendering.render_docx(
        templates.bundled_path(doc_type).read_bytes(), filling.sample_context(spec)
    )
    checked = 0
    for part_name, xml in docx_parts(rendered).items():
        root = parse_xml(xml)
        for run in root.iter(f"{{{WORD_NS}}}r"):
            text = "".join(node.text or "" for node in run.iter(f"{{{WORD_NS}}}t"))
            if not CHINESE.search(text):
                continue
            fonts = run.find(f"{{{WORD_NS}}}rPr/{{{WORD_NS}}}rFonts")
            assert fonts is not None, f"{part_name}: run {text!r} has no rFonts"
            assert fonts.get(f"{{{WORD_NS}}}eastAsia"), f"{part_name}: run {text!r} lacks eastAsia"
            checked += 1
    assert checked > 5


def test_penalty_decision_template_carries_art59_items() -> None:
    content = templates.bundled_path("penalty_decision").read_bytes()
    found = templates.referenced_placeholders(templates.template_source(content))
    assert set(PENALTY_DECISION_PLACEHOLDERS) <= found

    rendered = docx_text(
        rendering.render_docx(content, filling.sample_context(DOC_TYPES["penalty_decision"]))
    )
    assert "六十日内" in rendered
    assert "六个月内" in rendered
    assert "（印章）" in rendered


@pytest.mark.parametrize("doc_type", sorted(build.LAYOUTS))
def test_committed_templates_match_build_script(doc_type: str, tmp_path: Path) -> None:
    build.build_all(tmp_path)
    rebuilt = templates.template_source((tmp_path / f"{doc_type}.docx").read_bytes())
    committed = templates.template_source(templates.bundled_path(doc_type).read_bytes())
    assert templates.referenced_placeholders(rebuilt) == templates.referenced_placeholders(
        committed
    )
    assert re.sub(r"<[^>]+>", "", rebuilt) == re.sub(r"<[^>]+>", "", committed)


def test_filled_values_are_escaped() -> None:
    spec = DOC_TYPES["penalty_decision"]
    context = filling.sample_context(spec)
    context["doc"]["facts"] = "价格<标注>不实 & 其他"
    rendered = rendering.render_docx(templates.bundled_path(spec.code).read_bytes(), context)
    assert "价格<标注>不实 & 其他" in docx_text(rendered)


def test_sandbox_rejects_unsafe_template() -> None:
    spec = DOC_TYPES["penalty_decision"]
    content = templates.bundled_path(spec.code).read_bytes()
    source = replace_in_docx(content, "{{ seal }}", "{{ seal.__class__.__mro__ }}")
    with pytest.raises(rendering.DocumentRenderFailed):
        rendering.render_docx(source, filling.sample_context(spec))


COMPLETE = {
    "party_name": "王某某",
    "party_address": "上海市青浦区示例路8号",
    "facts": "擅自占道",
    "evidence": "现场笔录",
    "penalty": "罚款二千元",
    "penalty_basis": "某条例第四十九条",
    "performance": "十五日内缴纳",
    "reconsideration_body": "上海市青浦区人民政府",
    "court": "上海市青浦区人民法院",
    "agency_name": "上海市青浦区朱家角镇人民政府",
    "decision_date": "2026年3月2日",
}


@pytest.mark.parametrize(
    ("blank", "expected"),
    [
        ((), []),
        (("party_address",), ["当事人的地址"]),
        (("evidence", "performance"), ["违法证据", "行政处罚的履行方式和期限"]),
        (("reconsideration_body", "court"), ["申请行政复议的途径", "提起行政诉讼的途径"]),
        (("penalty", "penalty_basis"), ["行政处罚的种类", "行政处罚的依据"]),
        (("agency_name", "decision_date"), ["作出行政处罚决定的行政机关名称", "作出决定的日期"]),
        (("party_name", "facts"), ["当事人的姓名或者名称", "违反法律、法规、规章的事实"]),
    ],
)
def test_missing_art59_items(blank: tuple[str, ...], expected: list[str]) -> None:
    values = {key: ("  " if key in blank else value) for key, value in COMPLETE.items()}
    assert rules.missing_penalty_decision_items(values) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"a": "x", "b": "y"}, []),
        ({"a": "x"}, ["乙"]),
        ({"a": " ", "b": None}, ["甲", "乙"]),
    ],
)
def test_missing_required_fields(data: dict[str, object], expected: list[str]) -> None:
    assert rules.missing_required_fields({"a": "甲", "b": "乙"}, data) == expected

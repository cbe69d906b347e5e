"""Documents of the outcomes without a penalty: 不予行政处罚决定书 and 涉嫌犯罪案件移送书.

Each document is made from a case that recorded the outcome through ``conclude_without_penalty``,
finalised, and read back from the stored .docx (and the PDF when LibreOffice is installed).
"""

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from zhifa.accounts.models import AuditEntry
from zhifa.cases import actions
from zhifa.cases.documents import actions as document_actions
from zhifa.cases.documents import templates
from zhifa.cases.documents.registry import DOC_TYPES
from zhifa.cases.models import Case, CaseStep, Document, DocumentStatus, DocumentTemplate
from zhifa.cases.tests import documents_support, test_documents_pdf
from zhifa.cases.tests.documents_support import docx_text, replace_in_docx
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_decision,
    at,
    build_world,
    cover_next_year,
    office,
    open_ordinary,
    person_id,
)
from zhifa.core.chinese_dates import chinese_date
from zhifa.core.errors import ValidationFailed
from zhifa.core.workdays import shanghai_date

fake_pdf = documents_support.fake_pdf
pdf_tools = test_documents_pdf.pdf_tools

DECIDED_ON = datetime.date(2026, 10, 30)
EVIDENCE = "现场检查笔录、询问笔录、现场照片"
RECONSIDERATION_BODY = "上海市青浦区人民政府"
COURT = "上海市青浦区人民法院"

# What the officer records for each outcome, and the reason the decision states for it.
OUTCOMES: dict[str, tuple[dict[str, Any], str]] = {
    "no_penalty_minor": (
        {
            "facts": "当事人在道路上堆放少量建筑材料，发现后当即清理",
            "legal_basis": "《中华人民共和国行政处罚法》第三十三条第一款",
            "corrected": True,
            "no_harm": True,
            "education": "当场向当事人讲解市容管理规定，当事人表示今后遵守",
        },
        "当事人的违法行为轻微并已及时改正，没有造成危害后果",
    ),
    "no_penalty_first_violation": (
        {
            "facts": "当事人首次占用道路堆放物料，当日清理完毕",
            "legal_basis": "《中华人民共和国行政处罚法》第三十三条第一款",
            "first_violation": True,
            "corrected": True,
            "discretion_reasons": "初次违法，占道时间短，未影响通行",
            "education": "约谈当事人并发放宣传材料",
        },
        "当事人初次违法，占道时间短，未影响通行，且已及时改正",
    ),
    "no_penalty_no_fault": (
        {
            "facts": "物料由第三方擅自堆放于当事人门前",
            "legal_basis": "《中华人民共和国行政处罚法》第三十三条第二款",
            "no_fault_evidence": "监控录像显示第三方车辆卸货，当事人当时不在现场",
            "education": "提醒当事人加强门前责任区管理",
        },
        "当事人有证据足以证明没有主观过错",
    ),
    "no_penalty_not_established": (
        {
            "legal_basis": "《中华人民共和国行政处罚法》第五十七条第一款第三项",
            "not_established_reasons": "经查堆放地点属于当事人自有场地，不属于道路",
        },
        "堆放地点属于当事人自有场地，不属于道路，违法事实不能成立",
    ),
    "no_penalty_under_age": (
        {
            "facts": "当事人在道路上堆放杂物",
            "legal_basis": "《中华人民共和国行政处罚法》第三十条",
            "guardian_discipline": "已通知其父亲李某到场，责令其对李小明加以管教",
            "education": "向当事人及其监护人讲解规定",
        },
        "当事人违法时不满十四周岁",
    ),
}
TRANSFER: dict[str, Any] = {
    "receiving_organ": "上海市公安局青浦分局",
    "facts": "当事人长期占用道路并以暴力阻碍执法人员依法执行职务",
    "suspected_crime": "涉嫌妨害公务罪",
}
MATERIALS = ["调查终结报告", "现场检查笔录", "", "  询问笔录  ", "涉案物品清单"]
# Complete fields of each document type, for tests where the contents do not matter.
FILLED: dict[str, dict[str, str]] = {
    "no_penalty_decision": {
        "facts": "当事人在道路上堆放少量建筑材料，发现后当即清理",
        "evidence": EVIDENCE,
        "reasons": "当事人的违法行为轻微并已及时改正，没有造成危害后果",
        "legal_basis": "《中华人民共和国行政处罚法》第三十三条第一款",
        "reconsideration_body": RECONSIDERATION_BODY,
        "court": COURT,
    },
    "criminal_transfer": {
        "receiving_organ": "上海市公安局青浦分局",
        "facts": "当事人以暴力阻碍执法人员依法执行职务",
        "reasons": "涉嫌妨害公务罪",
        "materials": "调查终结报告",
    },
}


@pytest.fixture
def world(agency_a: Any, agency_head_user: Any, officer_user: Any) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


def child_party_id(world: World) -> int:
    """Register a party who was 11 on the violation date (10 October 2026)."""
    child = actions.find_or_register_party(
        world.officer_user,
        actions.PartyInput(
            kind="natural_person",
            name="李小明",
            id_number=person_id(41, "20150501"),
            address="上海市青浦区朱家角镇新风路3号",
        ),
    ).party
    return child.pk


def concluded_case(world: World, code: str, fields: dict[str, Any]) -> tuple[Case, CaseStep]:
    """Open a case, take it to the decision stage and record the outcome ``code``."""
    if code == "no_penalty_under_age":
        opened = open_ordinary(world, party_ids=[child_party_id(world)])
    else:
        opened = open_ordinary(world)
    case = advance_to_decision(world, opened)
    step = actions.conclude_without_penalty(
        world.head,
        case,
        office(code, at(10, 30), "作出决定"),
        actions.OutcomeInput(decided_on=DECIDED_ON, **fields),
    )
    return case, step


def no_penalty_data(step: CaseStep, reasons: str) -> dict[str, str]:
    """Fill the decision from what the outcome step recorded, as an officer would."""
    details = step.details
    return {
        "facts": details.get("facts") or details["not_established_reasons"],
        "evidence": EVIDENCE,
        "reasons": reasons,
        "legal_basis": details["legal_basis"],
        "guardian_order": details.get("guardian_discipline", ""),
        "education": details.get("education", ""),
        "reconsideration_body": RECONSIDERATION_BODY,
        "court": COURT,
    }


def transfer_data(step: CaseStep) -> dict[str, str]:
    return {
        "receiving_organ": step.details["receiving_organ"],
        "facts": step.details["facts"],
        "reasons": step.details["suspected_crime"],
        "materials": "\n".join(MATERIALS),
        "contact": "王执法 021-59000000",
    }


def finalised(world: World, case: Case, doc_type: str, data: dict[str, str]) -> Document:
    draft = document_actions.create_draft(world.officer_user, case, doc_type, data)
    return document_actions.finalise(world.officer_user, draft)


def stored_text(document: Document) -> str:
    with default_storage.open(document.docx_file.name, "rb") as handle:
        return docx_text(handle.read())


def finalised_on(document: Document) -> str:
    assert document.finalised_at is not None
    return chinese_date(shanghai_date(document.finalised_at))


# --- 不予行政处罚决定书 -------------------------------------------------------------------------


@pytest.mark.usefixtures("fake_pdf")
@pytest.mark.parametrize("code", sorted(OUTCOMES))
def test_no_penalty_decision_contents(world: World, code: str) -> None:
    fields, reasons = OUTCOMES[code]
    case, step = concluded_case(world, code, fields)
    data = no_penalty_data(step, reasons)

    document = finalised(world, case, "no_penalty_decision", data)
    text = stored_text(document)

    assert document.status == DocumentStatus.FINAL
    assert "不罚" in document.number
    party = case.parties.get()
    expected = [
        world.agency.name,
        "不予行政处罚决定书",
        document.number,
        party.name,
        party.address,
        *[value for value in data.values() if value],
        "本机关决定对当事人不予行政处罚",
        "六十日内",
        "六个月内",
        "（印章）",
        finalised_on(document),
    ]
    for value in expected:
        assert value in text, value
    assert "{{" not in text
    assert "不停止执行" not in text


@pytest.mark.usefixtures("fake_pdf")
def test_guardian_order_only_for_under_age(world: World) -> None:
    child_case, child_step = concluded_case(
        world, "no_penalty_under_age", OUTCOMES["no_penalty_under_age"][0]
    )
    adult_case, adult_step = concluded_case(
        world, "no_penalty_minor", OUTCOMES["no_penalty_minor"][0]
    )

    child_text = stored_text(
        finalised(
            world, child_case, "no_penalty_decision", no_penalty_data(child_step, "不满十四周岁")
        )
    )
    adult_text = stored_text(
        finalised(world, adult_case, "no_penalty_decision", no_penalty_data(adult_step, "轻微"))
    )

    assert "不满十四周岁，依据《中华人民共和国行政处罚法》第三十条" in child_text
    assert "责令其监护人加以管教：已通知其父亲李某到场" in child_text
    assert "监护人" not in adult_text


@pytest.mark.usefixtures("fake_pdf")
def test_under_age_decision_needs_guardian_order(world: World) -> None:
    case, step = concluded_case(world, "no_penalty_under_age", OUTCOMES["no_penalty_under_age"][0])
    data = {**no_penalty_data(step, "不满十四周岁"), "guardian_order": " "}
    draft = document_actions.create_draft(world.officer_user, case, "no_penalty_decision", data)

    with pytest.raises(ValidationFailed, match="责令监护人加以管教"):
        document_actions.finalise(world.officer_user, draft)

    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT


@pytest.mark.usefixtures("fake_pdf")
@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("reasons", "不予行政处罚的理由"),
        ("legal_basis", "不予行政处罚的依据"),
        ("court", "管辖人民法院"),
    ],
)
def test_no_penalty_decision_refused_without_item(world: World, name: str, label: str) -> None:
    fields, reasons = OUTCOMES["no_penalty_minor"]
    case, step = concluded_case(world, "no_penalty_minor", fields)
    data = {**no_penalty_data(step, reasons), name: ""}
    draft = document_actions.create_draft(world.officer_user, case, "no_penalty_decision", data)

    with pytest.raises(ValidationFailed) as raised:
        document_actions.finalise(world.officer_user, draft)

    assert label in raised.value.message
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT
    assert draft.number == ""


# --- 涉嫌犯罪案件移送书 -------------------------------------------------------------------------


@pytest.mark.usefixtures("fake_pdf")
def test_transfer_letter_contents(world: World) -> None:
    case, step = concluded_case(world, "transfer_to_judiciary", TRANSFER)
    data = transfer_data(step)

    document = finalised(world, case, "criminal_transfer", data)
    text = stored_text(document)

    assert "移送" in document.number
    party = case.parties.get()
    expected = [
        world.agency.name,
        "涉嫌犯罪案件移送书",
        document.number,
        "上海市公安局青浦分局：",
        case.number,
        party.name,
        party.address,
        TRANSFER["facts"],
        TRANSFER["suspected_crime"],
        "《中华人民共和国行政处罚法》第二十七条第一款",
        "（印章）",
        finalised_on(document),
    ]
    for value in expected:
        assert value in text, value
    # Blank lines are dropped and each material is numbered on its own line.
    lines = text.splitlines()
    assert "1．调查终结报告" in lines
    assert "2．现场检查笔录" in lines
    assert "3．询问笔录" in lines
    assert "4．涉案物品清单" in lines
    assert "5．" not in text


@pytest.mark.usefixtures("fake_pdf")
@pytest.mark.parametrize(
    ("name", "label"),
    [("receiving_organ", "接收移送的司法机关"), ("materials", "移送材料清单（每行一项）")],
)
def test_transfer_letter_refused_without_item(world: World, name: str, label: str) -> None:
    case, step = concluded_case(world, "transfer_to_judiciary", TRANSFER)
    data = {**transfer_data(step), name: "  "}
    draft = document_actions.create_draft(world.officer_user, case, "criminal_transfer", data)

    with pytest.raises(ValidationFailed) as raised:
        document_actions.finalise(world.officer_user, draft)

    assert label in raised.value.message
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT


# --- Links to the outcome step -----------------------------------------------------------------


@pytest.mark.usefixtures("fake_pdf")
@pytest.mark.parametrize(
    ("doc_type", "code", "allowed"),
    [
        ("no_penalty_decision", "no_penalty_minor", True),
        ("no_penalty_decision", "no_penalty_under_age", True),
        ("no_penalty_decision", "transfer_to_judiciary", False),
        ("criminal_transfer", "transfer_to_judiciary", True),
        ("criminal_transfer", "no_penalty_minor", False),
    ],
)
def test_outcome_document_links_to_step(
    world: World, doc_type: str, code: str, allowed: bool
) -> None:
    fields = TRANSFER if code == "transfer_to_judiciary" else OUTCOMES[code][0]
    case, step = concluded_case(world, code, fields)
    data = dict(FILLED[doc_type])
    if code == "no_penalty_under_age":
        data["guardian_order"] = fields["guardian_discipline"]
    document = finalised(world, case, doc_type, data)

    if allowed:
        linked = actions.link_document_to_step(world.officer_user, document, step.pk)
        assert linked.step_id == step.pk
        assert AuditEntry.objects.filter(action="document_step_linked").count() == 1
    else:
        with pytest.raises(ValidationFailed) as raised:
            actions.link_document_to_step(world.officer_user, document, step.pk)
        assert raised.value.field == "step_id"
        document.refresh_from_db()
        assert document.step_id is None


# --- Agency templates --------------------------------------------------------------------------


def bundled(doc_type: str) -> bytes:
    return templates.bundled_path(doc_type).read_bytes()


@pytest.mark.parametrize("doc_type", ["no_penalty_decision", "criminal_transfer"])
def test_bundled_template_accepted_as_agency_template(world: World, doc_type: str) -> None:
    template = document_actions.upload_agency_template(
        world.officer_user, world.agency, doc_type, SimpleUploadedFile("a.docx", bundled(doc_type))
    )
    assert template.version == 1
    assert template.doc_type == doc_type


# Each row names the missing placeholder and replaces the text that refers to it in the bundled
# template with a reference to another valid path, so the file still renders.
MISSING_PLACEHOLDERS = [
    ("no_penalty_decision", "doc.reasons", " doc.reasons ", " doc.facts "),
    ("no_penalty_decision", "doc.legal_basis", " doc.legal_basis ", " doc.facts "),
    ("no_penalty_decision", "doc.guardian_order", " doc.guardian_order ", " doc.education "),
    (
        "no_penalty_decision",
        "remedy.litigation_period",
        " remedy.litigation_period ",
        " remedy.reconsideration_period ",
    ),
    ("no_penalty_decision", "seal", " seal ", " date "),
    ("criminal_transfer", "doc.receiving_organ", " doc.receiving_organ ", " agency.name "),
    ("criminal_transfer", "doc.materials", " doc.materials.", " doc.contact."),
    ("criminal_transfer", "case.number", " case.number ", " case.title "),
    ("criminal_transfer", "number", "{{ number }}", "{{ date }}"),
]


@pytest.mark.parametrize(("doc_type", "missing", "old", "new"), MISSING_PLACEHOLDERS)
def test_agency_template_without_placeholder_refused(
    world: World, doc_type: str, missing: str, old: str, new: str
) -> None:
    content = replace_in_docx(bundled(doc_type), old, new)

    with pytest.raises(ValidationFailed) as raised:
        document_actions.upload_agency_template(
            world.officer_user, world.agency, doc_type, SimpleUploadedFile("a.docx", content)
        )

    assert f"“{DOC_TYPES[doc_type].title}”模板缺少必需的占位符" in raised.value.message
    assert "{{ " + missing + " }}" in raised.value.message
    assert raised.value.field == "file"
    assert not DocumentTemplate.objects.exists()


# --- PDF ---------------------------------------------------------------------------------------


def stored_pdf_text(document: Document, tmp_path: Path) -> tuple[str, list[list[str]]]:
    path = tmp_path / f"{document.doc_type}.pdf"
    with default_storage.open(document.pdf_file.name, "rb") as handle:
        path.write_bytes(handle.read())
    return test_documents_pdf.pdf_text(path), test_documents_pdf.pdf_fonts(path)


@pytest.mark.usefixtures("pdf_tools")
def test_outcome_documents_pdf_text(world: World, tmp_path: Path) -> None:
    fields, reasons = OUTCOMES["no_penalty_under_age"]
    child_case, child_step = concluded_case(world, "no_penalty_under_age", fields)
    decision = finalised(
        world, child_case, "no_penalty_decision", no_penalty_data(child_step, reasons)
    )
    transfer_case, transfer_step = concluded_case(world, "transfer_to_judiciary", TRANSFER)
    transfer = finalised(world, transfer_case, "criminal_transfer", transfer_data(transfer_step))

    checks = {
        decision: [
            "不予行政处罚决定书",
            decision.number,
            "李小明",
            *no_penalty_data(child_step, reasons).values(),
            "责令其监护人加以管教",
            "六十日内",
            "（印章）",
        ],
        transfer: [
            "涉嫌犯罪案件移送书",
            transfer.number,
            TRANSFER["receiving_organ"],
            TRANSFER["facts"],
            TRANSFER["suspected_crime"],
            "1．调查终结报告",
            "4．涉案物品清单",
            "（印章）",
        ],
    }
    for document, expected in checks.items():
        text, fonts = stored_pdf_text(document, tmp_path)
        for value in expected:
            assert re.sub(r"\s+", "", value) in text, (document.doc_type, value)
        # A glyph missing from the embedded fonts would come out as U+FFFD.
        assert "\ufffd" not in text
        cjk = [row for row in fonts if "CJK" in row[0]]
        assert cjk, fonts
        for row in cjk:
            assert row[-5] == "yes", row  # the "emb" column

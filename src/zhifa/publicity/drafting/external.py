"""Decisions made in other systems: reported through the exchange or entered by hand.

An exchanged decision carries only the figures the exchange format has (date, number, penalty
types and fine), so its text is built from those and the case title. A manual entry carries
what the officer typed: the party facts, the fields and the full text.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zhifa.agencies.models import Agency
from zhifa.cases.models import CaseKind, ExchangedDecision, PartyKind
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.core.errors import ValidationFailed
from zhifa.core.identifiers import check_id_number, check_uscc
from zhifa.publicity.drafting.content import DecisionContent, labelled_text, penalty_text
from zhifa.publicity.drafting.facts import domain_codes
from zhifa.publicity.drafting.parties import case_parties
from zhifa.publicity.fields import fields_for
from zhifa.publicity.models import PublicationKind

EXCHANGED_KINDS: dict[str, tuple[str, PublicationKind]] = {
    CaseKind.PENALTY_ORDINARY: ("ordinary", PublicationKind.PENALTY),
    CaseKind.PENALTY_SUMMARY: ("summary", PublicationKind.PENALTY),
    CaseKind.LICENSING: ("", PublicationKind.LICENSE),
    CaseKind.LICENSE_DISPOSAL: ("", PublicationKind.LICENSE),
    CaseKind.INSPECTION: ("", PublicationKind.INSPECTION),
    CaseKind.COERCIVE_MEASURE: ("", PublicationKind.COMPULSION),
    CaseKind.COMPULSORY_ENFORCEMENT: ("", PublicationKind.COMPULSION),
    CaseKind.LEVY: ("", PublicationKind.LEVY),
    CaseKind.REQUISITION: ("", PublicationKind.LEVY),
    CaseKind.HOUSING_EXPROPRIATION: ("", PublicationKind.EXPROPRIATION),
}


def content_of_exchanged(decision: ExchangedDecision) -> DecisionContent:
    case = decision.case
    procedure, kind = EXCHANGED_KINDS.get(case.kind, ("", PublicationKind.OTHER))
    types = list(decision.penalty_types or [])
    fine = decision.fine_amount if decision.fine_amount else None
    described = penalty_text(types, fine, None) if types else ""
    label = case.get_kind_display()
    parties = case_parties(case)
    names = "、".join(row["name"] for row in parties if row["role"] == "party")
    content = DecisionContent(
        kind=kind,
        agency=case.agency,
        title=f"{case.agency.short_name}{label}决定",
        decided_on=decision.decided_on,
        parties=parties,
        document_number=decision.document_number,
        document_title=f"{label}决定书",
        violation=case.title,
        facts_text=case.title,
        content=described,
        outcome=described or f"{label}决定",
        procedure=procedure,
        penalty_types=types,
        fine=fine,
        domain_codes=domain_codes(case, decision.decided_on),
        spot_check=case.spot_check_assignment_id is not None,
    )
    content.text = labelled_text(
        content.document_title,
        [
            ("文号", decision.document_number),
            ("当事人", names),
            ("案由", case.title),
            ("决定内容", described),
            ("决定日期", decision.decided_on.isoformat()),
            ("执法主体", case.agency.name),
        ],
    )
    return content


# Procedures a manual penalty entry may name. An empty one counts as ordinary for a penalty.
MANUAL_PROCEDURES = ("", "ordinary", "summary")


@dataclass
class PartyInput:
    """A party of a decision entered by hand."""

    kind: str
    name: str
    id_number: str = ""
    uscc: str = ""
    legal_representative: str = ""
    address: str = ""
    phone: str = ""


@dataclass
class ManualInput:
    """A decision made in another system, entered by hand (手工录入)."""

    agency_id: int
    kind: str
    document_number: str
    decided_on: datetime.date | None
    text: str
    parties: list[PartyInput]
    title: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    procedure: str = ""
    penalty_types: list[str] = field(default_factory=list)
    fine: Decimal | None = None
    domain_code: str = ""
    state_secret: bool = False


def _manual_party(index: int, row: PartyInput) -> dict[str, Any]:
    where = f"第{index}个当事人"
    name = (row.name or "").strip()
    if row.kind not in PartyKind.values:
        raise ValidationFailed(f"{where}的“当事人类型”无效，请重新选择。", field="parties")
    if not name:
        raise ValidationFailed(f"请填写{where}的“姓名或名称”。", field="parties")
    id_number = (row.id_number or "").strip().upper()
    if id_number and not check_id_number(id_number).valid:
        raise ValidationFailed(
            f"{where}的“身份证号”{id_number}无效：{check_id_number(id_number).reason}。",
            field="parties",
        )
    uscc = (row.uscc or "").strip().upper()
    if uscc and not check_uscc(uscc).valid:
        raise ValidationFailed(
            f"{where}的“统一社会信用代码”{uscc}无效，请核对后重新填写。", field="parties"
        )
    return {
        "name": name,
        "kind": row.kind,
        "id_number": id_number,
        "other_id_type": "",
        "other_id_number": "",
        "phone": (row.phone or "").strip(),
        "address": (row.address or "").strip(),
        "legal_representative": (row.legal_representative or "").strip(),
        "uscc": uscc,
        "role": "party",
    }


def _check_penalty_input(data: ManualInput) -> None:
    """Reject a procedure, penalty type or fine that the publication rules could not judge."""
    if data.procedure not in MANUAL_PROCEDURES:
        raise ValidationFailed(
            f"“程序”{data.procedure}无效，应为 ordinary（普通程序）或 summary（简易程序）。",
            field="procedure",
        )
    unknown = sorted(set(data.penalty_types) - set(PENALTY_LABELS))
    if unknown:
        raise ValidationFailed(
            f"处罚种类{'、'.join(unknown)}无效，请使用处罚种类代码，例如 warning、fine。",
            field="penalty_types",
        )
    if data.fine is not None and data.fine < 0:
        raise ValidationFailed(f"“罚款金额”{data.fine}不能为负数。", field="fine")


def validate_manual(data: ManualInput, agency: Agency, today: datetime.date) -> DecisionContent:
    """Check a manual entry and return its content; each error names the field to fix."""
    if data.kind not in PublicationKind.values:
        raise ValidationFailed("“公示类别”无效，请重新选择。", field="kind")
    _check_penalty_input(data)
    number = (data.document_number or "").strip()
    if not number:
        raise ValidationFailed("请填写“决定书文号”。", field="document_number")
    if data.decided_on is None:
        raise ValidationFailed("请填写“决定日期”。", field="decided_on")
    if data.decided_on > today:
        raise ValidationFailed(
            f"“决定日期”{data.decided_on.isoformat()}晚于今天，请填写已经作出决定的日期。",
            field="decided_on",
        )
    text = (data.text or "").strip()
    if not text:
        raise ValidationFailed("请填写“决定书全文”。", field="text")
    if not data.parties:
        raise ValidationFailed("请至少填写一个当事人。", field="parties")
    parties = [_manual_party(index, row) for index, row in enumerate(data.parties, start=1)]
    known = {spec.code for spec in fields_for(data.kind)}
    unknown = sorted(set(data.fields) - known)
    if unknown:
        raise ValidationFailed(
            f"字段{'、'.join(unknown)}不属于“{PublicationKind(data.kind).label}”的公示字段。",
            field="fields",
        )
    return _manual_content(data, agency, parties, number, text)


def _manual_content(
    data: ManualInput, agency: Agency, parties: list[dict[str, Any]], number: str, text: str
) -> DecisionContent:
    if data.decided_on is None:  # validate_manual has reported it
        raise ValidationFailed("请填写“决定日期”。", field="decided_on")
    label = PublicationKind(data.kind).label
    types = list(data.penalty_types)
    described = penalty_text(types, data.fine, None) if types else ""
    typed = {code: str(value).strip() for code, value in data.fields.items()}
    outcome = typed.get("GS_JL") or typed.get("CF_NR") or typed.get("XK_NR") or described
    return DecisionContent(
        kind=data.kind,
        agency=agency,
        title=(data.title or "").strip()[:300] or f"{agency.short_name}{label}",
        decided_on=data.decided_on,
        parties=parties,
        document_number=number,
        document_title=typed.get("XK_XKWS", f"{label}书"),
        violation=typed.get("CF_WFXW", ""),
        facts_text=typed.get("CF_SY", ""),
        legal_basis=typed.get("CF_YJ") or typed.get("GS_YJ", ""),
        content=typed.get("CF_NR") or typed.get("XK_NR") or described,
        outcome=outcome or label,
        procedure=data.procedure or ("ordinary" if data.kind == PublicationKind.PENALTY else ""),
        penalty_types=types,
        fine=data.fine,
        text=text,
        domain_codes=[data.domain_code] if data.domain_code else [],
        state_secret=data.state_secret,
    )

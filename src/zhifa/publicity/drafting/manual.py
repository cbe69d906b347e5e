"""Decisions made in other systems and entered by hand (手工录入), and the checks of that input.

The page and the API build a ``ManualInput``; ``validate_manual`` checks every value and turns
it into the ``DecisionContent`` that drafts are made from. Errors name the field to fix: a
party's field is ``parties.<index>.<name>``, counted from 0, and a dual-publicity field is
``fields.<code>``.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zhifa.agencies.models import Agency
from zhifa.cases.models import PartyKind
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.core.errors import ValidationFailed
from zhifa.core.identifiers import check_id_number
from zhifa.publicity.drafting.content import TEN_THOUSAND, DecisionContent, penalty_text
from zhifa.publicity.drafting.document_numbers import check_document_number
from zhifa.publicity.drafting.field_checks import clean_fields
from zhifa.publicity.drafting.validation import (
    check_domain,
    clean_phone,
    clean_text,
    clean_uscc,
    optional_yuan,
)
from zhifa.publicity.models import PublicationKind

# Procedures a manual penalty entry may name. An empty one counts as ordinary for a penalty.
MANUAL_PROCEDURES = ("", "ordinary", "summary")
FINE = "fine"
# Party kinds that the dual-publicity standard identifies by a 统一社会信用代码.
# NOTE: the standard marks the code required "for organisations". Whether 个体工商户 need it
# too is not settled, so their code is checked only when given.
USCC_REQUIRED_KINDS = frozenset({PartyKind.LEGAL_PERSON, PartyKind.OTHER_ORGANIZATION})
MAX_TEXT = 100_000
MAX_TITLE = 300
MAX_NAME = 200
MAX_REPRESENTATIVE = 60
MAX_ADDRESS = 200


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
    """A decision made in another system, entered by hand (手工录入).

    ``fine`` is the amount in yuan as typed (text or a number); ``validate_manual`` parses it.
    """

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
    fine: Decimal | str | int | None = None
    domain_code: str = ""
    state_secret: bool = False


def _party_id_number(value: str, where: str, field_name: str) -> str:
    text = clean_text(value, field_name, f"{where}的身份证号", max_length=40).upper()
    if not text:
        return ""
    result = check_id_number(text)
    if not result.valid:
        raise ValidationFailed(
            f"{where}的“身份证号”{text}无效：{result.reason}。", field=field_name
        )
    return result.normalized


def _manual_party(index: int, row: PartyInput) -> dict[str, Any]:
    where = f"第{index + 1}个当事人"
    prefix = f"parties.{index}"
    if row.kind not in PartyKind.values:
        raise ValidationFailed(f"{where}的“当事人类型”无效，请重新选择。", field=f"{prefix}.kind")
    name = clean_text(
        row.name, f"{prefix}.name", f"{where}的姓名或名称", max_length=MAX_NAME, required=True
    )
    uscc = clean_uscc(
        row.uscc,
        f"{prefix}.uscc",
        f"{where}的统一社会信用代码",
        required=row.kind in USCC_REQUIRED_KINDS,
    )
    representative = clean_text(
        row.legal_representative,
        f"{prefix}.legal_representative",
        f"{where}的法定代表人或负责人",
        max_length=MAX_REPRESENTATIVE,
    )
    address = clean_text(
        row.address, f"{prefix}.address", f"{where}的住所或地址", max_length=MAX_ADDRESS
    )
    return {
        "name": name,
        "kind": row.kind,
        "id_number": _party_id_number(row.id_number, where, f"{prefix}.id_number"),
        "other_id_type": "",
        "other_id_number": "",
        "phone": clean_phone(row.phone, f"{prefix}.phone", f"{where}的联系电话"),
        "address": address,
        "legal_representative": representative,
        "uscc": uscc,
        "role": "party",
    }


def _penalty_terms(data: ManualInput) -> tuple[list[str], Decimal | None]:
    """Return the checked penalty types and fine; only a penalty may have them."""
    types = list(dict.fromkeys(data.penalty_types))
    fine = optional_yuan(data.fine, "fine", "罚款金额")
    if data.kind != PublicationKind.PENALTY:
        if types or fine is not None or data.procedure:
            raise ValidationFailed(
                "“处罚种类”“罚款金额”和“程序”只适用于行政处罚，请清空或把“公示类别”改为行政处罚决定。",
                field="penalty_types",
            )
        return [], None

    if data.procedure not in MANUAL_PROCEDURES:
        raise ValidationFailed(
            f"“程序”{data.procedure[:20]}无效，应为 ordinary（普通程序）或 summary（简易程序）。",
            field="procedure",
        )
    unknown = sorted(set(types) - set(PENALTY_LABELS))
    if unknown:
        raise ValidationFailed(
            f"处罚种类{'、'.join(unknown)}无效，请使用处罚种类代码，例如 warning、fine。",
            field="penalty_types",
        )
    if not types:
        raise ValidationFailed("请选择至少一种“处罚种类”。", field="penalty_types")
    if FINE in types and fine is None:
        raise ValidationFailed("处罚种类包括罚款，请填写“罚款金额”（元）。", field="fine")
    if FINE not in types and fine is not None:
        raise ValidationFailed(
            "填写了“罚款金额”，但“处罚种类”未选罚款；请勾选罚款或清空罚款金额。", field="fine"
        )
    return types, fine


def _decided_on(value: datetime.date | None, today: datetime.date) -> datetime.date:
    if value is None:
        raise ValidationFailed("请填写“决定日期”。", field="decided_on")
    if value > today:
        raise ValidationFailed(
            f"“决定日期”{value.isoformat()}晚于今天，请填写已经作出决定的日期。",
            field="decided_on",
        )
    return value


def _check_fine_field(typed: dict[str, str], fine: Decimal | None) -> None:
    """Reject a typed 罚款金额（万元） that disagrees with the fine in yuan."""
    typed_wan = typed.get("CF_NR_FK")
    if not typed_wan or fine is None:
        return
    if Decimal(typed_wan) * TEN_THOUSAND != fine:
        raise ValidationFailed(
            f"“罚款金额（万元）”{typed_wan}与“罚款金额”{fine}元不一致，请核对；"
            "只填写以元为单位的罚款金额即可。",
            field="fields.CF_NR_FK",
        )


def validate_manual(data: ManualInput, agency: Agency, today: datetime.date) -> DecisionContent:
    """Check a manual entry and return its content; each error names the field to fix."""
    if data.kind not in PublicationKind.values:
        raise ValidationFailed("“公示类别”无效，请重新选择。", field="kind")
    title = clean_text(data.title, "title", "标题", max_length=MAX_TITLE)
    number = check_document_number(data.document_number, agency.pk)
    decided_on = _decided_on(data.decided_on, today)
    text = clean_text(
        data.text, "text", "决定书全文", max_length=MAX_TEXT, required=True, multiline=True
    )
    domain = check_domain(data.domain_code)
    types, fine = _penalty_terms(data)
    if not data.parties:
        raise ValidationFailed("请至少填写一个当事人。", field="parties")
    parties = [_manual_party(index, row) for index, row in enumerate(data.parties)]
    typed = clean_fields(data.kind, dict(data.fields), {}, agency_id=agency.pk, publication_pk=None)

    _check_fine_field(typed, fine)

    label = PublicationKind(data.kind).label
    described = penalty_text(types, fine, None) if types else ""
    outcome = typed.get("GS_JL") or typed.get("CF_NR") or typed.get("XK_NR") or described
    return DecisionContent(
        kind=data.kind,
        agency=agency,
        title=title or f"{agency.short_name}{label}",
        decided_on=decided_on,
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
        fine=fine,
        text=text,
        domain_codes=[domain] if domain else [],
        state_secret=data.state_secret,
        fields=typed,
    )

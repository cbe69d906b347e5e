"""The content of one decision, and the publication original made from it.

Every source (a case step, an exchanged decision, a manual entry) fills a ``DecisionContent``;
``original_of`` turns it into the JSON a publication keeps: the parties, the dual-publicity
fields with unmasked values (``zhifa.publicity.fields``), the full text, and the facts the
publication rules and periods read. The period rules read the ``facts`` keys too, so these
keys stay stable. They are procedure, penalty_types, fine_amount, confiscation_amount,
domain_codes, ban_months, party_kinds, minor and outcome, plus no_penalty, result, spot_check
and state_secret for the publication rules.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zhifa.agencies.models import Agency
from zhifa.cases.models import PartyKind
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.publicity.drafting.parties import DUAL_PUBLICITY_CATEGORY, has_minor, principal
from zhifa.publicity.models import PublicationKind

TEN_THOUSAND = Decimal(10000)

ID_TYPE_LABELS = {
    "passport": "护照",
    "hk_macao_permit": "港澳居民来往内地通行证",
    "taiwan_permit": "台湾居民来往大陆通行证",
    "foreign_permanent_resident": "外国人永久居留身份证",
    "other": "其他",
}


@dataclass
class DecisionContent:
    """The content of one decision, whatever system made it."""

    kind: str
    agency: Agency
    title: str
    decided_on: datetime.date
    parties: list[dict[str, Any]]
    document_number: str = ""
    document_title: str = ""
    violation: str = ""
    facts_text: str = ""
    legal_basis: str = ""
    content: str = ""
    outcome: str = ""
    procedure: str = ""
    penalty_types: list[str] = field(default_factory=list)
    fine: Decimal | None = None
    confiscation: Decimal | None = None
    licence: dict[str, str] = field(default_factory=dict)
    text: str = ""
    domain_codes: list[str] = field(default_factory=list)
    ban_months: int | None = None
    no_penalty: bool = False
    result: str = ""
    spot_check: bool = False
    state_secret: bool = False
    # Dual-publicity values typed by hand; they replace the values derived above.
    fields: dict[str, str] = field(default_factory=dict)


def penalty_text(types: list[str], fine: Decimal | None, confiscation: Decimal | None) -> str:
    """Describe a penalty in words, e.g. 警告；罚款人民币2000元."""
    parts = []
    for code in types:
        label = PENALTY_LABELS.get(code, code)
        if code == "fine" and fine:
            label = f"罚款人民币{plain(fine)}元"
        parts.append(label)
    if confiscation:
        parts.append(f"没收金额（价值）人民币{plain(confiscation)}元")
    return "；".join(parts)


def plain(amount: Decimal) -> str:
    """Write an amount without exponent and without trailing zeros after the point."""
    text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def in_ten_thousands(amount: Decimal | None) -> str:
    """Return yuan as 万元, the unit of the dual-publicity amounts, keeping every digit."""
    if not amount:
        return ""
    return plain(amount / TEN_THOUSAND)


def _party_values(parties: list[dict[str, Any]]) -> dict[str, str]:
    """Return the party columns: names joined, and the first party's kind and codes."""
    main = principal(parties) or parties
    if not main:
        return {}
    first = main[0]
    natural = first.get("kind") in (PartyKind.NATURAL_PERSON, PartyKind.INDIVIDUAL_BUSINESS)
    id_type = ""
    id_number = ""
    if natural and first.get("id_number"):
        id_type, id_number = "身份证", first["id_number"]
    elif natural and first.get("other_id_number"):
        id_type = ID_TYPE_LABELS.get(first.get("other_id_type", ""), "其他")
        id_number = first["other_id_number"]
    return {
        "name": "、".join(row["name"] for row in main),
        "category": DUAL_PUBLICITY_CATEGORY.get(first.get("kind", ""), ""),
        "uscc": first.get("uscc", ""),
        "legal_representative": first.get("legal_representative", ""),
        "id_type": id_type,
        "id_number": id_number,
    }


def _penalty_fields(content: DecisionContent, party: dict[str, str]) -> dict[str, str]:
    agency = content.agency
    return {
        "CF_XDR_MC": party.get("name", ""),
        "CF_XDR_LB": party.get("category", ""),
        "CF_XDR_SHXYM": party.get("uscc", ""),
        "CF_FRDB": party.get("legal_representative", ""),
        "CF_XDR_ZJLX": party.get("id_type", ""),
        "CF_XDR_ZJHM": party.get("id_number", ""),
        "CF_WSH": content.document_number,
        "CF_WFXW": content.violation,
        "CF_SY": content.facts_text,
        "CF_YJ": content.legal_basis,
        "CF_CFLB": "、".join(PENALTY_LABELS.get(code, code) for code in content.penalty_types),
        "CF_NR": content.content,
        "CF_NR_FK": in_ten_thousands(content.fine),
        "CF_NR_WFFF": in_ten_thousands(content.confiscation),
        "CF_NR_ZKDX": content.licence.get("certificate", ""),
        "CF_JDRQ": content.decided_on.isoformat(),
        "CF_CFJG": agency.name,
        "CF_CFJGDM": agency.uscc,
        "CF_SJLY": agency.name,
        "CF_SJLYDM": agency.uscc,
    }


def _license_fields(content: DecisionContent, party: dict[str, str]) -> dict[str, str]:
    agency = content.agency
    licence = content.licence
    return {
        "XK_XDR_MC": party.get("name", ""),
        "XK_XDR_LB": party.get("category", ""),
        "XK_XDR_SHXYM": party.get("uscc", ""),
        "XK_FRDB": party.get("legal_representative", ""),
        "XK_XDR_ZJLX": party.get("id_type", ""),
        "XK_XDR_ZJHM": party.get("id_number", ""),
        "XK_XKWS": content.document_title,
        "XK_WSH": content.document_number or licence.get("number", ""),
        "XK_XKLB": licence.get("category", ""),
        "XK_XKZS": licence.get("certificate", ""),
        "XK_XKBH": licence.get("number", ""),
        "XK_NR": content.content,
        "XK_JDRQ": content.decided_on.isoformat(),
        "XK_YXQZ": licence.get("valid_from", ""),
        "XK_YXQZI": licence.get("valid_to", ""),
        "XK_XKJG": agency.name,
        "XK_XKJGDM": agency.uscc,
        "XK_ZT": licence.get("state", "有效"),
        "XK_LYDW": agency.name,
        "XK_LYDWDM": agency.uscc,
    }


def _general_fields(content: DecisionContent, party: dict[str, str]) -> dict[str, str]:
    return {
        "GS_XDR_MC": party.get("name", ""),
        "GS_XDR_LB": party.get("category", ""),
        "GS_XDR_SHXYM": party.get("uscc", ""),
        "GS_WSH": content.document_number,
        "GS_LB": PublicationKind(content.kind).label,
        "GS_JL": content.outcome,
        "GS_YJ": content.legal_basis,
        "GS_JDRQ": content.decided_on.isoformat(),
        "GS_JG": content.agency.name,
    }


def field_values(content: DecisionContent) -> dict[str, str]:
    """Return the unmasked dual-publicity fields of the decision; empty ones are left out."""
    party = _party_values(content.parties)
    if content.kind == PublicationKind.PENALTY:
        values = _penalty_fields(content, party)
    elif content.kind == PublicationKind.LICENSE:
        values = _license_fields(content, party)
    else:
        values = _general_fields(content, party)
    return {code: value for code, value in values.items() if value}


def facts_of(content: DecisionContent) -> dict[str, Any]:
    return {
        "procedure": content.procedure,
        "penalty_types": sorted(content.penalty_types),
        "fine_amount": format(content.fine, "f") if content.fine else None,
        "confiscation_amount": format(content.confiscation, "f") if content.confiscation else None,
        "domain_codes": sorted(set(content.domain_codes)),
        "ban_months": content.ban_months,
        "party_kinds": sorted({row.get("kind", "") for row in principal(content.parties)}),
        "minor": has_minor(principal(content.parties), content.decided_on),
        "outcome": content.outcome,
        "no_penalty": content.no_penalty,
        "result": content.result,
        "spot_check": content.spot_check,
        "state_secret": content.state_secret,
    }


def original_of(content: DecisionContent) -> dict[str, Any]:
    return {
        "parties": content.parties,
        "fields": {**field_values(content), **{k: v for k, v in content.fields.items() if v}},
        "text": content.text,
        "facts": facts_of(content),
    }


def labelled_text(heading: str, lines: list[tuple[str, str]]) -> str:
    """Join a heading and (label, value) lines into a text, skipping empty values."""
    body = [f"{label}：{value.strip()}" for label, value in lines if value and value.strip()]
    return "\n".join([heading, *body]) if heading else "\n".join(body)

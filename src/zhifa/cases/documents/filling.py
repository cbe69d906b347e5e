"""Building the values a document template is filled with, from the case and the filled fields.

The context holds only strings, lists and dicts, never model instances, so a template
(agencies upload their own) cannot reach the database through it.
"""

import datetime
from typing import Any

from zhifa.cases.documents import rules
from zhifa.cases.documents.registry import DOC_TYPES, DocTypeSpec, PartyIdentity
from zhifa.cases.models import Case, CaseParty, Document, Party, PartyKind
from zhifa.cases.models.case import CasePartyRole
from zhifa.core.chinese_dates import chinese_date
from zhifa.core.workdays import shanghai_date

SEAL_PLACEHOLDER = "（印章）"


def _mask_other_id(number: str) -> str:
    if len(number) <= 4:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 4) + number[-2:]


def party_values(party: Party, identity: PartyIdentity) -> dict[str, str]:
    """Return a party's printable fields; ID numbers of persons are masked when asked."""
    if party.uscc:
        id_label, id_number = "统一社会信用代码", party.uscc
    elif party.id_number:
        id_label = "居民身份证号码"
        masked = identity is PartyIdentity.MASKED
        id_number = party.masked_id_number if masked else party.id_number
    elif party.other_id_number:
        id_label = party.get_other_id_type_display() or "身份证件号码"
        masked = identity is PartyIdentity.MASKED
        id_number = _mask_other_id(party.other_id_number) if masked else party.other_id_number
    else:
        id_label, id_number = "身份证件号码", ""

    return {
        "name": party.name,
        "kind": PartyKind(party.kind).label if party.kind else "",
        "id_label": id_label,
        "id_number": id_number,
        "legal_representative": party.legal_representative,
        "address": party.address,
        "phone": party.phone if identity is PartyIdentity.FULL else "",
    }


def case_parties(case: Case) -> list[Party]:
    links = CaseParty.objects.filter(case=case).select_related("party").order_by("role", "pk")
    # "party" sorts before "third_party", so parties proper come first.
    return [link.party for link in links if link.role == CasePartyRole.PARTY] + [
        link.party for link in links if link.role != CasePartyRole.PARTY
    ]


def selected_party(case: Case, data: dict[str, Any]) -> Party | None:
    """Return the party the document is addressed to: ``data["party_id"]`` or the first party."""
    parties = case_parties(case)
    wanted = data.get("party_id")
    if wanted:
        return next((party for party in parties if str(party.pk) == str(wanted)), None)
    return parties[0] if parties else None


def officer_values(case: Case) -> list[dict[str, str]]:
    values = []
    for officer in case.officers.order_by("full_name"):
        credential = officer.current_credential()
        number = credential.number if credential is not None and credential.number else ""
        values.append({"name": officer.full_name, "credential_number": number})
    return values


def step_values(case: Case) -> list[dict[str, str]]:
    values = []
    for step in case.steps.order_by("sequence"):
        values.append(
            {
                "sequence": str(step.sequence),
                "stage": step.get_stage_display(),
                "step": step.step,
                "occurred_at": chinese_date(shanghai_date(step.occurred_at)),
                "place": step.place,
                "summary": step.summary,
                "corrects": str(step.corrects.sequence)
                if step.corrects_id and step.corrects
                else "",
            }
        )
    return values


def field_values(spec: DocTypeSpec, data: dict[str, Any]) -> dict[str, str]:
    """Return every field of the type as a string, empty where not filled."""
    return {field.name: str(data.get(field.name) or "") for field in spec.fields}


def build_context(document: Document, *, number: str, day: datetime.date | None) -> dict[str, Any]:
    """Return the template variables for ``document`` (see the list in ``registry``)."""
    case = document.case
    spec = DOC_TYPES[document.doc_type]
    agency = case.agency

    party = selected_party(case, document.data)
    parties = [party_values(item, spec.party_identity) for item in case_parties(case)]
    officers = officer_values(case)

    return {
        "agency": {"name": agency.name, "short_name": agency.short_name},
        "case": {
            "number": case.number,
            "title": case.title,
            "kind": case.get_kind_display(),
            "opened_on": chinese_date(case.opened_on),
        },
        "party": party_values(party, spec.party_identity) if party is not None else {},
        "parties": parties,
        "parties_text": "、".join(item["name"] for item in parties),
        "officers": officers,
        "officers_text": "、".join(
            f"{item['name']}（执法证号：{item['credential_number'] or '未登记'}）"
            for item in officers
        ),
        "steps": step_values(case),
        "number": number,
        "date": chinese_date(day) if day is not None else "　　年　　月　　日",
        "seal": SEAL_PLACEHOLDER,
        "remedy": {
            "reconsideration_period": rules.RECONSIDERATION_PERIOD,
            "litigation_period": rules.LITIGATION_PERIOD,
        },
        "doc": field_values(spec, document.data),
    }


def penalty_decision_values(context: dict[str, Any], day: datetime.date | None) -> dict[str, str]:
    """Map a filled context onto the Art. 59 item keys that ``rules`` checks."""
    doc = context["doc"]
    party = context["party"]
    return {
        "party_name": party.get("name", ""),
        "party_address": party.get("address", ""),
        "facts": doc.get("facts", ""),
        "evidence": doc.get("evidence", ""),
        "penalty": doc.get("penalty", ""),
        "penalty_basis": doc.get("penalty_basis", ""),
        "performance": doc.get("performance", ""),
        "reconsideration_body": doc.get("reconsideration_body", ""),
        "court": doc.get("court", ""),
        "agency_name": context["agency"]["name"],
        "decision_date": chinese_date(day) if day is not None else "",
    }


def sample_context(spec: DocTypeSpec) -> dict[str, Any]:
    """Return a context with every value filled, for checking that a template renders."""
    party = {
        "name": "示例当事人",
        "kind": "法人",
        "id_label": "统一社会信用代码",
        "id_number": "91310118MA1JL0000X",
        "legal_representative": "示例代表人",
        "address": "上海市青浦区示例路1号",
        "phone": "021-00000000",
    }
    return {
        "agency": {"name": "示例执法单位", "short_name": "示例"},
        "case": {"number": "示例罚立〔2026〕1号", "title": "示例案由", "kind": "", "opened_on": ""},
        "party": party,
        "parties": [party],
        "parties_text": party["name"],
        "officers": [{"name": "示例执法人员", "credential_number": "00000000"}],
        "officers_text": "示例执法人员（执法证号：00000000）",
        "steps": [],
        "number": "示例〔2026〕1号",
        "date": "2026年1月1日",
        "seal": SEAL_PLACEHOLDER,
        "remedy": {
            "reconsideration_period": rules.RECONSIDERATION_PERIOD,
            "litigation_period": rules.LITIGATION_PERIOD,
        },
        "doc": {field.name: f"〔{field.label}〕" for field in spec.fields},
    }

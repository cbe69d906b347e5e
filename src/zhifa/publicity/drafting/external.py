"""Decisions made in other systems and reported through the exchange.

An exchanged decision carries only the figures the exchange format has (date, number, penalty
types and fine), so its text is built from those and the case title. Decisions entered by hand
are in ``zhifa.publicity.drafting.manual``, re-exported here for existing callers.
"""

from zhifa.cases.models import CaseKind, ExchangedDecision
from zhifa.publicity.drafting.content import DecisionContent, labelled_text, penalty_text
from zhifa.publicity.drafting.facts import domain_codes
from zhifa.publicity.drafting.manual import ManualInput, PartyInput, validate_manual
from zhifa.publicity.drafting.parties import case_parties
from zhifa.publicity.models import PublicationKind

__all__ = [
    "EXCHANGED_KINDS",
    "ManualInput",
    "PartyInput",
    "content_of_exchanged",
    "validate_manual",
]

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

"""The parties of a publication as plain dicts, kept in its unmasked original.

Each dict has the keys of the redaction engine's ``PartyFacts`` plus ``role`` (当事人 or
第三人) and ``other_id_type``. Publications keep a copy rather than a link to ``Party``,
so a later change of the party register does not change what was decided or published.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from zhifa.cases.models import Case, Party, PartyKind
from zhifa.cases.models.case import CasePartyRole
from zhifa.core.identifiers import check_id_number

PARTY_KEYS = (
    "name",
    "kind",
    "id_number",
    "other_id_number",
    "phone",
    "address",
    "legal_representative",
    "uscc",
)

# The party categories of the dual-publicity standard (行政相对人类别).
DUAL_PUBLICITY_CATEGORY = {
    PartyKind.NATURAL_PERSON: "自然人",
    PartyKind.INDIVIDUAL_BUSINESS: "个体工商户",
    PartyKind.LEGAL_PERSON: "法人及非法人组织",
    PartyKind.OTHER_ORGANIZATION: "法人及非法人组织",
}

ADULT_AGE = 18


def party_dict(party: Party, role: str = CasePartyRole.PARTY) -> dict[str, Any]:
    return {
        "name": party.name,
        "kind": party.kind,
        "id_number": party.id_number,
        "other_id_type": party.other_id_type,
        "other_id_number": party.other_id_number,
        "phone": party.phone,
        "address": party.address,
        "legal_representative": party.legal_representative,
        "uscc": party.uscc,
        "role": role,
    }


def case_parties(case: Case) -> list[dict[str, Any]]:
    """Return the parties and third parties of ``case``, parties first."""
    links = case.party_links.select_related("party").order_by("role", "pk")
    rows = [party_dict(link.party, link.role) for link in links]
    return sorted(rows, key=lambda row: row["role"] != CasePartyRole.PARTY)


def principal(parties: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the parties the decision is aimed at (not third parties)."""
    return [row for row in parties if row.get("role", CasePartyRole.PARTY) == CasePartyRole.PARTY]


def age_on(id_number: str, day: datetime.date) -> int | None:
    """Return the age on ``day`` from a resident ID number, or None without a valid one."""
    if not id_number:
        return None
    result = check_id_number(id_number, today=day)
    born = result.birth_date
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def has_minor(parties: Iterable[dict[str, Any]], day: datetime.date) -> bool:
    """Return whether a natural-person party was under 18 on ``day``, judged from the ID number."""
    for row in parties:
        if row.get("kind") != PartyKind.NATURAL_PERSON:
            continue
        age = age_on(row.get("id_number", ""), day)
        if age is not None and age < ADULT_AGE:
            return True
    return False

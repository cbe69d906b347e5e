"""Masking (脱敏) of a guiding case's texts with the publicity redaction engine.

Every agency reads a guiding case and the portal may show it, so it is masked more strictly
than a published decision. The agency's publication policy is the base. No party's name, ID
number, credit code, phone or address is kept, even where the policy publishes it for a
decision (company names and USCCs of the dual-publicity format).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from zhifa.cases.models import Case
from zhifa.core.errors import ValidationFailed
from zhifa.publicity import redaction
from zhifa.publicity.drafting.parties import case_parties
from zhifa.publicity.publishing.masking import officer_strings, party_facts
from zhifa.publicity.redaction.defaults import (
    ANY_PARTY,
    FULL,
    KEEP,
    NATURAL_PERSON,
    PARTIAL,
    PARTY_KINDS,
    REMOVE,
    SURNAME,
)
from zhifa.publicity.redaction.engine import find_literal
from zhifa.publicity.redaction.policy import policy_for

# How much each method hides, to compare a policy's method with the minimum below.
_STRENGTH = {KEEP: 0, PARTIAL: 1, SURNAME: 1, FULL: 2, REMOVE: 3}

# Minimum masking method of each party field in a guiding case. A natural person keeps the
# surname (张某某), the usual form of published cases. An organisation's name is hidden whole.
_PERSON_MINIMUM = {
    "name": SURNAME,
    "legal_representative": SURNAME,
    "id_number": FULL,
    "other_id_number": FULL,
    "uscc": FULL,
    "phone": FULL,
    "address": FULL,
    "bank_account": FULL,
    "plate": FULL,
}
_ORGANIZATION_MINIMUM = {**_PERSON_MINIMUM, "name": FULL}

# Party values that must not appear in a stored text, checked after masking as a safety net.
_IDENTIFYING_FIELDS = ("name", "id_number", "other_id_number", "uscc")


@dataclass(frozen=True)
class MaskedField:
    """One text of a guiding case before and after masking, for the side-by-side preview."""

    name: str
    label: str
    original: str
    masked: str
    suspects: tuple[str, ...]


def guiding_policy(agency_id: int) -> redaction.Policy:
    """Return the agency's publication policy raised to the guiding-case minimum."""
    base = policy_for(agency_id)
    rows = []
    for kind in PARTY_KINDS:
        minimum = _PERSON_MINIMUM if kind == NATURAL_PERSON else _ORGANIZATION_MINIMUM
        for field, method in minimum.items():
            if _STRENGTH[base.method(kind, field)] < _STRENGTH[method]:
                rows.append((kind, field, method))
    if base.method(ANY_PARTY, "other_person") == KEEP:
        rows.append((ANY_PARTY, "other_person", SURNAME))
    return base.with_methods(rows)


def _visible_strings(case: Case, policy: redaction.Policy) -> list[str]:
    """Return the strings left unmasked: the agency's names and phone, and its officers."""
    agency = case.agency
    unmasked = [agency.name, agency.short_name, agency.phone, *officer_strings(policy, case)]
    return [value for value in unmasked if value]


def mask_texts(
    case: Case, texts: Mapping[str, tuple[str, str]], extra: Sequence[str] = ()
) -> list[MaskedField]:
    """Mask each text of ``texts`` (name to label and original) with the case's parties.

    ``extra`` lists strings the bureau wants hidden wherever they occur. Raises
    ``ValidationFailed`` naming the field if a party's name or ID still shows after masking,
    which happens only when it sits inside a kept string such as the agency's name.
    """
    parties = case_parties(case)
    policy = guiding_policy(case.agency_id)
    facts = party_facts(parties)
    keep = _visible_strings(case, policy)

    results = []
    for name, (label, original) in texts.items():
        scanned = redaction.redact_text(original, facts, policy, keep=keep, extra=list(extra))
        _check_no_party_data(name, label, scanned.masked, parties)
        results.append(MaskedField(name, label, original, scanned.masked, scanned.suspects))
    return results


def _check_no_party_data(name: str, label: str, text: str, parties: list[dict[str, Any]]) -> None:
    for party in parties:
        for field in _IDENTIFYING_FIELDS:
            value = str(party.get(field) or "").strip()
            if value and find_literal(text, value):
                raise ValidationFailed(
                    f"“{label}”隐名处理后仍含有当事人的姓名、名称或证件号码，"
                    "请改写相关文字后重新预览。",
                    field=name,
                )

"""Party data that the approver may not unmask (取消遮蔽) on the approver screen.

A natural-person party's name, ID number, other ID number, phone and address, and any party's
ID numbers, are masked by the agency's policy. The approver's "keep visible" strings stop
every mask that touches them, so a kept string that contains, lies inside or overlaps such a
value would publish it. Only a change of the masking policy (脱敏规则) may publish these.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from zhifa.cases.models import PartyKind

KEEP_METHOD = "keep"
# Masking-policy fields of a natural person that the approver may not unmask.
PERSON_FIELDS = ("name", "id_number", "other_id_number", "phone", "address")
# Fields protected for every kind of party: they identify a person.
ANY_PARTY_FIELDS = ("id_number", "other_id_number")
# Masks found by pattern whose values identify any person, such as a witness's phone.
PROTECTED_MASK_KINDS = frozenset({"id_number", "other_id_number", "phone", "email", "bank_account"})
REFUSAL = "当事人的姓名、证件号码、电话和住址不能取消遮蔽；如确需公开，请由区司法局修改脱敏规则。"


def protected_values(policy: Any, parties: Sequence[dict[str, Any]]) -> list[str]:
    """Return the parties' values that stay masked whatever the approver keeps visible.

    A value whose field the policy publishes (method ``keep``) is not protected.
    """
    values: list[str] = []
    for row in parties:
        kind = row.get("kind", "")
        names = PERSON_FIELDS if kind == PartyKind.NATURAL_PERSON else ANY_PARTY_FIELDS
        for field_name in names:
            value = str(row.get(field_name) or "").strip()
            if value and policy.method(kind, field_name) != KEEP_METHOD:
                values.append(value)
    return values


def pattern_values(text: str, masks: Iterable[dict[str, Any]]) -> list[str]:
    """Return the masked strings of ``text`` whose kind always identifies a person."""
    return [
        text[int(mask["start"]) : int(mask["end"])]
        for mask in masks
        if mask.get("kind") in PROTECTED_MASK_KINDS
    ]


def _spans(text: str, value: str) -> list[tuple[int, int]]:
    spans = []
    start = text.find(value)
    while start >= 0:
        spans.append((start, start + len(value)))
        start = text.find(value, start + 1)
    return spans


def touched_value(kept: str, protected: Sequence[str], texts: Sequence[str]) -> str | None:
    """Return the protected value that keeping ``kept`` visible would expose, or None.

    That is one containing or inside ``kept``, or one that an occurrence of ``kept`` in any
    of ``texts`` overlaps.
    """
    if not kept:
        return None
    for value in protected:
        if value in kept or kept in value:
            return value
    for text in texts:
        kept_spans = _spans(text, kept)
        if not kept_spans:
            continue
        for value in protected:
            for start, end in _spans(text, value):
                if any(s < end and start < e for s, e in kept_spans):
                    return value
    return None

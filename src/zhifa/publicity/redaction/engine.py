"""The text scanner: find what to mask in a decision's text and replace it.

First the spans of kept strings are found. Detections come from the parties' stored values,
the patterns, the name tagger and the approver's added strings. Detections that touch a kept
string are dropped or cut around it, overlapping ones are merged, and each merged span is
replaced. Text outside the masks is copied unchanged.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from zhifa.publicity.redaction.datatypes import Mask, PartyFacts, Policy, Redaction
from zhifa.publicity.redaction.defaults import FULL, KEEP, NATURAL_PERSON, REMOVE
from zhifa.publicity.redaction.detection import Detection
from zhifa.publicity.redaction.names import NAME_DOTS, split_surname
from zhifa.publicity.redaction.patterns import (
    find_bank_accounts,
    find_id_numbers,
    find_patterns,
    find_phones,
    find_plates,
)
from zhifa.publicity.redaction.replacements import HIDDEN_TEXT, SURNAME_PLACEHOLDER
from zhifa.publicity.redaction.tagger import NameScan, looks_like_name, scan_person_names
from zhifa.publicity.redaction.values import mask_value

# When detections overlap, the merged mask takes the kind listed first: kinds whose
# replacement hides the whole span come before those that keep part of it (138****5678, 张某某).
PRIORITY = (
    "manual",
    "id_number",
    "bank_account",
    "address",
    "phone",
    "email",
    "plate",
    "name",
    "person_name",
)
# Kinds dropped entirely when they touch a kept string, since a piece of them would still
# identify someone. Addresses and the approver's strings are cut around the kept string instead.
ATOMIC_KINDS = frozenset(
    {"id_number", "phone", "email", "bank_account", "plate", "name", "person_name"}
)

# Party fields searched in the text, with the mask kind they produce.
PARTY_FIELDS = (
    ("name", "name"),
    ("legal_representative", "name"),
    ("id_number", "id_number"),
    ("other_id_number", "id_number"),
    ("uscc", "id_number"),
    ("phone", "phone"),
    ("address", "address"),
)
# A stored address is also searched without its leading province or city, as decisions often
# omit them; shorter remainders are too generic to search for.
_ADDRESS_PREFIX = re.compile(r"^(?:中国)?(?:[^省市]{2,8}(?:省|自治区))?(?:[^省市]{2,8}市)?")
MIN_ADDRESS_VARIANT = 8
# A natural person's given name alone ("晓明" of 欧阳晓明) is masked too, since together with
# the published surname it restores the full name. One character is too common to search for.
MIN_GIVEN_NAME = 2
GIVEN_NAME_FIELD = "given_name"

Span = tuple[int, int]


def literal_pattern(value: str) -> re.Pattern[str] | None:
    """Compile a pattern for ``value`` that allows spaces between characters and any middle dot.

    Word documents often space out two-character names (张  三) to align them.
    """
    compact = "".join(value.split())
    if not compact:
        return None
    parts = []
    for char in compact:
        if char in NAME_DOTS:
            parts.append(f"[{re.escape(NAME_DOTS)}]")
        else:
            parts.append(re.escape(char))
    return re.compile(r"[ \u3000]*".join(parts), re.IGNORECASE)


def find_literal(text: str, value: str) -> list[Span]:
    pattern = literal_pattern(value)
    if pattern is None:
        return []
    return [match.span() for match in pattern.finditer(text)]


def _address_variants(address: str) -> list[str]:
    variants = [address.strip()]
    prefix = _ADDRESS_PREFIX.match(address.strip())
    if prefix and prefix.group(0):
        shorter = address.strip()[prefix.end() :]
        if len(shorter) >= MIN_ADDRESS_VARIANT:
            variants.append(shorter)
    return variants


def _party_values(party: PartyFacts, field: str) -> list[str]:
    value = getattr(party, field)
    if not value.strip():
        return []
    return _address_variants(value) if field == "address" else [value]


def _from_parties(
    text: str, parties: Sequence[PartyFacts], policy: Policy
) -> tuple[list[Detection], list[str]]:
    """Return detections of the parties' values to mask, and the values the policy keeps."""
    detections = []
    kept = []
    for party in parties:
        for field, kind in PARTY_FIELDS:
            values = _party_values(party, field)
            if policy.method(party.kind, field) == KEEP:
                kept += values
                continue
            for value in values:
                for start, end in find_literal(text, value):
                    detections.append(Detection(start, end, kind, field, "party", party.kind))
        detections += _given_names(text, party, policy)
    return detections, kept


def _given_names(text: str, party: PartyFacts, policy: Policy) -> list[Detection]:
    """Return the places where a natural-person party is named by the given name alone."""
    if party.kind != NATURAL_PERSON or policy.method(party.kind, "name") == KEEP:
        return []
    given = split_surname(party.name)[1]
    if len(given) < MIN_GIVEN_NAME:
        return []
    return [
        Detection(start, end, "name", GIVEN_NAME_FIELD, "party", party.kind)
        for start, end in find_literal(text, given)
    ]


def _shape_field(value: str) -> str | None:
    """Return the field whose shape an added string has, to choose its replacement."""
    whole = len(value)
    finders = (
        ("id_number", find_id_numbers),
        ("phone", find_phones),
        ("bank_account", find_bank_accounts),
        ("plate", find_plates),
    )
    for field, finder in finders:
        if any(found.start == 0 and found.end == whole for found in finder(value)):
            return field
    if looks_like_name(value):
        return "other_person"
    return None


def _manual(text: str, extra: Iterable[str]) -> list[Detection]:
    detections = []
    for value in extra:
        field = _shape_field("".join(value.split())) or ""
        for start, end in find_literal(text, value):
            detections.append(Detection(start, end, "manual", field, "manual"))
    return detections


def _subtract(detection: Detection, kept: list[Span], text: str) -> list[Detection]:
    """Cut the kept spans out of a detection; drop an atomic detection that touches one."""
    touching = [span for span in kept if detection.overlaps(*span)]
    if not touching:
        return [detection]
    if detection.kind in ATOMIC_KINDS:
        return []

    pieces = []
    start = detection.start
    for kept_start, kept_end in sorted(touching):
        if kept_start > start:
            pieces.append((start, kept_start))
        start = max(start, kept_end)
    if start < detection.end:
        pieces.append((start, detection.end))
    return [
        Detection(
            left, right, detection.kind, detection.field, detection.source, detection.party_kind
        )
        for left, right in pieces
        if text[left:right].strip()
    ]


def _text_method(detection: Detection, policy: Policy) -> str:
    """Return the method for a detection in running text, where removing words is not possible."""
    if detection.source == "manual":
        if not detection.field:
            return FULL
        method = policy.method(NATURAL_PERSON, detection.field)
        # The approver asked for this mask, so a policy that keeps the field does not apply.
        return FULL if method in (KEEP, REMOVE) else method
    method = policy.method(detection.party_kind, detection.field)
    return FULL if method == REMOVE else method


def _replacement(detection: Detection, span_text: str, policy: Policy) -> str:
    if detection.source == "manual" and not detection.field:
        return HIDDEN_TEXT
    if detection.field == GIVEN_NAME_FIELD:
        return SURNAME_PLACEHOLDER
    return mask_value(span_text, detection.field, _text_method(detection, policy))


def _merge(detections: list[Detection], text: str, policy: Policy) -> tuple[Mask, ...]:
    """Merge overlapping detections into masks; the kind first in ``PRIORITY`` decides."""
    masks: list[Mask] = []
    ordered = sorted(detections, key=lambda found: (found.start, -found.end))
    index = 0
    while index < len(ordered):
        group = [ordered[index]]
        end = ordered[index].end
        index += 1
        while index < len(ordered) and ordered[index].start < end:
            group.append(ordered[index])
            end = max(end, ordered[index].end)
            index += 1

        start = group[0].start
        winner = min(group, key=lambda found: (PRIORITY.index(found.kind), found.start - found.end))
        replacement = _replacement(winner, text[start:end], policy)
        masks.append(Mask(start, end, winner.kind, replacement, winner.source))
    return tuple(masks)


def _apply(text: str, masks: tuple[Mask, ...]) -> str:
    pieces = []
    position = 0
    for mask in masks:
        pieces.append(text[position : mask.start])
        pieces.append(mask.replacement)
        position = mask.end
    pieces.append(text[position:])
    return "".join(pieces)


def _widen_names(detections: list[Detection], scan: NameScan) -> list[Detection]:
    """Widen a party's name to the tagged name that contains it (张三 inside 张三丰).

    Masking only the party's part would leave the rest of the longer name visible (张某某丰).
    """
    widened = []
    for found in detections:
        if found.kind == "name":
            for start, end in scan.spans:
                if start <= found.start and found.end <= end:
                    found = replace(found, start=start, end=end)
        widened.append(found)
    return widened


def _suspects(
    text: str, scan: NameScan, masks: tuple[Mask, ...], kept: list[Span]
) -> tuple[str, ...]:
    """Return the suspected names that no mask covers and no kept string contains."""
    covered = [(mask.start, mask.end) for mask in masks] + kept
    left = []
    for name in scan.suspects:
        spans = find_literal(text, name)
        if any(not any(a <= start and end <= b for a, b in covered) for start, end in spans):
            left.append(name)
    return tuple(left)


def redact_text(
    text: str,
    parties: Sequence[PartyFacts],
    policy: Policy,
    *,
    keep: Sequence[str] = (),
    extra: Sequence[str] = (),
) -> Redaction:
    """Mask the parties' data and any ID, phone, bank account, plate, address or third
    person's name in ``text``.

    ``keep`` lists strings that stay visible, such as officers' names and credential numbers and
    company names. No mask covers any part of one. The party values that the policy keeps are
    added to it. ``extra`` lists strings the approver added. Every occurrence is masked, except
    the parts inside kept strings.
    """
    detections, kept_values = _from_parties(text, parties, policy)
    kept_spans = [span for value in (*keep, *kept_values) for span in find_literal(text, value)]
    scan = scan_person_names(text)
    detections = _widen_names(detections, scan)

    detections += find_patterns(text)
    tag_names = policy.method(NATURAL_PERSON, "other_person") != KEEP
    if tag_names:
        detections += scan.detections
    active = [found for found in detections if _text_method(found, policy) != KEEP]
    active += _manual(text, extra)

    remaining = [piece for found in active for piece in _subtract(found, kept_spans, text)]
    masks = _merge(remaining, text, policy)
    suspects = _suspects(text, scan, masks, kept_spans) if tag_names else ()
    return Redaction(text, _apply(text, masks), masks, suspects)

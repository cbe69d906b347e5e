"""Applying the redaction engine to a publication's original: the approver's preview.

Structured fields are masked value by value with the agency's policy. Free-text fields and the
full text go through the text scanner, which also masks the parties' stored values wherever
they appear. The scanner leaves alone what the policy publishes (company names, legal
representatives, the case's officers and credential numbers, the agency's phone) and what the
approver marked to keep, unless keeping it would expose protected party data (``protection``).
The approver's added strings are masked wherever they occur. Public notes such as withdrawal
and correction reasons go through the same scanner (``mask_public_note``).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from zhifa.agencies.models import Agency
from zhifa.cases.models import Case, PartyKind
from zhifa.publicity import fields as field_codes
from zhifa.publicity import redaction
from zhifa.publicity.drafting.parties import PARTY_KEYS, principal
from zhifa.publicity.models import Publication
from zhifa.publicity.publishing.protection import protected_values, touched_value
from zhifa.publicity.redaction.policy import policy_for

# Dual-publicity codes of structured party values, by the masking field they hold.
NAME_CODES = frozenset(field_codes.PARTY_NAME_CODES)
ID_NUMBER_CODES = frozenset({"CF_XDR_ZJHM", "XK_XDR_ZJHM"})
REPRESENTATIVE_CODES = frozenset({"CF_FRDB", "XK_FRDB"})
USCC_CODES = frozenset({"CF_XDR_SHXYM", "XK_XDR_SHXYM", "GS_XDR_SHXYM"})
# Free-text fields, scanned like the full text.
TEXT_CODES = frozenset(
    {"CF_WFXW", "CF_SY", "CF_YJ", "CF_NR", "CF_NR_ZKDX", "XK_NR", "GS_JL", "GS_YJ", "BZ"}
)
KEEP_METHOD = "keep"


@dataclass
class FieldRow:
    code: str
    label: str
    original: str
    masked: str
    public: bool


@dataclass
class Preview:
    """The approver's view of a publication, which approval then publishes."""

    fields: dict[str, str]
    rows: list[FieldRow]
    original_text: str
    masked_text: str
    masks: list[dict[str, Any]]
    keep: list[str] = field(default_factory=list)
    # Person names the scanner suspects but left unmasked, for the approver to judge.
    suspects: list[str] = field(default_factory=list)


def party_facts(parties: Sequence[dict[str, Any]]) -> list[Any]:
    return [
        redaction.PartyFacts(**{key: row.get(key, "") or "" for key in PARTY_KEYS})
        for row in parties
    ]


def kept_strings(policy: Any, parties: Sequence[dict[str, Any]], case: Case | None) -> list[str]:
    """Return the strings the scanner must leave visible because the policy publishes them."""
    keep: list[str] = []
    for row in parties:
        kind = row.get("kind", "")
        if kind != PartyKind.NATURAL_PERSON and policy.method(kind, "name") == KEEP_METHOD:
            keep.append(row.get("name", ""))
        if policy.method(kind, "legal_representative") == KEEP_METHOD:
            keep.append(row.get("legal_representative", ""))
    if case is not None:
        keep += officer_strings(policy, case)
    return [value for value in keep if value]


def officer_strings(policy: Any, case: Case) -> list[str]:
    keep_names = policy.method("any", "officer_name") == KEEP_METHOD
    keep_numbers = policy.method("any", "credential_number") == KEEP_METHOD
    values: list[str] = []
    for officer in case.officers.all():
        if keep_names:
            values.append(officer.full_name)
        credential = officer.current_credential()
        if keep_numbers and credential is not None and credential.number:
            values.append(credential.number)
    return values


def _mask_names(value: str, parties: Sequence[dict[str, Any]], policy: Any) -> str:
    """Mask each of the joined party names by its own party kind's method."""
    kinds = {row.get("name", ""): row.get("kind", "") for row in parties}
    masked = []
    for name in value.split("、"):
        kind = kinds.get(name, PartyKind.NATURAL_PERSON)
        masked.append(redaction.mask_value(name, "name", policy.method(kind, "name")))
    return "、".join(masked)


def _mask_field(
    code: str, value: str, parties: Sequence[dict[str, Any]], policy: Any, scan: Any
) -> str:
    main = principal(list(parties)) or list(parties)
    kind = main[0].get("kind", PartyKind.NATURAL_PERSON) if main else PartyKind.NATURAL_PERSON
    if code in NAME_CODES:
        return _mask_names(value, main, policy)
    if code in ID_NUMBER_CODES:
        uses_id = bool(main and main[0].get("id_number"))
        masking_field = "id_number" if uses_id else "other_id_number"
        return redaction.mask_value(value, masking_field, policy.method(kind, masking_field))
    if code in REPRESENTATIVE_CODES:
        return redaction.mask_value(
            value, "legal_representative", policy.method(kind, "legal_representative")
        )
    if code in USCC_CODES:
        return redaction.mask_value(value, "uscc", policy.method(kind, "uscc"))
    if code in TEXT_CODES:
        return str(scan(value).masked)
    return value


@dataclass
class Scanner:
    """The text scanner of one publication: its parties, policy, kept and added strings."""

    facts: list[Any]
    policy: Any
    keep: list[str]
    extra: list[str]

    def scan(self, text: str) -> Any:
        return redaction.redact_text(
            text, self.facts, self.policy, keep=self.keep, extra=self.extra
        )


def _texts(original: dict[str, Any]) -> list[str]:
    values = (original.get("fields") or {}).values()
    return [str(original.get("text") or ""), *map(str, values)]


def scanner_for(
    agency_id: int, original: dict[str, Any], mask_edits: dict[str, Any] | None, case: Case | None
) -> Scanner:
    """Return the scanner of ``original`` under the agency's policy and the approver's edits.

    A string the approver kept visible that would expose protected party data (see
    ``protection``) is left out of the kept strings, so the data stays masked.
    """
    policy = policy_for(agency_id)
    parties = list(original.get("parties") or [])
    edits = mask_edits or {}
    protected = protected_values(policy, parties)
    texts = _texts(original)
    removed = [
        text
        for text in edits.get("removed", [])
        if touched_value(str(text), protected, texts) is None
    ]
    # The agency's own contact phone in a decision is public, not a person's number.
    agency_phone = Agency.objects.filter(pk=agency_id).values_list("phone", flat=True).first()
    keep = [*kept_strings(policy, parties, case), *removed]
    if agency_phone:
        keep.append(agency_phone)
    return Scanner(party_facts(parties), policy, keep, list(edits.get("added", [])))


def mask_public_note(
    publication: Publication, text: str, *, original: dict[str, Any] | None = None
) -> str:
    """Mask a free text that the public reads, such as a withdrawal or correction reason.

    It goes through the same scanner as the decision's text: the publication's parties, its
    policy and the approver's edits. ``original`` replaces the publication's own material,
    e.g. a pending change's.
    """
    if not text:
        return text
    scanner = scanner_for(
        publication.agency_id,
        original if original is not None else publication.original or {},
        publication.mask_edits,
        publication.case,
    )
    return str(scanner.scan(text).masked)


def _suspects(results: Sequence[Any], added: Sequence[str]) -> list[str]:
    """Return the suspected person names that the scans left unmasked, each once."""
    found: list[str] = []
    for result in results:
        for name in getattr(result, "suspects", ()):
            if name and name not in found and name not in added:
                found.append(name)
    return found


def preview_of(
    agency_id: int,
    kind: str,
    original: dict[str, Any],
    mask_edits: dict[str, Any] | None,
    case: Case | None,
) -> Preview:
    """Mask ``original`` under the agency's policy and the approver's edits."""
    scanner = scanner_for(agency_id, original, mask_edits, case)
    parties = list(original.get("parties") or [])
    scans: list[Any] = []

    def scan(text: str) -> Any:
        result = scanner.scan(text)
        scans.append(result)
        return result

    values: dict[str, str] = original.get("fields") or {}
    masked = {
        code: _mask_field(code, str(value), parties, scanner.policy, scan)
        for code, value in values.items()
    }
    rows = [
        FieldRow(spec.code, spec.label, str(values[spec.code]), masked[spec.code], spec.public)
        for spec in field_codes.fields_for(kind)
        if values.get(spec.code)
    ]
    text = scan(str(original.get("text") or ""))
    return Preview(
        fields=masked,
        rows=rows,
        original_text=text.original,
        masked_text=text.masked,
        masks=[mask.as_json() for mask in text.masks],
        keep=scanner.keep,
        suspects=_suspects(scans, scanner.extra),
    )

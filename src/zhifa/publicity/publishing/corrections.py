"""The original of an update or correction (更新 / 更正), and keeping its copies in agreement.

A change edits the dual-publicity fields and the full text. The fields are checked like a
manual entry's. The parts of the original that other readers use are updated with them, so
the new version, the snapshot and the export show the same decision. These parts are the
party (masking), the fine and confiscation amounts (the export and the publication periods)
and the decision date (the export).
"""

import copy
import datetime
from decimal import Decimal
from typing import Any

from zhifa.core.errors import ValidationFailed
from zhifa.publicity.drafting.content import TEN_THOUSAND, plain
from zhifa.publicity.drafting.field_checks import clean_fields
from zhifa.publicity.drafting.parties import principal
from zhifa.publicity.drafting.validation import clean_text
from zhifa.publicity.models import Publication, PublicationKind
from zhifa.publicity.publishing.completeness import require_document_number

MAX_TEXT = 100_000
# Facts that follow a changed amount field (万元 in the field, yuan in the facts).
AMOUNT_FACTS = {"CF_NR_FK": "fine_amount", "CF_NR_WFFF": "confiscation_amount"}
DATE_CODES = {
    PublicationKind.PENALTY: "CF_JDRQ",
    PublicationKind.LICENSE: "XK_JDRQ",
}
GENERAL_DATE_CODE = "GS_JDRQ"
# Party values that follow a changed field, by the field's suffix.
PARTY_SUFFIXES = {
    "_XDR_MC": "name",
    "_XDR_SHXYM": "uscc",
    "_XDR_ZJHM": "id_number",
    "_FRDB": "legal_representative",
}
# The role of a party's values before a change. The scanner still masks them in the text, and
# the rules and periods ignore them because they read only the parties with role "party".
SUPERSEDED_ROLE = "superseded"


def _sync_facts(original: dict[str, Any], changed: dict[str, str]) -> None:
    facts = dict(original.get("facts") or {})
    for code, key in AMOUNT_FACTS.items():
        if code in changed:
            value = changed[code]
            facts[key] = plain(Decimal(value) * TEN_THOUSAND) if value else None
    original["facts"] = facts


def _sync_party(original: dict[str, Any], changed: dict[str, str]) -> None:
    """Copy changed party fields onto the only principal party, keeping its old values."""
    parties = [dict(row) for row in original.get("parties") or []]
    main = principal(parties)
    if len(main) != 1:
        return
    party = main[0]
    before = dict(party)
    for code, value in changed.items():
        key = next((key for suffix, key in PARTY_SUFFIXES.items() if code.endswith(suffix)), "")
        if key:
            party[key] = value
    if party != before:
        parties.append({**before, "role": SUPERSEDED_ROLE})
    original["parties"] = parties


def changed_original(
    publication: Publication, changes: dict[str, Any], text: str | None
) -> dict[str, Any]:
    """Return the publication's original with the checked ``changes`` and ``text`` applied.

    An empty field value clears the field; ``text`` None keeps the full text.
    """
    original = copy.deepcopy(publication.original)
    values = dict(original.get("fields") or {})
    cleaned = clean_fields(
        publication.kind,
        changes,
        values,
        agency_id=publication.agency_id,
        publication_pk=publication.pk,
    )
    for code, value in cleaned.items():
        if value:
            values[code] = value
        else:
            values.pop(code, None)
    original["fields"] = values
    _sync_facts(original, cleaned)
    _sync_party(original, cleaned)
    if text is not None:
        original["text"] = clean_text(
            text, "text", "决定书全文", max_length=MAX_TEXT, required=True, multiline=True
        )
    require_document_number(publication.kind, original)
    return original


def sync_decided_on(publication: Publication, original: dict[str, Any]) -> None:
    """Set ``decided_on`` from the decision date field of ``original``, when it has one."""
    code = DATE_CODES.get(PublicationKind(publication.kind), GENERAL_DATE_CODE)
    value = (original.get("fields") or {}).get(code)
    if not value:
        return
    try:
        publication.decided_on = datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(
            f"决定日期“{value}”不是有效的日期，请先更正该字段。", field=f"fields.{code}"
        ) from None

"""The 决定书文号 of a publication: where it is kept, its checks, and a number typed by hand.

A publication keeps its number twice: in ``Publication.document_number`` (lists, snapshot,
export) and in the dual-publicity field of its kind (``CF_WSH``, ``XK_WSH`` or ``GS_WSH``) in
``original["fields"]``. A number an officer typed for a case draft whose decision has no
document (补录) is also kept under ``ENTERED_KEY``, so reading the case again keeps it.
"""

from typing import Any

from zhifa.core.errors import ValidationFailed
from zhifa.publicity.drafting.validation import clean_text
from zhifa.publicity.models import Publication, PublicationKind, PublicationStatus

NUMBER_CODES = {PublicationKind.PENALTY: "CF_WSH", PublicationKind.LICENSE: "XK_WSH"}
GENERAL_NUMBER_CODE = "GS_WSH"
ALL_NUMBER_CODES = frozenset({*NUMBER_CODES.values(), GENERAL_NUMBER_CODE})
ENTERED_KEY = "entered_document_number"
MAX_NUMBER_LENGTH = 100
LABEL = "决定书文号"
# Kinds that the dual-publicity standard publishes only with a document number.
NUMBER_REQUIRED_KINDS = frozenset({PublicationKind.PENALTY, PublicationKind.LICENSE})


def number_code(kind: str) -> str:
    """Return the dual-publicity field that contains the document number of ``kind``."""
    return NUMBER_CODES.get(PublicationKind(kind), GENERAL_NUMBER_CODE)


def number_in(kind: str, original: dict[str, Any]) -> str:
    """Return the document number stored in ``original``'s fields, or ""."""
    return str((original.get("fields") or {}).get(number_code(kind)) or "")


def with_number(kind: str, original: dict[str, Any], number: str) -> dict[str, Any]:
    """Return a copy of ``original`` with ``number`` in its fields and marked as entered."""
    fields = {**(original.get("fields") or {}), number_code(kind): number}
    return {**original, "fields": fields, ENTERED_KEY: number}


def check_document_number(
    value: object, agency_id: int, *, exclude_pk: int | None = None, field: str = "document_number"
) -> str:
    """Return the cleaned number, or raise when it is missing, malformed or already used.

    A number may belong to one publication of the agency. Excluded publications (不予公示)
    do not count, because their decision was never published.
    """
    number = clean_text(value, field, LABEL, max_length=MAX_NUMBER_LENGTH, required=True)
    others = Publication.objects.filter(agency_id=agency_id, document_number=number).exclude(
        status=PublicationStatus.EXCLUDED
    )
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    used = others.order_by("pk").first()
    if used is not None:
        raise ValidationFailed(
            f"“{LABEL}”{number}已用于本机关的另一公示事项（{used.title}，编号{used.pk}），"
            "同一文号只能对应一个决定，请核对文号。",
            field=field,
        )
    return number

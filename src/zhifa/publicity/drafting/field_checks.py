"""Checks of dual-publicity field values typed by hand: manual entry, updates and corrections.

Each value is checked by what its field holds: amounts in 万元, dates, the party category,
unified social credit codes, ID numbers, and text without control characters. The document
number's own check (including uniqueness in the agency) is in ``document_numbers``.
"""

from zhifa.core.errors import ValidationFailed
from zhifa.core.identifiers import check_id_number
from zhifa.publicity.drafting.document_numbers import ALL_NUMBER_CODES, check_document_number
from zhifa.publicity.drafting.parties import DUAL_PUBLICITY_CATEGORY
from zhifa.publicity.drafting.validation import (
    clean_date,
    clean_text,
    clean_uscc,
    parse_wan,
)
from zhifa.publicity.fields import fields_for
from zhifa.publicity.publishing.masking import TEXT_CODES

AMOUNT_CODES = frozenset({"CF_NR_FK", "CF_NR_WFFF"})
DATE_CODES = frozenset(
    {"CF_JDRQ", "CF_YXQ", "CF_GSJZQ", "XK_JDRQ", "XK_YXQZ", "XK_YXQZI", "GS_JDRQ"}
)
CATEGORY_CODES = frozenset({"CF_XDR_LB", "XK_XDR_LB", "GS_XDR_LB"})
USCC_CODES = frozenset(
    {
        "CF_XDR_SHXYM",
        "XK_XDR_SHXYM",
        "GS_XDR_SHXYM",
        "CF_CFJGDM",
        "CF_SJLYDM",
        "XK_XKJGDM",
        "XK_LYDWDM",
    }
)
ID_NUMBER_CODES = {"CF_XDR_ZJHM": "CF_XDR_ZJLX", "XK_XDR_ZJHM": "XK_XDR_ZJLX"}
RESIDENT_ID_TYPE = "身份证"
CATEGORIES = tuple(dict.fromkeys(DUAL_PUBLICITY_CATEGORY.values()))
MAX_TEXT_FIELD = 5000
MAX_SHORT_FIELD = 300


def _label(kind: str, code: str) -> str:
    return next((spec.label for spec in fields_for(kind) if spec.code == code), code)


def clean_field(kind: str, code: str, value: object, values: dict[str, str]) -> str:
    """Return ``value`` of field ``code`` cleaned, or raise naming the field.

    ``values`` are the publication's other fields after the change, which the ID number
    check reads for the 证件类型. An empty value returns "" (the caller clears the field).
    """
    label = _label(kind, code)
    field = f"fields.{code}"
    text = clean_text(
        value,
        field,
        label,
        max_length=MAX_TEXT_FIELD if code in TEXT_CODES else MAX_SHORT_FIELD,
        multiline=code in TEXT_CODES,
    )
    if not text:
        return ""
    if code in AMOUNT_CODES:
        return format(parse_wan(text, field, label), "f")
    if code in DATE_CODES:
        return clean_date(text, field, label)
    if code in CATEGORY_CODES and text not in CATEGORIES:
        raise ValidationFailed(
            f"“{label}”“{text[:30]}”无效，应为{'、'.join(CATEGORIES)}之一。", field=field
        )
    if code in USCC_CODES:
        return clean_uscc(text, field, label, required=False)
    if code in ID_NUMBER_CODES and values.get(ID_NUMBER_CODES[code]) == RESIDENT_ID_TYPE:
        result = check_id_number(text.upper())
        if not result.valid:
            raise ValidationFailed(f"“{label}”{text}无效：{result.reason}。", field=field)
        return result.normalized
    return text


def clean_fields(
    kind: str,
    changes: dict[str, object],
    current: dict[str, str],
    *,
    agency_id: int,
    publication_pk: int | None,
) -> dict[str, str]:
    """Return ``changes`` cleaned field by field; unknown codes and bad values raise.

    ``current`` are the fields before the change. A document number must be unused in the
    agency, apart from by publication ``publication_pk`` itself.
    """
    known = {spec.code for spec in fields_for(kind)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise ValidationFailed(
            f"字段{'、'.join(unknown)}不属于本类公示字段，请使用本类别的双公示字段代码。",
            field="fields",
        )
    merged = {**current, **{code: str(value or "").strip() for code, value in changes.items()}}
    cleaned = {}
    for code, value in changes.items():
        if code in ALL_NUMBER_CODES and str(value or "").strip():
            cleaned[code] = check_document_number(
                value, agency_id, exclude_pk=publication_pk, field=f"fields.{code}"
            )
            continue
        cleaned[code] = clean_field(kind, code, value, merged)
    return cleaned

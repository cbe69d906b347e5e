"""Masking of one structured value (a party's ID number, phone, address...) by a method."""

import re
import unicodedata

from zhifa.publicity.redaction.defaults import (
    FIELD_LABELS,
    FULL,
    KEEP,
    NAME_FIELDS,
    PARTIAL,
    REMOVE,
    SURNAME,
)
from zhifa.publicity.redaction.names import mask_person_name
from zhifa.publicity.redaction.replacements import HIDDEN, STAR

# Administrative divisions that the partial method keeps at the start of an address:
# province or autonomous region, city, then district or county (上海市青浦区).
_ADDRESS_PREFIX = re.compile(
    r"^(?:中国)?(?:[^省市区县]{2,8}(?:省|自治区))?(?:[^省市区县]{2,8}市)?(?:[^省市区县]{1,8}(?:区|县|旗))?"
)
_PLATE_HEAD_LENGTH = 2  # the province character and the letter of the issuing office


def _digits(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value)
    return "".join(char for char in folded if char.isdigit() or char in "Xx")


def _keep_ends(value: str, head: int, tail: int) -> str:
    if len(value) <= head + tail:
        return STAR * len(value)
    return value[:head] + STAR * (len(value) - head - tail) + value[len(value) - tail :]


def _national(number: str) -> str:
    """Return a number written after the country code 86 in its national form."""
    is_mobile = number.startswith("1") and len(number) == 11
    if is_mobile or number.startswith("0"):
        return number
    # After the country code a landline drops the 0 of its area code.
    return "0" + number


def _partial_phone(value: str) -> str:
    digits = _digits(value)
    if digits.startswith("0086"):
        digits = digits[2:]
    if digits.startswith("86") and len(digits) >= 12:
        digits = _national(digits[2:])
    if len(digits) == 11 and digits.startswith("1"):
        return _keep_ends(digits, 3, 4)
    if digits.startswith("0") and len(digits) >= 10:
        area = 3 if digits[1] in "12" else 4
        return digits[:area] + "-" + _keep_ends(digits[area:], 0, 4)
    return _keep_ends(digits, 0, 4)


def _partial_address(value: str) -> str:
    prefix = _ADDRESS_PREFIX.match(value.strip())
    kept = prefix.group(0) if prefix else ""
    return kept + HIDDEN["address"]


def _partial_plate(value: str) -> str:
    compact = re.sub(r"[\s·•・]", "", value)
    return compact[:_PLATE_HEAD_LENGTH] + STAR * (len(compact) - _PLATE_HEAD_LENGTH)


def _partial(value: str, field: str) -> str:
    if field == "id_number":
        return _keep_ends(_digits(value).upper(), 6, 4)
    if field == "phone":
        return _partial_phone(value)
    if field == "bank_account":
        return _keep_ends(_digits(value), 0, 4)
    if field == "address":
        return _partial_address(value)
    if field == "plate":
        return _partial_plate(value)
    if field == "uscc":
        return _keep_ends(value.strip(), 8, 0)
    # Passport and permit numbers and credential numbers have no fixed structure.
    return _keep_ends(value.strip(), 0, 4)


def mask_value(value: str, field: str, method: str) -> str:
    """Return ``value`` of ``field`` masked by ``method`` (a ``MaskingMethod`` value).

    ``remove`` returns an empty string (the field is not published); an empty value stays
    empty. Raise ValueError for a field or method the policy does not know, because a
    silent fallback could publish a value unmasked.
    """
    if field not in FIELD_LABELS:
        raise ValueError(f"unknown masking field {field!r}")
    if method == KEEP or not value.strip():
        return value
    if field in NAME_FIELDS:
        return mask_person_name(value, method)
    if method == REMOVE:
        return ""
    if method == FULL:
        return HIDDEN[field]
    if method == PARTIAL:
        return _partial(value, field)
    if method == SURNAME:
        raise ValueError(f"method 'surname' applies only to names, not to {field!r}")
    raise ValueError(f"unknown masking method {method!r}")

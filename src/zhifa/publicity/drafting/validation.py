"""Checks of typed publication input: text, amounts, phone numbers, codes and dates.

Manual entry, the 决定书文号 action and updates or corrections call these, so that a value
typed on a page and the same value sent to the API get the same Chinese message. Every check
raises ``ValidationFailed`` with the field's label in the message.
"""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from zhifa.agencies.actions.agency import PHONE_MAX_DIGITS, PHONE_MIN_DIGITS, PHONE_PATTERN
from zhifa.agencies.models import EnforcementDomain
from zhifa.cases.actions._common import MAX_AMOUNT
from zhifa.core.errors import ValidationFailed
from zhifa.core.identifiers import check_uscc

# Whitespace that a multi-line text (a decision's full text, a reason) may contain.
LINE_BREAKS = frozenset("\n\r\t")
# Bidirectional embedding, override and isolate characters, which can make a text display
# differently from what it stores.
BIDI_CONTROLS = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# An amount in yuan as people write it: digits, then at most two decimals. No sign, exponent,
# thousands separator or NaN/Infinity.
YUAN_PATTERN = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
# An amount in 万元 (the dual-publicity unit): a yuan amount with two decimals has six.
WAN_PATTERN = re.compile(r"[0-9]+(?:\.[0-9]{1,6})?")
MAX_WAN = MAX_AMOUNT / Decimal(10000)


def control_character(text: str, *, multiline: bool) -> str | None:
    """Return the first control or format-hiding character of ``text`` as ``U+XXXX``, or None."""
    for character in text:
        if multiline and character in LINE_BREAKS:
            continue
        category = unicodedata.category(character)
        if category in ("Cc", "Cs") or character in BIDI_CONTROLS:
            return f"U+{ord(character):04X}"
    return None


def control_character_message(label: str, found: str) -> str:
    return (
        f"“{label}”含有不可见的控制字符（{found}），请删除后重新填写；"
        "从Word等软件复制的文字常带有这类字符。"
    )


def clean_text(
    value: object,
    field: str,
    label: str,
    *,
    max_length: int,
    required: bool = False,
    multiline: bool = False,
) -> str:
    """Return ``value`` stripped; raise when it is missing, too long or has control characters."""
    text = str(value if value is not None else "").strip()
    if required and not text:
        raise ValidationFailed(f"请填写“{label}”。", field=field)
    found = control_character(text, multiline=multiline)
    if found:
        raise ValidationFailed(control_character_message(label, found), field=field)
    if len(text) > max_length:
        raise ValidationFailed(
            f"“{label}”有{len(text)}个字，超过{max_length}个字的上限，请删减。", field=field
        )
    return text


def _amount(value: object, field: str, label: str, pattern: re.Pattern[str], example: str) -> str:
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    if not pattern.fullmatch(text):
        raise ValidationFailed(
            f"“{label}”“{text[:30]}”不是有效的金额：只能填写数字和小数点，例如 {example}，"
            "不能使用负数、科学计数法或千位分隔符。",
            field=field,
        )
    return text


def parse_yuan(value: object, field: str, label: str) -> Decimal:
    """Return a positive amount in yuan with at most two decimals, written out in digits."""
    amount = Decimal(_amount(value, field, label, YUAN_PATTERN, "2000 或 1500.50"))
    if amount <= 0:
        raise ValidationFailed(f"“{label}”应大于零。", field=field)
    if amount > MAX_AMOUNT:
        raise ValidationFailed(
            f"“{label}”{amount}元超出可登记的范围（最大{MAX_AMOUNT}元），请核对金额。",
            field=field,
        )
    return amount


def parse_wan(value: object, field: str, label: str) -> Decimal:
    """Return a non-negative amount in 万元 with at most six decimals, written out in digits."""
    amount = Decimal(_amount(value, field, label, WAN_PATTERN, "0.2 或 1.05"))
    if amount > MAX_WAN:
        raise ValidationFailed(
            f"“{label}”{amount}万元超出可登记的范围（最大{MAX_WAN}万元），请核对金额。",
            field=field,
        )
    return amount


def optional_yuan(value: object, field: str, label: str) -> Decimal | None:
    """Return the amount, or None when ``value`` is None or blank."""
    if value is None or not str(value).strip():
        return None
    return parse_yuan(value, field, label)


def clean_phone(value: object, field: str, label: str) -> str:
    """Return a phone number with full-width characters folded, or "" when none is given."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not text:
        return ""
    if PHONE_PATTERN.fullmatch(text) is None:
        raise ValidationFailed(
            f"“{label}”“{text[:40]}”格式无效：只能包含数字、空格、+、-和括号，"
            "分机号写在“转”或“ext”之后，例如“021-59721234转8001”。",
            field=field,
        )
    digits = sum(character.isdigit() for character in text)
    if not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
        raise ValidationFailed(
            f"“{label}”“{text}”共有{digits}位数字，应为{PHONE_MIN_DIGITS}至"
            f"{PHONE_MAX_DIGITS}位（含区号和分机号）。",
            field=field,
        )
    return text


def clean_uscc(value: object, field: str, label: str, *, required: bool) -> str:
    """Return a valid 统一社会信用代码 in upper case, or "" when optional and not given."""
    code = unicodedata.normalize("NFKC", str(value or "")).strip().upper()
    if not code:
        if required:
            raise ValidationFailed(f"请填写“{label}”（18位统一社会信用代码）。", field=field)
        return ""
    result = check_uscc(code)
    if not result.valid:
        raise ValidationFailed(
            f"“{label}”{code}无效：{result.reason}，请核对后重新填写。", field=field
        )
    return code


def clean_date(value: object, field: str, label: str) -> str:
    """Return an ISO date (YYYY-MM-DD) typed as text, the form the publication fields keep."""
    text = str(value or "").strip()
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValidationFailed(
            f"“{label}”“{text[:30]}”不是有效的日期，请按“2026-11-05”的格式填写。", field=field
        ) from None


def check_domain(code: str, field: str = "domain_code") -> str:
    """Return ``code`` when it names a registered enforcement domain (执法领域), else raise."""
    text = (code or "").strip()
    if text and not EnforcementDomain.objects.filter(code=text).exists():
        raise ValidationFailed(
            f"“执法领域”{text[:50]}不存在，请从执法领域列表中选择（填写其代码，例如 market）。",
            field=field,
        )
    return text


def decimal_or_none(value: object) -> Decimal | None:
    """Return ``value`` as a Decimal, or None when it does not parse."""
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None

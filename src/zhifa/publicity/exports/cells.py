"""Cell values of spreadsheet exports: formula neutralising, control characters, amounts, dates.

Text pasted from Word may carry control characters (its vertical tab \\x0b is a manual line
break) that break CSV readers and that openpyxl refuses. A cell that starts with ``=``, ``+``,
``-`` or ``@`` would run as a formula when a spreadsheet opens the file (CSV injection), so it
gets a leading single quote, which spreadsheets show as text.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

# C0 controls except tab, line feed and carriage return, DEL, and C1 controls except NEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")
# Line breaks, including NEL and the Unicode line and paragraph separators.
LINE_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
FORMULA_PREFIXES = ("=", "+", "-", "@")
LEADING_BLANKS = " \t\r\n"

# 2099/12/31 is the standard's value for 长期 (no end date).
LONG_TERM = "2099/12/31"
WAN_PLACES = Decimal("0.000001")


def clean(value: object, *, line_breaks_as_spaces: bool) -> str:
    """Return ``value`` as safe cell text.

    CSV cells get line breaks as spaces so that every record stays on one line; Excel cells
    keep them as line feeds.
    """
    text = "" if value is None else str(value)
    text = CONTROL_CHARACTERS.sub("", text)
    text = LINE_BREAKS.sub(" " if line_breaks_as_spaces else "\n", text)
    if text.lstrip(LEADING_BLANKS).startswith(FORMULA_PREFIXES):
        text = "'" + text
    return text


def yuan_to_wan(value: object) -> str:
    """Return an amount in yuan as 万元 with exactly six decimals, computed without floats.

    The conversion shifts the decimal point, so any amount the database stores stays exact.
    Returns "" for an empty or malformed value.
    """
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return ""
    if not amount.is_finite():
        return ""
    return format(amount.scaleb(-4).quantize(WAN_PLACES), "f")


def standard_date(value: datetime.date | str | None) -> str:
    """Return a date as YYYY/MM/DD; ISO date text is converted and other text kept."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%Y/%m/%d")
    text = str(value).strip()
    try:
        return datetime.date.fromisoformat(text).strftime("%Y/%m/%d")
    except ValueError:
        return text

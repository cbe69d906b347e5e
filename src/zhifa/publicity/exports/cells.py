"""Cell values of spreadsheet exports: formula neutralising, control characters, amounts, dates.

Text pasted from Word may carry control characters (its vertical tab \\x0b is a manual line
break) that break CSV readers and that openpyxl refuses, so both formats drop them.

Formulas are neutralised only in CSV. A CSV file has no cell types, so a spreadsheet that opens
it parses every cell, and a cell that starts with ``=``, ``+``, ``-`` or ``@`` runs as a formula
(CSV injection). ``csv_cell`` therefore puts a single quote in front, which spreadsheets show as
text. An
XLSX cell carries its type, and the Excel writer stores every value as a text cell, which a
spreadsheet shows as typed and never evaluates on opening. A quote there would only become part
of the value, so ``xlsx_text`` adds none.
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


def csv_cell(value: object) -> str:
    """Return ``value`` as CSV cell text: one line, no control characters, formulas quoted.

    Line breaks become spaces so that every record stays on one line.
    """
    text = _without_controls(value, line_break=" ")
    if text.lstrip(LEADING_BLANKS).startswith(FORMULA_PREFIXES):
        text = "'" + text
    return text


def xlsx_text(value: object) -> str:
    """Return ``value`` as the text of an XLSX text cell: line feeds kept, no control characters.

    The caller must store it as a text cell (``data_type`` "s"), since openpyxl would otherwise
    take text starting with ``=`` for a formula.
    """
    return _without_controls(value, line_break="\n")


def _without_controls(value: object, *, line_break: str) -> str:
    text = "" if value is None else str(value)
    text = CONTROL_CHARACTERS.sub("", text)
    return LINE_BREAKS.sub(line_break, text)


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

"""The content of a list entry version and its validation against the list's schema."""

import datetime
import re
from dataclasses import dataclass, field

from zhifa.catalog.lists.schemas import ListSchema
from zhifa.catalog.models import ListEntryVersion, PowerItem
from zhifa.core.errors import ValidationFailed

# Length of ListEntryVersion.title.
MAX_TITLE_LENGTH = 200

# Control characters that a form, an API client or a cell pasted from Word may carry: C0
# controls other than tab and line feed (Word's vertical tab \x0b, BEL \x07, ...), DEL and C1
# controls. Carriage returns and line separators are turned into line feeds first.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x85\u2028\u2029]")
# Line feeds and tabs, which a one-line field turns into spaces.
LINE_SPACING = re.compile(r"[\n\t]")

# Dates written as 2026-01-01, 2026/1/1, 2026.1.1 or 2026年1月1日.
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass(frozen=True)
class ListEntryContent:
    """The content of one version: title, the schema's fields by key, and a power item code.

    ``power_item_code`` is the code of a power item (权责事项) of the same agency, or empty.
    """

    title: str
    fields: dict[str, str] = field(default_factory=dict)
    power_item_code: str = ""


def plain_text(value: object, *, multiline: bool = False) -> str:
    """Return ``value`` as text without control characters, stripped.

    A multiline field keeps its line feeds and tabs, and Word's manual line break (vertical
    tab) becomes a line feed. A one-line field gets a space for each line break and tab.
    """
    text = "" if value is None else str(value)
    text = LINE_BREAKS.sub("\n", text)
    if not multiline:
        text = LINE_SPACING.sub(" ", text)
    return CONTROL_CHARACTERS.sub("", text).strip()


def parse_date(text: str) -> datetime.date | None:
    """Read a date written in one of the forms of ``DATE_PATTERN``; None if it is not one."""
    match = DATE_PATTERN.match(text.strip())
    if match is None:
        return None
    try:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def field_problem(value: str, *, required: bool, max_length: int, is_date: bool) -> str:
    """Return what is wrong with one stripped value, as a phrase to follow its label, or ""."""
    if required and not value:
        return "未填写，请补上。"
    if len(value) > max_length:
        return f"超过{max_length}个字，请缩短。"
    if is_date and value and parse_date(value) is None:
        return f"“{value}”不是有效日期，请写成 2026-01-01 的形式。"
    return ""


def clean_content(schema: ListSchema, content: ListEntryContent) -> ListEntryContent:
    """Return the content stripped, with exactly the schema's keys, or raise for bad input.

    Each message names the field by its Chinese label. Control characters are removed (see
    ``plain_text``), date fields are stored as 2026-01-01, and keys the schema does not name
    are dropped.
    """
    title = plain_text(content.title)
    problem = field_problem(title, required=True, max_length=MAX_TITLE_LENGTH, is_date=False)
    if problem:
        raise ValidationFailed(f"“{schema.title_label}”{problem}", field="title")

    values: dict[str, str] = {}
    for list_field in schema.fields:
        value = plain_text(content.fields.get(list_field.key), multiline=list_field.multiline)
        problem = field_problem(
            value,
            required=list_field.required,
            max_length=list_field.max_length,
            is_date=list_field.is_date,
        )
        if problem:
            raise ValidationFailed(f"“{list_field.label}”{problem}", field=list_field.key)
        day = parse_date(value) if list_field.is_date and value else None
        values[list_field.key] = day.isoformat() if day else value

    return ListEntryContent(title, values, plain_text(content.power_item_code))


def matches(
    content: ListEntryContent, power_item: PowerItem | None, version: ListEntryVersion
) -> bool:
    """Tell whether a cleaned ``content`` equals ``version``, so that no new version is needed.

    A key missing from an older version counts as empty, so adding an optional field to a
    schema does not make every stored entry look changed.
    """
    if content.title != version.title:
        return False
    if (power_item.pk if power_item else None) != version.power_item_id:
        return False
    stored = version.content or {}
    return all(stored.get(key, "") == value for key, value in content.fields.items())

"""Taking the next case or document number (案号、文号) from an agency's pattern.

Numbers are gap-free per agency, number key and year: the counter row is locked with
SELECT ... FOR UPDATE inside the caller's transaction, so a rolled-back case gives its number
back and two officers saving at the same moment wait for each other instead of colliding.
SQLite has no row locks, but the project opens its transactions with BEGIN IMMEDIATE, which
takes the database write lock at the start and gives the same guarantee.
"""

import logging
import string
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from zhifa.agencies.models import Agency
from zhifa.cases.models import NumberPattern, NumberSequence
from zhifa.core.errors import ValidationFailed

logger = logging.getLogger(__name__)

# Default patterns. Formats like 〔机关代字〕罚决字〔YYYY〕N号 are common practice, not a national
# rule, so an agency's NumberPattern row replaces them.
# TODO: agencies cannot edit their NumberPattern rows in the back office yet.
DEFAULT_PATTERNS = {
    "case:penalty_summary": "{abbr}简罚〔{year}〕{seq}号",
    "case:penalty_ordinary": "{abbr}罚立〔{year}〕{seq}号",
    "case:inspection": "{abbr}检〔{year}〕{seq}号",
}
DOCUMENT_PATTERN = "{abbr}{doc}〔{year}〕{seq}号"
ALLOWED_FIELDS = {"abbr", "year", "seq", "doc"}


@dataclass(frozen=True)
class TakenNumber:
    text: str
    year: int
    sequence: int


def check_pattern(pattern: str) -> None:
    """Reject a pattern with unknown placeholders or without the sequence."""
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as error:
        raise ValidationFailed(f"编号格式“{pattern}”的花括号不成对", field="pattern") from error
    unknown = fields - ALLOWED_FIELDS
    if unknown:
        names = "、".join(sorted(unknown))
        raise ValidationFailed(
            f"编号格式含有不认识的占位符：{names}；可用 abbr、year、seq、doc", field="pattern"
        )
    if "seq" not in fields:
        raise ValidationFailed("编号格式必须包含序号 {seq}", field="pattern")


def pattern_for(agency: Agency, key: str) -> str:
    custom = NumberPattern.objects.filter(agency=agency, key=key).values_list("pattern", flat=True)
    found = custom.first()
    if found:
        return found
    return DEFAULT_PATTERNS.get(key, DOCUMENT_PATTERN)


def _lock_counter(agency: Agency, key: str, year: int) -> NumberSequence:
    """Return the counter row locked for this transaction, creating it on first use."""
    for _ in range(2):
        counter = (
            NumberSequence.objects.select_for_update()
            .filter(agency=agency, key=key, year=year)
            .first()
        )
        if counter is not None:
            return counter
        try:
            # A savepoint, so that losing the race to create the row keeps the outer transaction.
            with transaction.atomic():
                NumberSequence.objects.create(agency=agency, key=key, year=year)
        except IntegrityError:
            logger.info("number counter %s/%s/%s created concurrently", agency.pk, key, year)
    raise RuntimeError(f"number counter {key} {year} for agency {agency.pk} could not be locked")


def take_number(agency: Agency, key: str, year: int, *, document_label: str = "") -> TakenNumber:
    """Take the next number; call inside the transaction that stores the numbered object."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number must run inside transaction.atomic")

    pattern = pattern_for(agency, key)
    check_pattern(pattern)
    counter = _lock_counter(agency, key, year)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])

    abbreviation = agency.abbreviation or agency.short_name
    text = pattern.format(abbr=abbreviation, year=year, seq=counter.last_value, doc=document_label)
    return TakenNumber(text, year, counter.last_value)

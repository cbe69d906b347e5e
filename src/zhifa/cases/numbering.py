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
from zhifa.cases.documents.registry import DOC_TYPES
from zhifa.cases.models import CaseKind, NumberPattern, NumberSequence
from zhifa.core.errors import ValidationFailed

logger = logging.getLogger(__name__)

# Default patterns. Formats like 〔机关代字〕罚决字〔YYYY〕N号 are common practice, not a national
# rule, so an agency's NumberPattern row replaces them (page cases:number_patterns).
# Every case kind needs its own pattern: kinds sharing one would take the same numbers.
DEFAULT_PATTERNS = {
    "case:penalty_summary": "{abbr}简罚〔{year}〕{seq}号",
    "case:penalty_ordinary": "{abbr}罚立〔{year}〕{seq}号",
    "case:inspection": "{abbr}检〔{year}〕{seq}号",
    "case:licensing": "{abbr}许〔{year}〕{seq}号",
    "case:license_disposal": "{abbr}许处〔{year}〕{seq}号",
    "case:coercive_measure": "{abbr}强措〔{year}〕{seq}号",
    "case:compulsory_enforcement": "{abbr}强执立〔{year}〕{seq}号",
    "case:levy": "{abbr}征收〔{year}〕{seq}号",
    "case:requisition": "{abbr}征用〔{year}〕{seq}号",
    "case:housing_expropriation": "{abbr}房征〔{year}〕{seq}号",
}
DOCUMENT_PATTERN = "{abbr}{doc}〔{year}〕{seq}号"
ALLOWED_FIELDS = {"abbr", "year", "seq", "doc"}
# Values for a trial formatting that catches format specs the values cannot take, e.g.
# {abbr:04d}; the placeholder check alone lets them through.
_SAMPLE_VALUES = {"abbr": "青朱", "year": 2026, "seq": 1, "doc": "罚决"}


@dataclass(frozen=True)
class TakenNumber:
    text: str
    year: int
    sequence: int


def check_pattern(pattern: str) -> None:
    """Raise ``ValidationFailed`` for unmatched braces, a bad placeholder or a missing {seq}.

    Bad placeholders are unnamed, nested, unknown, or carry a format spec their value cannot
    take (e.g. ``{abbr:04d}``). Only the plain names in ``ALLOWED_FIELDS`` pass, so attribute
    and index lookups such as ``{abbr.upper}`` or ``{abbr[0]}`` count as unknown.
    """
    try:
        parsed = [(name, spec) for _, name, spec, _ in string.Formatter().parse(pattern)]
    except ValueError as error:
        raise ValidationFailed(f"编号格式“{pattern}”的花括号不成对", field="pattern") from error
    fields = {name for name, _ in parsed if name is not None}
    if any(spec and "{" in spec for _, spec in parsed):
        raise ValidationFailed("编号格式的占位符不能嵌套，例如不能写 {seq:{year}}", field="pattern")
    if "" in fields or any(name.isdigit() for name in fields):
        raise ValidationFailed(
            "编号格式的占位符必须写名称，例如 {seq}；不能只写 {} 或 {0}", field="pattern"
        )
    unknown = fields - ALLOWED_FIELDS
    if unknown:
        names = "、".join(sorted(unknown))
        raise ValidationFailed(
            f"编号格式含有不认识的占位符：{names}；可用 abbr、year、seq、doc", field="pattern"
        )
    if "seq" not in fields:
        raise ValidationFailed("编号格式必须包含序号 {seq}", field="pattern")
    try:
        pattern.format(**_SAMPLE_VALUES)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise ValidationFailed(
            f"编号格式“{pattern}”的格式说明无效：年度和序号只能用数字格式（如 {{seq:04d}}），"
            "代字不能用数字格式",
            field="pattern",
        ) from error


def number_keys() -> dict[str, str]:
    """Return every number key with its Chinese name: the case kinds, then numbered documents.

    Document types without ``number_label`` (records, approval forms) never take a number,
    so they have no key.
    """
    keys = {key: CaseKind(key.removeprefix("case:")).label for key in DEFAULT_PATTERNS}
    for spec in DOC_TYPES.values():
        if spec.numbered:
            keys[f"document:{spec.code}"] = spec.title
    return keys


def document_label_for(key: str) -> str:
    """Return the ``{doc}`` value of a document key, or an empty string for a case key."""
    spec = DOC_TYPES.get(key.removeprefix("document:")) if key.startswith("document:") else None
    return spec.number_label if spec is not None else ""


def default_pattern(key: str) -> str:
    return DEFAULT_PATTERNS.get(key, DOCUMENT_PATTERN)


def custom_pattern(agency: Agency, key: str) -> str | None:
    """Return the agency's own pattern for the key, or None when the default applies."""
    custom = NumberPattern.objects.filter(agency=agency, key=key).values_list("pattern", flat=True)
    return custom.first() or None


def pattern_for(agency: Agency, key: str) -> str:
    return custom_pattern(agency, key) or default_pattern(key)


def format_number(
    pattern: str, agency: Agency, year: int, sequence: int, document_label: str
) -> str:
    abbreviation = agency.abbreviation or agency.short_name
    return pattern.format(abbr=abbreviation, year=year, seq=sequence, doc=document_label)


def preview_number(agency: Agency, key: str, year: int) -> str:
    """Return the number ``take_number`` would give next, without taking or locking it.

    Another officer may take that number first, so the result is only an example.
    """
    last_value = (
        NumberSequence.objects.filter(agency=agency, key=key, year=year)
        .values_list("last_value", flat=True)
        .first()
    )
    sequence = (last_value or 0) + 1
    return format_number(pattern_for(agency, key), agency, year, sequence, document_label_for(key))


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

    text = format_number(pattern, agency, year, counter.last_value, document_label)
    return TakenNumber(text, year, counter.last_value)

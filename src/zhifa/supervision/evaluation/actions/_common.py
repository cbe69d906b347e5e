"""Input checks the evaluation actions share."""

from decimal import Decimal, InvalidOperation

from zhifa.core.errors import ValidationFailed
from zhifa.supervision.evaluation.models.standards import FULL_MARKS


def points_value(value: Decimal | str | int | None, field: str, label: str) -> Decimal:
    """Return a score from 0 to 100 with at most one decimal, or raise ValidationFailed."""
    try:
        number = Decimal(str(value).strip()) if value not in (None, "") else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValidationFailed(f"“{label}”应为分数，例如 5 或 2.5。", field=field)
    if number < 0 or number > FULL_MARKS:
        raise ValidationFailed(f"“{label}”{number}超出范围，请填写0至100之间的分数。", field=field)
    if number != number.quantize(Decimal("0.1")):
        raise ValidationFailed(f"“{label}”{number}最多保留一位小数，请修改。", field=field)
    return number.quantize(Decimal("0.1"))


def optional_text(value: str, field: str, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if len(text) > max_length:
        raise ValidationFailed(f"“{label}”不能超过{max_length}个字。", field=field)
    return text


def plain(number: Decimal) -> str:
    """Return ``number`` without trailing zeros, as people write it (99, 99.5)."""
    return format(number.normalize(), "f")

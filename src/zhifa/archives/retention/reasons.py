"""Free-text reasons of retention decisions: returning a schedule, placing and releasing a hold."""

from zhifa.cases.actions._common import required_text
from zhifa.core.errors import ValidationFailed

# The minimum number of letters and digits in a reason. Punctuation and spaces do not count,
# so "退" and "x..." are rejected and "审计结束" passes.
MIN_REASON_CHARACTERS = 4


def checked_reason(text: str, field: str, label: str, max_length: int = 500) -> str:
    """Return ``text`` stripped, or raise ``ValidationFailed`` when it is missing or too short."""
    reason = required_text(text, field, label, max_length)
    meaningful = sum(1 for character in reason if character.isalnum())
    if meaningful < MIN_REASON_CHARACTERS:
        raise ValidationFailed(
            f"“{label}”太短，请至少写{MIN_REASON_CHARACTERS}个字（标点和空格不计），写明具体原因。",
            field=field,
        )
    return reason

"""Password checks through Django's validators, with the messages in Chinese.

Django 5.2's Chinese translation lacks some validator messages (the minimum length one is
shown in English), so the errors are rewritten here by their stable codes.
"""

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from zhifa.core.errors import ValidationFailed

# How many of the four character classes a password must mix. GB/T 22239-2019 (网络安全等级
# 保护基本要求) asks for passwords of sufficient complexity; three of four is the common reading.
REQUIRED_CHARACTER_CLASSES = 3


def character_classes(password: str) -> set[str]:
    """Return which of upper, lower, digit and other the password's characters belong to."""
    classes: set[str] = set()
    for char in password:
        if char.isupper():
            classes.add("upper")
        elif char.islower():
            classes.add("lower")
        elif char.isdigit():
            classes.add("digit")
        else:
            classes.add("other")
    return classes


class CharacterClassValidator:
    """Require a mix of upper-case letters, lower-case letters, digits and other characters."""

    def __init__(self, required: int = REQUIRED_CHARACTER_CLASSES) -> None:
        self.required = required

    def validate(self, password: str, user: Any = None) -> None:
        if len(character_classes(password)) < self.required:
            raise ValidationError(
                _character_class_message(self.required),
                code="password_too_simple",
                params={"required": self.required},
            )

    def get_help_text(self) -> str:
        return _character_class_message(self.required)


def _character_class_message(required: int) -> str:
    return f"密码须包含大写字母、小写字母、数字、其他字符（如 @ - _）这四类中的至少 {required} 类。"


def _minimum_length() -> int:
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, password_validation.MinimumLengthValidator):
            return validator.min_length
    return 0


def _chinese_message(error: ValidationError) -> str:
    params: dict[str, Any] = error.params or {}
    if error.code == "password_too_short":
        return f"密码太短，至少需要 {params.get('min_length', _minimum_length())} 个字符。"
    if error.code == "password_too_similar":
        return "密码与用户名过于相似，请换一个。"
    if error.code == "password_too_common":
        return "密码过于常见，容易被猜中，请换一个。"
    if error.code == "password_entirely_numeric":
        return "密码不能全部是数字。"
    if error.code == "password_too_simple":
        return _character_class_message(params.get("required", REQUIRED_CHARACTER_CLASSES))
    return " ".join(str(message) for message in error.messages)


def password_problems(password: str, user: Any = None) -> list[str]:
    """Return the Chinese reasons why ``password`` is not acceptable; empty if it is."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        return [_chinese_message(item) for item in error.error_list]
    return []


def check_password_strength(password: str, user: Any = None, *, field: str = "password") -> None:
    """Raise ``ValidationFailed`` naming ``field`` if the password breaks a validator."""
    problems = password_problems(password, user)
    if problems:
        raise ValidationFailed("密码不符合要求：" + "".join(problems), field=field)


def _required_classes() -> int:
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, CharacterClassValidator):
            return validator.required
    return 0


def password_help_text() -> str:
    text = f"至少 {_minimum_length()} 个字符，不能全部是数字，不能是常见密码，也不能与用户名相似"
    required = _required_classes()
    if required:
        text += f"；须包含大写字母、小写字母、数字、其他字符中的至少 {required} 类"
    return text + "。"

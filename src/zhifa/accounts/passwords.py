"""Password checks through Django's validators, with the messages in Chinese.

Django 5.2's Chinese translation lacks some validator messages (the minimum length one is
shown in English), so the errors are rewritten here by their stable codes.
"""

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from zhifa.core.errors import ValidationFailed


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


def password_help_text() -> str:
    return f"至少 {_minimum_length()} 个字符，不能全部是数字，不能是常见密码，也不能与用户名相似。"

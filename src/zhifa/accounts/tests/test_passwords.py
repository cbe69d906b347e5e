"""Password complexity: at least three of four character classes."""

import pytest
from django.core.exceptions import ValidationError

from zhifa.accounts.passwords import (
    CharacterClassValidator,
    character_classes,
    password_help_text,
    password_problems,
)

# (password, number of classes, passes the validator)
CASES = [
    ("Qingpu@2026", 4, True),
    ("qingpu2026", 2, False),
    ("QINGPU2026", 2, False),
    ("qingpu-river", 2, False),
    ("Qingpu-river", 3, True),
    ("qingpu-2026x", 3, True),
    ("QINGPU-2026", 3, True),
    ("Qingpuriver2026", 3, True),
    ("青浦区执法平台2026a", 3, True),
    ("１２３４５６ａｂｃ", 2, False),
]


@pytest.mark.parametrize(("password", "classes", "passes"), CASES)
def test_character_class_table(password, classes, passes):
    assert len(character_classes(password)) == classes
    validator = CharacterClassValidator()
    if passes:
        validator.validate(password)
    else:
        with pytest.raises(ValidationError) as error:
            validator.validate(password)
        assert error.value.code == "password_too_simple"


def test_demo_password_passes_all_validators(db):
    assert password_problems("Qingpu@2026") == []


def test_simple_password_fails_with_chinese_message(db):
    problems = password_problems("qingpu2026")
    assert problems == [
        "密码须包含大写字母、小写字母、数字、其他字符（如 @ - _）这四类中的至少 3 类。"
    ]


def test_help_text_names_character_classes():
    assert "至少 3 类" in password_help_text()

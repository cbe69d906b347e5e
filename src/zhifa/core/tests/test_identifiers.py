"""Resident ID numbers (GB 11643) and unified social credit codes (GB 32100) as tables."""

import datetime

import pytest

from zhifa.core.identifiers import (
    check_id_number,
    check_uscc,
    classify,
    convert_legacy_id,
)

TODAY = datetime.date(2026, 12, 4)

# An 18-digit value that passes both checks: 310118 is an address code, 19660828 a birth date,
# and the digits also form a USCC whose check characters are right.
AMBIGUOUS = "310118196608289623"

ID_NUMBER_CASES = [
    # (value, valid, reason contains, situation)
    ("11010519491231002X", True, "", "valid, check character X"),
    ("310118198503121014", True, "", "valid, check digit"),
    ("11010519491231002x", True, "", "lower-case x is read as X"),
    ("１１０１０５１９４９１２３１００２Ｘ", True, "", "full-width digits and letter"),
    (" 110105 19491231 002X ", True, "", "spaces are dropped"),
    ("110105194912310021", False, "校验码错误：最后一位应为X，实际为1", "wrong check digit"),
    ("11010519491231002", False, "长度应为18位", "17 characters"),
    ("11010519491231002X1", False, "长度应为18位", "19 characters"),
    ("", False, "实际为0位", "empty"),
    ("110105199902300021", False, "出生日期 19990230 不是真实存在的日期", "30 February"),
    ("110105202712010011", False, "晚于今天", "birth date in the future"),
    ("11010519491231002Y", False, "最后一位只能是数字或X", "letter other than X"),
    ("99010519491231002X", False, "地址码开头“99”", "unknown province code"),
]


@pytest.mark.parametrize(("value", "valid", "reason", "situation"), ID_NUMBER_CASES)
def test_id_number(value: str, valid: bool, reason: str, situation: str) -> None:
    result = check_id_number(value, today=TODAY)

    assert result.valid is valid, situation
    assert reason in result.reason, situation


def test_id_number_normalized_and_described() -> None:
    result = check_id_number("１１０１０５１９４９１２３１００２ｘ", today=TODAY)

    assert result.normalized == "11010519491231002X"
    assert result.birth_date == datetime.date(1949, 12, 31)
    assert result.gender == "female"
    assert not result.legacy


def test_legacy_id_recognised_not_converted() -> None:
    result = check_id_number("110105491231002", today=TODAY)

    assert result.valid
    assert result.legacy
    assert result.normalized == "110105491231002"
    assert result.birth_date == datetime.date(1949, 12, 31)


def test_legacy_id_converted_on_request() -> None:
    assert convert_legacy_id("110105491231002") == "11010519491231002X"


@pytest.mark.parametrize("value", ["11010519491231002X", "110105490231002", "11010549123100A"])
def test_convert_legacy_rejects_non_legacy(value: str) -> None:
    with pytest.raises(ValueError, match="不是有效的15位旧版身份证号码"):
        convert_legacy_id(value)


USCC_CASES = [
    # (value, valid, reason contains, situation)
    ("91350100M000100Y43", True, "", "valid"),
    ("91350100m000100y43", True, "", "lower-case letters"),
    ("９１３５０１００Ｍ０００１００Ｙ４３", True, "", "full-width characters"),
    ("91350100M000100Y44", False, "校验码错误：最后一位应为3", "wrong check character"),
    ("91350100M000100Y4", False, "长度应为18位，实际为17位", "17 characters"),
    ("91350100M0001O0Y43", False, "不允许的字符：O", "letter O is not used"),
    ("913501A0M000100Y43", False, "第3至8位应为数字", "letter in the region code"),
]


@pytest.mark.parametrize(("value", "valid", "reason", "situation"), USCC_CASES)
def test_uscc(value: str, valid: bool, reason: str, situation: str) -> None:
    result = check_uscc(value)

    assert result.valid is valid, situation
    assert reason in result.reason, situation


def test_value_passing_both_checks_is_ambiguous() -> None:
    assert check_id_number(AMBIGUOUS).valid
    assert check_uscc(AMBIGUOUS).valid
    assert classify(AMBIGUOUS) == "both"


@pytest.mark.parametrize(
    ("party_is_person", "expected"), [(True, "id_number"), (False, "uscc"), (None, "both")]
)
def test_ambiguous_value_classified_by_context(party_is_person: bool | None, expected: str) -> None:
    assert classify(AMBIGUOUS, party_is_person=party_is_person) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11010519491231002X", "id_number"),
        ("91350100M000100Y43", "uscc"),
        ("12345", "neither"),
    ],
)
def test_classify_unambiguous_values(value: str, expected: str) -> None:
    assert classify(value, party_is_person=False) == expected

import pytest

from zhifa.core.errors import ValidationFailed
from zhifa.supervision.complaints import rules


def test_lookup_code_alphabet() -> None:
    codes = {rules.new_lookup_code() for _ in range(200)}

    assert len(codes) == 200
    for code in codes:
        assert rules.is_wellformed_lookup_code(code)
        assert not set(code) & set("01ILO")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("abcd-efgh-jkmn", "ABCDEFGHJKMN"),
        (" ABCD EFGH JKMN ", "ABCDEFGHJKMN"),
        ("ＡＢＣＤ－ＥＦＧＨ－ＪＫＭＮ", "ABCDEFGHJKMN"),
    ],
)
def test_lookup_code_normalised(typed: str, stored: str) -> None:
    assert rules.normalise_lookup_code(typed) == stored


def test_lookup_code_formatted() -> None:
    assert rules.format_lookup_code("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"


@pytest.mark.parametrize(
    ("phone", "ok"),
    [("13800000000", True), ("021-59730000", True), ("12345", False), ("电话13800000000", False)],
)
def test_phone_check(phone: str, ok: bool) -> None:
    if ok:
        assert rules.check_phone(phone) == phone
    else:
        with pytest.raises(ValidationFailed):
            rules.check_phone(phone)


def test_reply_with_reasons_passes() -> None:
    text = "经现场核查，该店确有占道经营行为，已当场责令改正，并依法作出警告处理。"

    assert rules.check_reply(f"  {text}\n") == text

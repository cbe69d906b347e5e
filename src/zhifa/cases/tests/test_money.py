"""Amounts in yuan as the actions accept them."""

from decimal import Decimal

import pytest

from zhifa.cases.actions._common import money
from zhifa.core.errors import ValidationFailed


@pytest.mark.parametrize(
    ("text", "expected"),
    [("200", Decimal(200)), ("200.50", Decimal("200.50")), ("1E+2", Decimal("100.00"))],
)
def test_valid_amounts(text: str, expected: Decimal) -> None:
    amount = money(text, "fine", "罚款金额")

    assert amount == expected
    assert "E" not in str(amount)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "应为金额"),
        ("NaN", "应为金额"),
        ("Infinity", "应为金额"),
        ("1e30", "超出可登记的范围"),
        ("1000000000000.00", "超出可登记的范围"),
        ("-1", "不小于零"),
        ("1.005", "最多两位小数"),
    ],
)
def test_invalid_amounts(text: str, message: str) -> None:
    with pytest.raises(ValidationFailed, match=message) as raised:
        money(text, "fine", "罚款金额")

    assert raised.value.field == "fine"

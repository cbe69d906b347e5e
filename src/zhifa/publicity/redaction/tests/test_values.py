"""Structured values: one row per field and method."""

import pytest

from zhifa.publicity.redaction import mask_value

from .support import ID_SHANGHAI

CASES = [
    ("name", "张三", "surname", "张某某"),
    ("name", "上海华光餐饮管理有限公司", "keep", "上海华光餐饮管理有限公司"),
    ("legal_representative", "孙大伟", "surname", "孙某某"),
    ("other_person", "欧阳娜娜", "surname", "欧阳某某"),
    ("id_number", ID_SHANGHAI, "partial", "310118********123X"),
    ("id_number", "31011819850315123x", "partial", "310118********123X"),
    ("id_number", ID_SHANGHAI, "full", "[身份证号已隐去]"),
    ("id_number", ID_SHANGHAI, "remove", ""),
    ("id_number", "310101800101123", "partial", "310101*****1123"),
    ("other_id_number", "E12345678", "full", "[证件号码已隐去]"),
    ("other_id_number", "E12345678", "partial", "*****5678"),
    ("phone", "13800138000", "partial", "138****8000"),
    ("phone", "+86 138-0013-8000", "partial", "138****8000"),
    ("phone", "021-69201234", "partial", "021-****1234"),
    ("phone", "0512-57001234", "partial", "0512-****1234"),
    ("phone", "13800138000", "full", "[电话已隐去]"),
    ("address", "上海市青浦区华新镇华志路123弄4号501室", "full", "[住址已隐去]"),
    ("address", "上海市青浦区华新镇华志路123弄4号501室", "partial", "上海市青浦区[住址已隐去]"),
    ("address", "江苏省苏州市吴江区黎里镇1号", "partial", "江苏省苏州市吴江区[住址已隐去]"),
    ("address", "华志路123弄4号", "partial", "[住址已隐去]"),
    ("bank_account", "6222 0212 3456 7890 128", "partial", "***************0128"),
    ("bank_account", "6222021234567890128", "full", "[银行账号已隐去]"),
    ("plate", "沪A12345", "partial", "沪A*****"),
    ("plate", "沪AD12345", "partial", "沪A******"),
    ("plate", "沪A·12345", "partial", "沪A*****"),
    ("plate", "沪A12345", "full", "[车牌号已隐去]"),
    ("uscc", "91350100M000100Y43", "keep", "91350100M000100Y43"),
    ("uscc", "91350100M000100Y43", "partial", "91350100**********"),
    ("credential_number", "31012345", "keep", "31012345"),
    ("credential_number", "31012345", "full", "[执法证号已隐去]"),
    ("phone", "", "full", ""),
]


@pytest.mark.parametrize(("field", "value", "method", "expected"), CASES)
def test_mask_value(field: str, value: str, method: str, expected: str) -> None:
    assert mask_value(value, field, method) == expected


def test_surname_method_on_number_raises() -> None:
    with pytest.raises(ValueError, match="applies only to names"):
        mask_value("13800138000", "phone", "surname")


def test_unknown_field_raises() -> None:
    with pytest.raises(ValueError, match="unknown masking field"):
        mask_value("x", "health", "full")

"""Person names: surname plus 某某 for every form of name, and the other methods."""

import pytest

from zhifa.publicity.redaction import mask_person_name
from zhifa.publicity.redaction.names import split_surname

SURNAME_CASES = [
    ("张三", "张某某"),
    ("王小明", "王某某"),
    ("李建国强", "李某某"),
    ("欧阳娜娜", "欧阳某某"),
    ("欧阳修", "欧阳某某"),
    ("司马光", "司马某某"),
    ("诸葛亮", "诸葛某某"),
    ("上官婉儿", "上官某某"),
    ("慕容雪", "慕容某某"),
    ("令狐冲", "令狐某某"),
    ("爱新觉罗溥仪", "爱新觉罗某某"),
    # Two characters that could start a compound surname are surname and given name.
    ("东方", "东某某"),
    ("司马", "司某某"),
    ("买买提·艾力", "买某某"),
    ("买买提•艾力", "买某某"),
    ("买买提・艾力", "买某某"),
    ("阿卜杜热合曼·买买提·艾力", "阿某某"),
    ("约翰.史密斯", "约某某"),
    ("John Smith", "J某某"),
    ("张  三", "张某某"),
    (" 李四 ", "李某某"),
]


@pytest.mark.parametrize(("name", "expected"), SURNAME_CASES)
def test_surname_method(name: str, expected: str) -> None:
    assert mask_person_name(name) == expected


OTHER_METHOD_CASES = [
    ("张三", "keep", "张三"),
    ("张三", "full", "某某"),
    ("张三", "remove", ""),
    ("张三", "partial", "张*"),
    ("张三丰", "partial", "张*丰"),
    ("欧阳娜娜", "partial", "欧阳*娜"),
    ("", "surname", ""),
]


@pytest.mark.parametrize(("name", "method", "expected"), OTHER_METHOD_CASES)
def test_other_methods(name: str, method: str, expected: str) -> None:
    assert mask_person_name(name, method) == expected


def test_unknown_method_raises() -> None:
    with pytest.raises(ValueError, match="unknown masking method"):
        mask_person_name("张三", "blur")


def test_split_compound_surname() -> None:
    assert split_surname("欧阳娜娜") == ("欧阳", "娜娜")
    assert split_surname("张三") == ("张", "三")

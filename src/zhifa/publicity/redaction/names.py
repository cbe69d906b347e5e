"""Masking of person names: 张三 → 张某某, 欧阳娜娜 → 欧阳某某, 买买提·艾力 → 买某某.

A name written with a middle dot (transliterated names of Uyghur and other minorities and of
foreigners) has no surname in the Han sense: its first part is the person's own given name.
Keeping that whole part would identify the person, so only its first character is kept, the
same as for a Han name. Names in Latin letters are treated the same way.
"""

import re

from zhifa.publicity.redaction.defaults import FULL, KEEP, PARTIAL, REMOVE, SURNAME
from zhifa.publicity.redaction.replacements import HIDDEN, STAR, SURNAME_PLACEHOLDER

# Two-character surnames still in use. A name of at least three characters that starts with
# one of them keeps both characters.
COMPOUND_SURNAMES = frozenset(
    (  # noqa: SIM905 - one string of surnames reads better than a 60-line list
        "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 轩辕 端木 "
        "独孤 南宫 西门 百里 呼延 万俟 闻人 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 仲孙 "
        "钟离 赫连 拓跋 司空 东郭 左丘 梁丘 乐正 谷梁 羊舌 微生 公羊 漆雕 巫马 子车 颛孙 "
        "段干 鲜于 闾丘 东门 第五 完颜 爱新觉罗"
    ).split()
)

# Middle dots seen in names typed on different systems: U+00B7, U+2022, U+30FB, U+2027,
# and the full stops some people type in their place.
NAME_DOTS = "·•・‧.．"
_SPACES = re.compile(r"[\s\u3000]+")


def split_surname(name: str) -> tuple[str, str]:
    """Split a Han name into surname and given name; other names split after the first character."""
    compact = _SPACES.sub("", name)
    if len(compact) >= 3:
        for surname in sorted(COMPOUND_SURNAMES, key=len, reverse=True):
            if compact.startswith(surname) and len(compact) > len(surname):
                return surname, compact[len(surname) :]
    return compact[:1], compact[1:]


def is_dotted_or_latin(name: str) -> bool:
    return any(dot in name for dot in NAME_DOTS) or any(
        char.isascii() and char.isalpha() for char in name
    )


def mask_person_name(name: str, method: str = SURNAME) -> str:
    """Mask a person's name by ``method`` (a ``MaskingMethod`` value).

    ``surname`` keeps the surname and adds 某某; ``partial`` keeps the surname and the last
    character (张*丰); ``full`` leaves only 某某; ``remove`` returns an empty string.
    """
    compact = _SPACES.sub("", name)
    if method == KEEP:
        return name
    if not compact or method == REMOVE:
        return ""
    if method == FULL:
        return HIDDEN["name"]

    if is_dotted_or_latin(compact):
        surname, given = compact[:1], compact[1:]
    else:
        surname, given = split_surname(compact)
    if method == SURNAME:
        return surname + SURNAME_PLACEHOLDER
    if method == PARTIAL:
        if len(given) <= 1:
            return surname + STAR
        return surname + STAR * (len(given) - 1) + given[-1]
    raise ValueError(f"unknown masking method {method!r}")

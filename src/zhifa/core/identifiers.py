"""Validation of resident ID numbers (GB 11643-1999) and credit codes (GB 32100-2015).

The whole platform validates identifiers here. Inputs are normalised first: full-width
characters become half-width (NFKC), spaces are dropped and letters upper-cased, so a clerk's
``１１０１…ｘ`` is read as ``1101…X``.
"""

import datetime
import unicodedata
from dataclasses import dataclass

# GB 11643: weights of the first 17 digits, and the check character for each sum mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

# Province-level codes in the first two digits (GB/T 2260), plus 81/82/83 used by the residence
# permits of Hong Kong, Macao and Taiwan residents.
PROVINCE_CODES = frozenset(
    (  # noqa: SIM905 - one string of codes reads better than a 35-line list
        "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
        "61 62 63 64 65 71 81 82 83"
    ).split()
)

# GB 32100: 31 characters (no I, O, S, V, Z); a character's value is its index.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714: the organisation code in positions 9-17 carries its own check character.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# The standard's own worked example was born in 1880, so only earlier years are rejected.
EARLIEST_BIRTH_YEAR = 1850


@dataclass(frozen=True)
class IdNumberResult:
    """The outcome of checking one resident ID number."""

    valid: bool
    normalized: str
    reason: str = ""
    legacy: bool = False
    birth_date: datetime.date | None = None
    gender: str = ""


@dataclass(frozen=True)
class UsccResult:
    """The outcome of checking one unified social credit code."""

    valid: bool
    normalized: str
    reason: str = ""


def normalize(value: str) -> str:
    """Fold full-width characters to half-width, drop spaces and upper-case letters."""
    folded = unicodedata.normalize("NFKC", value)
    return "".join(folded.split()).upper()


def id_check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def _parse_birth_date(text: str, today: datetime.date) -> datetime.date | str:
    """Return the date written as YYYYMMDD, or a Chinese reason why it is impossible."""
    try:
        born = datetime.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return f"出生日期 {text} 不是真实存在的日期"
    if born > today:
        return f"出生日期 {born.isoformat()} 晚于今天"
    if born.year < EARLIEST_BIRTH_YEAR:
        return f"出生日期 {born.isoformat()} 早于 {EARLIEST_BIRTH_YEAR} 年"
    return born


def check_id_number(value: str, *, today: datetime.date | None = None) -> IdNumberResult:
    """Check an 18-digit or legacy 15-digit resident ID number."""
    today = today or datetime.date.today()  # noqa: DTZ011 - birth dates are calendar dates
    number = normalize(value)

    if len(number) == 15:
        return _check_legacy_id(number, today)
    if len(number) != 18:
        return IdNumberResult(False, number, f"长度应为18位（或旧版15位），实际为{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return IdNumberResult(False, number, "前17位只能是数字，最后一位只能是数字或X")
    if number[:2] not in PROVINCE_CODES:
        return IdNumberResult(False, number, f"地址码开头“{number[:2]}”不是有效的省级行政区划代码")

    born = _parse_birth_date(number[6:14], today)
    if isinstance(born, str):
        return IdNumberResult(False, number, born)

    expected = id_check_char(number[:17])
    if number[17] != expected:
        return IdNumberResult(
            False, number, f"校验码错误：最后一位应为{expected}，实际为{number[17]}"
        )

    gender = "male" if int(number[16]) % 2 == 1 else "female"
    return IdNumberResult(True, number, birth_date=born, gender=gender)


def _check_legacy_id(number: str, today: datetime.date) -> IdNumberResult:
    if not number.isdigit():
        return IdNumberResult(False, number, "15位旧版号码只能由数字组成")
    if number[:2] not in PROVINCE_CODES:
        return IdNumberResult(False, number, f"地址码开头“{number[:2]}”不是有效的省级行政区划代码")

    born = _parse_birth_date("19" + number[6:12], today)
    if isinstance(born, str):
        return IdNumberResult(False, number, born)

    gender = "male" if int(number[14]) % 2 == 1 else "female"
    return IdNumberResult(True, number, legacy=True, birth_date=born, gender=gender)


def convert_legacy_id(number: str) -> str:
    """Convert a valid 15-digit ID number to its 18-digit form (century 19, check digit added)."""
    result = check_id_number(number)
    if not result.valid or not result.legacy:
        raise ValueError(f"不是有效的15位旧版身份证号码：{result.reason or number}")
    first17 = result.normalized[:6] + "19" + result.normalized[6:]
    return first17 + id_check_char(first17)


def uscc_check_char(first17: str) -> str:
    total = sum(
        USCC_CHARSET.index(char) * weight
        for char, weight in zip(first17, USCC_WEIGHTS, strict=True)
    )
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    def value(char: str) -> int:
        return int(char) if char.isdigit() else ord(char) - ord("A") + 10

    total = sum(value(char) * weight for char, weight in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def check_uscc(value: str) -> UsccResult:
    """Check a unified social credit code, including the embedded organisation code."""
    code = normalize(value)

    if len(code) != 18:
        return UsccResult(False, code, f"长度应为18位，实际为{len(code)}位")
    bad = sorted({char for char in code if char not in USCC_CHARSET})
    if bad:
        return UsccResult(False, code, f"含有不允许的字符：{'、'.join(bad)}（不使用I、O、S、V、Z）")
    if not code[2:8].isdigit():
        return UsccResult(False, code, "第3至8位应为数字行政区划码")

    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return UsccResult(False, code, f"校验码错误：最后一位应为{expected}，实际为{code[17]}")

    org_expected = org_code_check_char(code[8:16])
    if code[16] != org_expected:
        return UsccResult(
            False,
            code,
            f"第9至17位组织机构代码的校验码错误：第17位应为{org_expected}，实际为{code[16]}",
        )
    return UsccResult(True, code)


def classify(value: str, *, party_is_person: bool | None = None) -> str:
    """Return ``id_number``, ``uscc``, ``both`` or ``neither`` for an identifier.

    An all-digit 18-character value can pass both checks; ``party_is_person`` settles it
    from context (a natural person has an ID number, an organisation a USCC).
    """
    is_id = check_id_number(value).valid
    is_uscc = check_uscc(value).valid
    if is_id and is_uscc:
        if party_is_person is None:
            return "both"
        return "id_number" if party_is_person else "uscc"
    if is_id:
        return "id_number"
    if is_uscc:
        return "uscc"
    return "neither"


def mask_id_number(number: str) -> str:
    """Keep the first 6 and last 4 characters of an ID number and hide the rest."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


# The largest primary key the databases store, a signed 64-bit integer. A larger id in a
# request names no row, and SQLite raises an error on it instead of finding nothing.
MAX_ROW_ID = 2**63 - 1

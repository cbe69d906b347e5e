"""Detection of ID and other document numbers, phones, bank accounts and licence plates.

Each finder returns the spans of one kind in the original text. The finders err towards
masking: a number shaped like an ID number is masked even when its check digit is wrong,
because a typing error in a decision still identifies the person. Numbers that must stay
visible (credit codes, decision numbers, dates, amounts) are excluded by their shape or by
the words before them.
"""

import datetime
import re
import unicodedata

from zhifa.core.identifiers import PROVINCE_CODES, check_id_number, check_uscc
from zhifa.publicity.redaction.addresses import find_addresses, find_plain_addresses
from zhifa.publicity.redaction.detection import Detection

DIGIT = "[0-9０-９]"
# No letter or digit may touch a number on either side, so parts of longer codes never match.
_BEFORE = r"(?<![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])"
_AFTER = r"(?![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])"
_SEPARATOR = r"[ \u3000\-－]"
# How many characters before a number are searched for words that identify it (身份证, 账号).
CONTEXT_WINDOW = 12

_ID_18 = re.compile(
    _BEFORE + rf"{DIGIT}{{6}}[ \u3000]?{DIGIT}{{8}}[ \u3000]?{DIGIT}{{3}}[0-9０-９XxＸｘ]" + _AFTER
)
_ID_15 = re.compile(_BEFORE + rf"{DIGIT}{{15}}" + _AFTER)
_ID_WORDS = ("身份证", "公民身份号码", "身份号码", "证件号")
# Words before a number that make it something other than an ID number.
_NOT_ID_WORDS = ("信用代码", "注册号", "代码", "文号", "编号", "账号", "帐号", "卡号", "订单号")

# The country code of China written as +86, 0086 or 86, so that the mask covers it too.
_COUNTRY_CODE = rf"(?:(?:\+|＋|00)?86{_SEPARATOR}?)"
# Numbers of other identity documents, masked only after a word naming the document. The
# shapes covered are these:
# - passports: E or G and 8 digits, or two letters and 7 digits;
# - permits of Hong Kong and Macao residents: H or M and 8 to 10 digits;
# - permits of Taiwan residents: 8 or 10 characters;
# - the old foreigner's permanent residence ID: 3 letters and 12 digits.
# The new permanent residence ID has the 18-digit shape that ``find_id_numbers`` finds after
# 身份证.
_OTHER_ID = re.compile(
    _BEFORE + r"[A-Za-z]{0,3}[0-9０-９]{7,12}[0-9A-Za-z]?(?:[(（][A-Za-z0-9][)）])?" + _AFTER
)
_OTHER_ID_WORDS = (
    "护照", "通行证", "居留证", "居留身份证", "居留许可", "台胞证", "回乡证", "旅行证",
    "证件号", "证件编号", "证照号",
)  # fmt: skip
_OTHER_ID_MIN_LENGTH = 8

_MOBILE = re.compile(
    _BEFORE + rf"{_COUNTRY_CODE}?1[3-9]{DIGIT}(?:{_SEPARATOR}?{DIGIT}{{4}}){{2}}" + _AFTER
)
# A landline after the country code drops the leading 0 of its area code: +86 21 6920 1234.
_LANDLINE_INTERNATIONAL = re.compile(
    _BEFORE
    + rf"(?:\+|＋|00)86{_SEPARATOR}?[(（]?0?[1-9]{DIGIT}{{1,2}}[)）]?{_SEPARATOR}?"
    + rf"(?:{DIGIT}{{7,8}}|{DIGIT}{{3,4}}{_SEPARATOR}{DIGIT}{{4}})"
    + _AFTER
)
_LANDLINE = re.compile(
    _BEFORE
    + rf"(?:[(（]0{DIGIT}{{2,3}}[)）]{_SEPARATOR}?|0{DIGIT}{{2,3}}{_SEPARATOR})"
    + rf"(?:{DIGIT}{{7,8}}|{DIGIT}{{3,4}}{_SEPARATOR}{DIGIT}{{4}})(?:(?:转|-|－){DIGIT}{{1,5}})?"
    + _AFTER
)
# 010 and 02x area codes have three digits, so 11 digits starting 01 or 02 are a landline.
_LANDLINE_CONTIGUOUS = re.compile(_BEFORE + rf"0[12]{DIGIT}{{9}}" + _AFTER)
_LOCAL_NUMBER = re.compile(_BEFORE + rf"{DIGIT}{{4}}{_SEPARATOR}?{DIGIT}{{4}}" + _AFTER)
_PHONE_WORDS = ("电话", "手机", "联系方式", "座机", "传真", "TEL", "Tel", "tel", "号码")

_DIGIT_RUN = re.compile(_BEFORE + rf"{DIGIT}(?:[ \u3000\-]?{DIGIT}){{9,29}}" + _AFTER)
_BANK_WORDS = ("账号", "帐号", "账户", "帐户", "卡号", "银行卡", "开户", "银行")
_NOT_BANK_WORDS = ("订单号", "编号", "文号", "批号", "条码", "注册号", "代码")

PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# Plates use no I or O. Ordinary plates have five characters after the office letter, new
# energy plates six, and some end in a character such as 学 (driving school) or 挂 (trailer).
# A dot, space or hyphen may separate the office letter from the number: 沪A·12345, 苏E-ABC12.
_PLATE = re.compile(
    rf"(?<![A-Za-z0-9])[{PLATE_PROVINCES}][A-HJ-NP-Za-hj-np-z](?P<separator>[·•・ \-－]?)"
    r"[A-HJ-NP-Za-hj-np-z0-9]{4}(?:[A-HJ-NP-Za-hj-np-z0-9]{1,2}|[学警挂港澳领试超])"
    r"(?![A-Za-z0-9])"
)
# Digits a plate needs, so that words such as 沪ABCDE are not taken for one. A separator after
# the office letter is itself the mark of a plate, so fewer digits suffice there.
_PLATE_MIN_DIGITS = 3
_PLATE_MIN_DIGITS_SEPARATED = 2


def _context(text: str, start: int, window: int = CONTEXT_WINDOW) -> str:
    return text[max(0, start - window) : start]


def _normalized(value: str) -> str:
    folded = unicodedata.normalize("NFKC", value)
    return "".join(folded.split()).upper()


def _is_id_shaped(number: str) -> bool:
    """Tell whether an 18-character number has a province code and a real birth date."""
    if number[:2] not in PROVINCE_CODES:
        return False
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return True


def _is_id_number(number: str, before: str) -> bool:
    """Decide whether an 18-character candidate is masked as an ID number."""
    id_words = any(word in before for word in _ID_WORDS)
    not_id_words = any(word in before for word in _NOT_ID_WORDS)
    id_valid = check_id_number(number).valid
    uscc_valid = check_uscc(number).valid

    if id_words:
        return True
    if uscc_valid and (not id_valid or not_id_words):
        return False
    if id_valid:
        return True
    return _is_id_shaped(number) and not not_id_words


def find_id_numbers(text: str) -> list[Detection]:
    found = []
    for match in _ID_18.finditer(text):
        if _is_id_number(_normalized(match.group()), _context(text, match.start())):
            found.append(Detection(match.start(), match.end(), "id_number", "id_number", "pattern"))

    for match in _ID_15.finditer(text):
        before = _context(text, match.start())
        legacy = check_id_number(_normalized(match.group())).valid
        id_words = any(word in before for word in _ID_WORDS)
        if id_words or (legacy and not any(word in before for word in _NOT_ID_WORDS)):
            found.append(Detection(match.start(), match.end(), "id_number", "id_number", "pattern"))
    return found


def find_other_ids(text: str) -> list[Detection]:
    """Find passport and permit numbers after a word naming the document."""
    found = []
    for match in _OTHER_ID.finditer(text):
        if len(match.group()) < _OTHER_ID_MIN_LENGTH:
            continue
        if any(word in _context(text, match.start()) for word in _OTHER_ID_WORDS):
            found.append(
                Detection(match.start(), match.end(), "id_number", "other_id_number", "pattern")
            )
    return found


def find_phones(text: str) -> list[Detection]:
    spans = [match.span() for match in _MOBILE.finditer(text)]
    spans += [match.span() for match in _LANDLINE.finditer(text)]
    spans += [match.span() for match in _LANDLINE_CONTIGUOUS.finditer(text)]
    spans += [match.span() for match in _LANDLINE_INTERNATIONAL.finditer(text)]
    # A number of seven or eight digits without area code counts only after a phone word.
    for match in _LOCAL_NUMBER.finditer(text):
        if any(word in _context(text, match.start(), 8) for word in _PHONE_WORDS):
            spans.append(match.span())
    return [Detection(start, end, "phone", "phone", "pattern") for start, end in spans]


# An e-mail address: contact data like a phone number. Full-width @ is normalised first.
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+[@＠][A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")


def find_emails(text: str) -> list[Detection]:
    return [
        Detection(match.start(), match.end(), "email", "email", "pattern")
        for match in _EMAIL.finditer(text)
    ]


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _is_bank_account(digits: str, before: str) -> bool:
    """Decide from the digit count, the words before and the Luhn check digit.

    After a bank word, 10 to 25 digits count (company accounts vary in length). Without one,
    only a card number counts: 16 to 19 digits that pass the Luhn check and start with 3 to 6.
    """
    if any(word in before for word in _BANK_WORDS):
        return 10 <= len(digits) <= 25
    if any(word in before for word in _NOT_BANK_WORDS):
        return False
    return 16 <= len(digits) <= 19 and digits[0] in "3456" and luhn_valid(digits)


def find_bank_accounts(text: str) -> list[Detection]:
    found = []
    for match in _DIGIT_RUN.finditer(text):
        digits = "".join(char for char in _normalized(match.group()) if char.isdigit())
        if _is_bank_account(digits, _context(text, match.start(), 16)):
            found.append(
                Detection(match.start(), match.end(), "bank_account", "bank_account", "pattern")
            )
    return found


def find_plates(text: str) -> list[Detection]:
    found = []
    for match in _PLATE.finditer(text):
        needed = _PLATE_MIN_DIGITS_SEPARATED if match.group("separator") else _PLATE_MIN_DIGITS
        if sum(char.isdigit() for char in match.group()) >= needed:
            found.append(Detection(match.start(), match.end(), "plate", "plate", "pattern"))
    return found


def find_patterns(text: str) -> list[Detection]:
    return [
        *find_id_numbers(text),
        *find_other_ids(text),
        *find_phones(text),
        *find_emails(text),
        *find_bank_accounts(text),
        *find_plates(text),
        *find_addresses(text),
        *find_plain_addresses(text),
    ]

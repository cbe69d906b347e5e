"""Detection of ID numbers, phone numbers, bank accounts, licence plates and home addresses.

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

_MOBILE = re.compile(
    _BEFORE
    + rf"(?:(?:\+|＋)?86{_SEPARATOR}?)?1[3-9]{DIGIT}(?:{_SEPARATOR}?{DIGIT}{{4}}){{2}}"
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
_PLATE = re.compile(
    rf"(?<![A-Za-z0-9])[{PLATE_PROVINCES}][A-HJ-NP-Za-hj-np-z][·•・ ]?"
    r"[A-HJ-NP-Za-hj-np-z0-9]{4}(?:[A-HJ-NP-Za-hj-np-z0-9]{1,2}|[学警挂港澳领试超])"
    r"(?![A-Za-z0-9])"
)
_PLATE_MIN_DIGITS = 3

# Words that introduce where a person lives. A bare 住 counts only after punctuation, as in
# "张三，男，住上海市……", so that 记住 or 抓住 never start an address.
_ADDRESS_CUE = re.compile(
    r"(?:家住|住址|现住址|现住|住所地|住所|居住地|居住在|居住于|居住|户籍所在地|户籍地址|户籍地"
    r"|经常居住地|(?:^|(?<=[，,。；;：:\s（(]))住)[：:为在于是]?[ \u3000]*"
)
_ADDRESS_BODY = re.compile(r"[\u4e00-\u9fff0-9０-９A-Za-zＡ-Ｚ#＃\-－—（）()]{4,60}")
_ADDRESS_WORDS = (
    "路",
    "街",
    "弄",
    "巷",
    "村",
    "组",
    "号",
    "室",
    "幢",
    "栋",
    "苑",
    "小区",
    "公寓",
    "宅",
    "里",
)
# What follows 住 in words such as 住房, 住宅, 住宿, 住院 and 住户.
_NOT_ADDRESS_STARTS = ("房", "宅", "宿", "院", "户", "处", "所", "证")
_ADDRESS_ENDS = ("小区", "公寓", "号", "室", "弄", "村", "组", "幢", "栋", "宅", "苑", "里")
_ADDRESS_TAIL = re.compile(r"[0-9０-９A-Za-zＡ-Ｚ#＃\-－]*")


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


def find_phones(text: str) -> list[Detection]:
    spans = [match.span() for match in _MOBILE.finditer(text)]
    spans += [match.span() for match in _LANDLINE.finditer(text)]
    spans += [match.span() for match in _LANDLINE_CONTIGUOUS.finditer(text)]
    # A number of seven or eight digits without area code counts only after a phone word.
    for match in _LOCAL_NUMBER.finditer(text):
        if any(word in _context(text, match.start(), 8) for word in _PHONE_WORDS):
            spans.append(match.span())
    return [Detection(start, end, "phone", "phone", "pattern") for start, end in spans]


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
        if sum(char.isdigit() for char in match.group()) >= _PLATE_MIN_DIGITS:
            found.append(Detection(match.start(), match.end(), "plate", "plate", "pattern"))
    return found


def _address_end(text: str, start: int, end: int) -> int:
    """Cut an address after its last house word and the number that follows it.

    The body runs to the next punctuation, so "家住华志路4号501室的张三" would otherwise take in
    the words after the address.
    """
    body = text[start:end]
    last = max((body.rfind(word) + len(word) for word in _ADDRESS_ENDS if word in body), default=0)
    if last == 0:
        return end
    tail = _ADDRESS_TAIL.match(text, start + last)
    return min(end, tail.end()) if tail else start + last


def find_addresses(text: str) -> list[Detection]:
    """Find addresses after words such as 住址 and 家住 that contain a street or house word."""
    found = []
    for cue in _ADDRESS_CUE.finditer(text):
        body = _ADDRESS_BODY.match(text, cue.end())
        if body is None or body.group().startswith(_NOT_ADDRESS_STARTS):
            continue
        if not any(word in body.group() for word in _ADDRESS_WORDS):
            continue
        end = _address_end(text, body.start(), body.end())
        found.append(Detection(body.start(), end, "address", "address", "pattern"))
    return found


def find_patterns(text: str) -> list[Detection]:
    return [
        *find_id_numbers(text),
        *find_phones(text),
        *find_bank_accounts(text),
        *find_plates(text),
        *find_addresses(text),
    ]

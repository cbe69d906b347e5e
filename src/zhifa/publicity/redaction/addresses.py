"""Detection of home addresses in free text, with or without a word such as 住址 before them."""

import re

from zhifa.publicity.redaction.detection import Detection

# Words that introduce where a person lives. A bare 住 counts only after punctuation, as in
# "张三，男，住上海市……", so that 记住 or 抓住 never start an address. 地址 covers 联系地址,
# 家庭住址 and 送达地址, but not an organisation's 经营地址 or 注册地址, which are published.
_ADDRESS_CUE = re.compile(
    r"(?:家住|住址|现住址|现住|住所地|住所|居住地|居住在|居住于|居住|户籍所在地|户籍地址|户籍地"
    r"|经常居住地|(?<!经营|注册|营业|办公|生产|网站|网络|邮箱|邮件)地址"
    r"|(?:^|(?<=[，,。；;：:\s（(]))住)[：:为在于是]?[ \u3000]*"
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

# An address without a cue word starts with a province-level division anywhere, as in
# 张三系上海市…. Or it starts with a short division name (青浦区, 昆山市) after punctuation, a
# space or a word in the class below, so that "2026年在青浦区" starts at 青浦区 and not at 年.
_PROVINCES = (
    "北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北"
    "|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆"
)
_DIVISION_START = r"(?:(?<=[在于至到往从及和与住址地为是系、，,。；;：:\s（(“])|^)"
# Divisions contain none of the words that come before an address (家住, 居住在, 地址).
_DIVISION_CHAR = r"(?:(?![在于至到往从及和与住址地为是系家居])[\u4e00-\u9fff])"
_DIVISION_SUFFIX = r"(?:省|自治区|市|区|县|旗|镇|乡|街道)"
_FIRST_DIVISION = (
    rf"(?:(?:{_PROVINCES})(?:省|市|自治区)"
    rf"|{_DIVISION_START}{_DIVISION_CHAR}{{1,4}}?{_DIVISION_SUFFIX})"
)
_DIVISIONS = re.compile(
    _FIRST_DIVISION
    + rf"(?:{_DIVISION_CHAR}{{1,8}}?{_DIVISION_SUFFIX}){{0,4}}"
    + r"(?P<rest>[\u4e00-\u9fff0-9０-９A-Za-zＡ-Ｚ#＃\-－]{2,40})"
)
_ROAD_WORDS = ("路", "街", "道", "巷", "弄", "村", "里", "苑", "小区", "公寓")
# Without a cue word, only the house words of a dwelling make a span an address.
_DWELLING_WORDS = ("号", "室", "弄")
# Words in or near an address that make it an organisation's premises, which are published
# by default.
_PREMISES_WORDS = ("经营", "营业", "注册", "办公", "生产", "门店", "店铺", "仓库", "公司", "厂")
PREMISES_WINDOW = 12
PREMISES_AFTER_WINDOW = 6


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


def _is_premises(text: str, start: int, end: int) -> bool:
    """Tell whether words of an organisation's premises stand in, shortly before or after a span."""
    around = (
        text[max(0, start - PREMISES_WINDOW) : start],
        text[start:end],
        text[end : end + PREMISES_AFTER_WINDOW],
    )
    return any(word in part for part in around for word in _PREMISES_WORDS)


def find_plain_addresses(text: str) -> list[Detection]:
    """Find addresses without a cue word: divisions, a road or village, and a house number.

    After the divisions the span must contain a road or village word and a 号, 室 or 弄.
    Spans that contain, follow or precede words of an organisation's premises (经营场所, 公司)
    stay.
    NOTE: a home address written after such words without a cue word is therefore not masked.
    """
    found = []
    for match in _DIVISIONS.finditer(text):
        end = _address_end(text, match.start(), match.end())
        rest = text[match.start("rest") : end]
        if not any(word in rest for word in _ROAD_WORDS):
            continue
        if not any(word in rest for word in _DWELLING_WORDS):
            continue
        if _is_premises(text, match.start(), end):
            continue
        found.append(Detection(match.start(), end, "address", "address", "pattern"))
    return found

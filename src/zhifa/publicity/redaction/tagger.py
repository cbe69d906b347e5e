"""Person names in free text (witnesses, employees, relatives) found with jieba's tagging.

jieba 0.42.1 tags person names "nr" (and some "nrfg" or "nrt"). Its tags alone are not enough.
It splits names it does not know into surname and given name, and it tags place names and
common words as names. The guards below come from tagging sample decision texts written for
the tests of this package:

| jieba output (word/tag)    | what it was                   | guard                          |
|----------------------------|-------------------------------|--------------------------------|
| 孙/nr 大伟/nr              | one name split in two         | join a surname with next name  |
| 欧阳/… 娜娜/nrt            | compound surname, "nrt" name  | same join, compound surnames   |
| 赵/nr 无证/v (当事人赵无证) | unknown name after a role     | join after a role cue          |
| 张三于/nr                  | name and the preposition 于   | cut a trailing function word   |
| 朱家角/nr 白鹤/nr 夏阳/nr  | Qingpu towns and streets      | stop list of place names       |
| 练塘镇/nr 赵巷镇/nr        | town names with their suffix  | reject place-name endings      |
| 安全法/nr                  | a law's short name            | reject law endings, skip 《…》 |
| 伍/nr (伍万元)             | a numeral written in capitals | at least two characters        |
| 顾客/nr 高明/nr 方正/nr    | common words                  | stop list, and a cue nearby    |
| 陈述/nr                    | a common word                 | stop list                      |

A tagged name is a candidate when it has two to four Han characters, starts with a known
surname and passes the stop lists. A candidate is masked when any of these holds:

- a person cue (证人, 当事人, 员工) comes shortly before it;
- an after cue (作证, 签字, 称, 于) follows it;
- it has the shape of a full name as one jieba token: three characters with a one-character
  surname, or three or four with a compound surname;
- it is listed with 、 和 及 与 next to a candidate that is masked.

A candidate whose nearest cue before it is an officer cue (执法人员) is an officer's name and
stays. The trade-off: two-character names without any cue (李四 alone) stay visible, because
many common words have that shape. They are returned as suspects, so that the approver can
mask them with one click. A three-character word with a surname's first character that jieba
tags as a name is masked although it is not one. Once a name is masked, every other
occurrence of it is masked too.
"""

import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhifa.publicity.redaction import cues
from zhifa.publicity.redaction.detection import Detection
from zhifa.publicity.redaction.dotted import MIDDLE_DOTS, NAME_TAGS, Token, find_dotted_names
from zhifa.publicity.redaction.names import COMPOUND_SURNAMES

logger = logging.getLogger(__name__)

# Common single-character surnames.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿"
    "关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华"
    "喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗"
    "瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡"
    "鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练"
    "廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修"
    "邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴"
    "昝智幸奉植衡富尧闭由"
)

# Words jieba tagged as names in sample decisions that are places or common words.
NOT_NAMES = frozenset(
    (  # noqa: SIM905 - one string of words reads better than a long list
        "朱家角 白鹤 夏阳 练塘 金泽 赵巷 徐泾 华新 重固 香花桥 盈浦 青浦 淀山湖 顾客 高明 方正 "
        "常青 文明 文华 金华 平安 安康 和平 华夏 龙华 黄浦 徐汇 长宁 静安 普陀 虹口 杨浦 闵行 "
        "宝山 嘉定 浦东 金山 松江 奉贤 崇明 江苏 浙江 上海 石化 明确 成本 高新 万元 元整 "
        "陈述 申辩 于是 于当日"
    ).split()
)
PLACE_OR_LAW_ENDINGS = tuple("镇村路街区县市乡湖山河港桥浜泾塘角宅园苑城店厂局所院法")
# jieba tags seen on a surname split from its given name: 孙/zg 大伟, 林/ng 志强, 欧阳/ns 娜娜,
# and n (马/n 丽丽) unless the next token is a whole name itself (时/n 李四). A surname
# character with another tag is a word of its own (由/p 林志强).
SURNAME_TOKEN_TAGS = NAME_TAGS | {"zg", "ng", "ns", "nz"}
# Endings of three-character words that jieba tags as names (银行卡, 许可证). A candidate
# with one of them is masked only with a cue word and is never a suspect.
THING_ENDINGS = tuple("卡证票单据书费款章照器械品剂表册函令罚案车机库")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
# Function words that jieba joins to the end of a name: 张三于 is 张三 and 于.
# NOTE: a real three-character name ending in one of them loses its last character to the
# text, so only its first two are masked.
TRAILING_FUNCTION_CHARS = frozenset("于在和与及等称的系是到对向被将把也均已未并说")
_BOOK_TITLE = re.compile(r"《[^》]*》")

_lock = threading.Lock()
_tokenizer: Any = None


def _cache_dir() -> Path:
    """Return the folder for jieba's dictionary cache under the platform's data folder.

    By default jieba writes its cache to the system temporary folder and later unmarshals it
    from there. Another local user could plant a file there, but not in the data folder.
    """
    from django.conf import settings

    folder = Path(settings.DATA_DIR) / "cache" / "jieba"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pos_tokenizer() -> Any:
    """Return the process's jieba part-of-speech tokenizer, loading the dictionary on first use."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            # jieba 0.42.1 ships no type hints.
            import jieba
            import jieba.posseg

            jieba.setLogLevel(logging.WARNING)
            base = jieba.Tokenizer()
            base.tmp_dir = str(_cache_dir())
            base.initialize()
            _tokenizer = jieba.posseg.POSTokenizer(base)
            logger.debug("jieba dictionary loaded for name tagging")
    return _tokenizer


def _tokens(text: str) -> Iterator[Token]:
    """Yield (start, end, word, tag) for each token of ``text``."""
    position = 0
    for pair in pos_tokenizer().cut(text):
        word, tag = pair.word, pair.flag
        yield position, position + len(word), word, tag
        position += len(word)


def _is_surname(word: str) -> bool:
    return word in SURNAMES or word in COMPOUND_SURNAMES


def looks_like_name(name: str) -> bool:
    """Tell whether a string has the shape of a Han name or a name with a middle dot.

    Four characters count only with a compound surname, since four characters with a single
    surname are more often a word or a shop name (华光餐饮) than a person's name.
    """
    parts = re.split(f"[{MIDDLE_DOTS}]", name)
    if len(parts) > 1:
        return all(_HAN.match(part) for part in parts)
    if len(name) == 4 and name[:2] not in COMPOUND_SURNAMES:
        return False
    return _plausible(name)


def _plausible(name: str) -> bool:
    if not 2 <= len(name) <= 4 or not _HAN.match(name) or "某" in name:
        return False
    if name in NOT_NAMES or name in cues.ALL_CUES or name.endswith(PLACE_OR_LAW_ENDINGS):
        return False
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]
    return _is_surname(surname)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(left <= start and end <= right for left, right in spans)


def _is_role_end(text: str, position: int) -> bool:
    """Tell whether a role cue such as 当事人 ends at ``position``, maybe followed by a colon."""
    before = text[max(0, position - 8) : position].rstrip(" \u3000：:")
    return before.endswith(cues.ROLE_CUES)


def _noun_surname(token: Token, following: Token) -> bool:
    return token[3] == "n" and not _is_surname(following[2][:1])


def _joinable(text: str, token: Token, following: Token | None) -> bool:
    """Tell whether a surname token and the next token form one name."""
    if following is None or not _is_surname(token[2]) or len(following[2]) > 2:
        return False
    if token[3] not in SURNAME_TOKEN_TAGS and not _noun_surname(token, following):
        return False
    if following[3] in NAME_TAGS:
        return True
    # jieba tags some given names nz (周/nr 建华/nz), and any word after a role and a tagged
    # surname is taken as the given name (当事人赵/nr 无证/v).
    if token[3] not in NAME_TAGS or not _HAN.match(following[2]):
        return False
    return following[3] == "nz" or _is_role_end(text, token[0])


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a function word that jieba joined to the end of a name (张三于 → 张三)."""
    if end - start >= 3 and text[end - 1] in TRAILING_FUNCTION_CHARS:
        return start, end - 1
    return start, end


def _candidate_spans(text: str, tokens: list[Token]) -> list[tuple[int, int, bool]]:
    """Return (start, end, whole) of tagged names; ``whole`` is True for a single jieba token."""
    spans = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and _joinable(text, token, following):
            spans.append((token[0], following[1], False))
            index += 2
            continue
        if token[3] in NAME_TAGS:
            spans.append((*_trimmed(text, token[0], token[1]), True))
        index += 1
    return spans


def _full_name_shape(name: str) -> bool:
    if name.endswith(THING_ENDINGS):
        return False
    if name[:2] in COMPOUND_SURNAMES:
        return 3 <= len(name) <= 4
    return len(name) == 3


@dataclass
class _Candidate:
    start: int
    end: int
    name: str
    masked: bool
    officer: bool


def _judge(text: str, start: int, end: int, whole: bool) -> _Candidate:
    name = text[start:end]
    cue = cues.nearest_cue(text, start)
    if cue is not None and name.endswith(THING_ENDINGS) and not text[:start].endswith(cue):
        # A word such as 许可证 counts as a name only right after the cue, because in
        # 经营者未取得卫生许可证 the cue belongs to another phrase.
        cue = None
    officer = cues.is_officer_cue(cue)
    masked = not officer and (
        cue is not None or cues.has_after_cue(text, end) or (whole and _full_name_shape(name))
    )
    return _Candidate(start, end, name, masked, officer)


def _spread_in_lists(text: str, found: list[_Candidate]) -> None:
    """Mask every name of a list (李四、王小明) that contains a masked name and no officer."""
    groups: list[list[_Candidate]] = []
    for candidate in found:
        if groups and cues.joined_in_list(text, groups[-1][-1].end, candidate.start):
            groups[-1].append(candidate)
        else:
            groups.append([candidate])
    for group in groups:
        if group[0].officer or not any(member.masked for member in group):
            continue
        for member in group:
            member.masked = True


@dataclass(frozen=True)
class NameScan:
    """The name tagger's result for one text.

    ``detections`` are the names to mask. ``suspects`` are candidates left unmasked for want
    of a cue, in order of first appearance. ``spans`` are the spans of every candidate and
    dotted name, which the engine uses to widen a party's name to the whole tagged name.
    """

    detections: tuple[Detection, ...]
    suspects: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


def _candidates(text: str, tokens: list[Token], titles: list[tuple[int, int]]) -> list[_Candidate]:
    found = []
    for start, end, whole in _candidate_spans(text, tokens):
        if _inside(titles, start, end) or not _plausible(text[start:end]):
            continue
        found.append(_judge(text, start, end, whole))
    _spread_in_lists(text, found)
    return found


def scan_person_names(text: str) -> NameScan:
    """Find third persons' names; the caller drops those inside kept strings such as officers'."""
    titles = [match.span() for match in _BOOK_TITLE.finditer(text)]
    tokens = list(_tokens(text))
    found = _candidates(text, tokens, titles)
    confirmed = {candidate.name for candidate in found if candidate.masked}

    spans = []
    for name in confirmed:
        spans += [match.span() for match in re.finditer(re.escape(name), text)]
    dotted = [span for span in find_dotted_names(text, tokens) if not _inside(titles, *span)]
    spans += dotted

    suspects = [
        candidate.name
        for candidate in found
        if not candidate.masked
        and not candidate.officer
        and candidate.name not in confirmed
        and not candidate.name.endswith(THING_ENDINGS)
    ]
    detections = tuple(
        Detection(start, end, "person_name", "other_person", "name_tagger") for start, end in spans
    )
    every_span = [(candidate.start, candidate.end) for candidate in found] + dotted
    return NameScan(detections, tuple(dict.fromkeys(suspects)), tuple(every_span))

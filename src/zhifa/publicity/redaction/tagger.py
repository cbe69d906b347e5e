"""Person names in free text (witnesses, employees, relatives) found with jieba's tagging.

jieba 0.42.1 tags person names "nr" (and some "nrfg" or "nrt"). Its tags alone are not enough.
It splits names it does not know into surname and given name, and it tags place names and
common words as names. The guards below come from tagging sample decision texts written for
the tests of this package:

| jieba output (word/tag)    | what it was                   | guard                          |
|----------------------------|-------------------------------|--------------------------------|
| 孙/nr 大伟/nr              | one name split in two         | join a surname with next name  |
| 欧阳/… 娜娜/nrt            | compound surname, "nrt" name  | same join, compound surnames   |
| 朱家角/nr 白鹤/nr 夏阳/nr  | Qingpu towns and streets      | stop list of place names       |
| 练塘镇/nr 赵巷镇/nr        | town names with their suffix  | reject place-name endings      |
| 安全法/nr                  | a law's short name            | reject law endings, skip 《…》 |
| 伍/nr (伍万元)             | a numeral written in capitals | at least two characters        |
| 顾客/nr 高明/nr 方正/nr    | common words                  | stop list, and a cue nearby    |

A tagged name is masked only when it has two to four Han characters, starts with a known
surname and passes the stop lists. It must also follow a cue word such as 证人 or 员工 within
a few characters, or be listed after such a name with 、 和 及 与. Once a name qualifies, every
other occurrence of it in the text is masked too. Names with a middle dot (买买提·艾力) are
masked wherever they stand outside 《》, since Chinese place names and common words rarely
contain the dot.
"""

import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from zhifa.publicity.redaction.detection import Detection
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

# Words near which a name is a third person's: witnesses, staff, customers, relatives, agents.
NAME_CUES = (
    "证人", "见证人", "陪同", "员工", "店员", "雇员", "职工", "工人", "店长", "经理", "负责人",
    "厨师", "收银员", "营业员", "服务员", "保安", "司机", "驾驶员", "驾驶人", "乘客", "顾客",
    "消费者", "举报人", "投诉人", "报案人", "受害人", "被害人", "代理人", "监护人", "亲属",
    "家属", "之子", "之女", "之妻", "之夫", "妻子", "丈夫", "儿子", "女儿", "父亲", "母亲",
    "邻居", "房东", "租户", "承租人", "出租人", "业主", "同事", "朋友", "联系人", "在场人",
    "现场人员", "名叫", "姓名", "名为", "村民", "居民", "户主", "翻译", "经营者", "股东",
)  # fmt: skip
CUE_WINDOW = 8
LIST_JOINERS = frozenset("、和及与,，")

# Words jieba tagged as names in sample decisions that are places or common words.
NOT_NAMES = frozenset(
    (  # noqa: SIM905 - one string of words reads better than a long list
        "朱家角 白鹤 夏阳 练塘 金泽 赵巷 徐泾 华新 重固 香花桥 盈浦 青浦 淀山湖 顾客 高明 方正 "
        "常青 文明 文华 金华 平安 安康 和平 华夏 龙华 黄浦 徐汇 长宁 静安 普陀 虹口 杨浦 闵行 "
        "宝山 嘉定 浦东 金山 松江 奉贤 崇明 江苏 浙江 上海 石化 明确 成本 高新 万元 元整"
    ).split()
)
PLACE_OR_LAW_ENDINGS = tuple("镇村路街区县市乡湖山河港桥浜泾塘角宅园苑城店厂局所院法")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
# Only true middle dots: a full stop between two Chinese words usually ends a sentence.
MIDDLE_DOTS = frozenset("·•・‧")
_BOOK_TITLE = re.compile(r"《[^》]*》")
NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})

# (start, end, word, tag) of one token of the text.
Token = tuple[int, int, str, str]

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


def _dotted_names(tokens: list[Token]) -> list[tuple[int, int]]:
    """Return the spans of names joined by middle dots: the Han word on each side of each dot.

    jieba leaves the dot as a token of its own, so the words beside it bound the name and
    the cue word before it (证人买买提·艾力) stays visible.
    """
    spans: list[tuple[int, int]] = []
    for index in range(1, len(tokens) - 1):
        before, dot, after = tokens[index - 1], tokens[index], tokens[index + 1]
        if dot[2] not in MIDDLE_DOTS or not _HAN.match(before[2]) or not _HAN.match(after[2]):
            continue
        if spans and spans[-1][1] == before[1]:
            spans[-1] = (spans[-1][0], after[1])
        else:
            spans.append((before[0], after[1]))
    return spans


def _is_surname(word: str) -> bool:
    return word in SURNAMES or word in COMPOUND_SURNAMES


def _candidate_names(tokens: list[Token]) -> list[tuple[int, int]]:
    """Return the spans of tagged names, joining a surname token with the name after it."""
    spans = []
    index = 0
    while index < len(tokens):
        start, end, word, tag = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        joinable = following is not None and following[3] in NAME_TAGS and len(following[2]) <= 2
        if _is_surname(word) and joinable and following is not None:
            spans.append((start, following[1]))
            index += 2
            continue
        if tag in NAME_TAGS:
            spans.append((start, end))
        index += 1
    return spans


def looks_like_name(name: str) -> bool:
    """Tell whether a string has the shape of a Han name or a name with a middle dot.

    Four characters count only with a compound surname, since four characters with a single
    surname are more often a word or a shop name (华光餐饮) than a person's name.
    """
    parts = re.split(f"[{''.join(MIDDLE_DOTS)}]", name)
    if len(parts) > 1:
        return all(_HAN.match(part) for part in parts)
    if len(name) == 4 and name[:2] not in COMPOUND_SURNAMES:
        return False
    return _plausible(name)


def _plausible(name: str) -> bool:
    if not 2 <= len(name) <= 4 or not _HAN.match(name) or "某" in name:
        return False
    if name in NOT_NAMES or name.endswith(PLACE_OR_LAW_ENDINGS):
        return False
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else name[:1]
    return _is_surname(surname)


def _has_cue(text: str, start: int, previous_end: int | None) -> bool:
    """Tell whether a cue word comes shortly before ``start`` or a cued name is listed before."""
    before = text[max(0, start - CUE_WINDOW) : start]
    if any(cue in before for cue in NAME_CUES):
        return True
    if previous_end is None:
        return False
    between = text[previous_end:start]
    return 0 < len(between) <= 2 and all(char in LIST_JOINERS for char in between)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(left <= start and end <= right for left, right in spans)


def find_person_names(text: str) -> list[Detection]:
    """Find third persons' names; the caller drops those inside kept strings such as officers'."""
    titles = [match.span() for match in _BOOK_TITLE.finditer(text)]
    tokens = list(_tokens(text))
    confirmed: set[str] = set()
    previous_end: int | None = None
    for start, end in _candidate_names(tokens):
        name = text[start:end]
        if _inside(titles, start, end) or not _plausible(name):
            continue
        if _has_cue(text, start, previous_end):
            confirmed.add(name)
            previous_end = end

    spans = []
    for name in confirmed:
        spans += [match.span() for match in re.finditer(re.escape(name), text)]
    spans += [span for span in _dotted_names(tokens) if not _inside(titles, *span)]
    return [
        Detection(start, end, "person_name", "other_person", "name_tagger") for start, end in spans
    ]

"""Names with a middle dot (买买提·艾力, 阿卜杜勒·热合曼) found character by character.

jieba cuts the part after the dot at arbitrary places (阿卜杜勒/nrt ·/x 热合/v 曼/ag), so
its tokens do not bound the name there. A name here is a run of Han characters joined by
middle dots. Its first part is bounded by jieba's tokens, and its last part ends before the
first word that usually follows a name. Chinese place names and common words
rarely contain the dot, so such a name is masked anywhere outside 《》.

NOTE: the stop words are guesses from sample sentences. A transliterated name that contains
one of them (a part starting with 称 or 的) is cut short, and the rest of it stays visible.
"""

import re

from zhifa.publicity.redaction.cues import AFTER_CUES, OFFICER_CUES, PERSON_CUES

# (start, end, word, tag) of one jieba token.
Token = tuple[int, int, str, str]
NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})
# Only true middle dots: a full stop between two Chinese words usually ends a sentence.
MIDDLE_DOTS = "·•・‧"
_DOTTED_RUN = re.compile(rf"[\u4e00-\u9fff]+(?:[{MIDDLE_DOTS}][\u4e00-\u9fff]+)+")
# Characters that end the text before a name (证人 ends with 人, 经营者 with 者).
_LEFT_STOP_CHARS = frozenset("人者员工长理主的和与及在由对向将被经称是为等从叫让")
_LEFT_STOP_WORDS = PERSON_CUES + OFFICER_CUES + ("发现", "询问", "告知", "通知", "委托")
# Characters that start the text after a name, besides the after cues.
_RIGHT_STOP_CHARS = frozenset("的和与及等在到对向被将把因从也均已未系是为说称并所时曾仍又")


def _name_start(text: str, tokens: list[Token], run_start: int, first_dot: int) -> int:
    """Return where the name starts in the part before the first dot.

    The name takes the jieba token just before the dot, then the tokens before it while they
    are tagged as names or are single characters (古丽米/nr 热/n), up to a cue word. Other
    words (写作 in 又写作买买提·艾力) end it.
    """
    ends = {token[1]: index for index, token in enumerate(tokens)}
    index = ends.get(first_dot)
    if index is None:
        return _name_start_by_characters(text, run_start, first_dot)

    start = tokens[index][0]
    while index > 0:
        index -= 1
        token_start, _, word, tag = tokens[index]
        if token_start < run_start or not _is_name_piece(text, token_start, word, tag):
            break
        start = token_start
    return max(start, run_start)


def _is_name_piece(text: str, start: int, word: str, tag: str) -> bool:
    if text[: start + len(word)].endswith(_LEFT_STOP_WORDS):
        return False
    if tag in NAME_TAGS:
        return True
    return len(word) == 1 and word not in _LEFT_STOP_CHARS


def _name_start_by_characters(text: str, run_start: int, first_dot: int) -> int:
    start = run_start
    for position in range(run_start, first_dot):
        before = text[run_start:position]
        if before.endswith(_LEFT_STOP_WORDS) or (before and before[-1] in _LEFT_STOP_CHARS):
            start = position
    # Keep at least one character before the dot.
    return min(start, first_dot - 1)


def _name_end(text: str, last_dot: int, run_end: int) -> int:
    """Return where the name ends in the last part, which starts after ``last_dot``."""
    for position in range(last_dot + 2, run_end):
        after = text[position:run_end]
        if after.startswith(AFTER_CUES) or after[0] in _RIGHT_STOP_CHARS:
            return position
    return run_end


def find_dotted_names(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Return the spans of dotted names; ``tokens`` are jieba's (start, end, word, tag)."""
    spans = []
    for match in _DOTTED_RUN.finditer(text):
        dots = [index for index in range(*match.span()) if text[index] in MIDDLE_DOTS]
        start = _name_start(text, tokens, match.start(), dots[0])
        end = _name_end(text, dots[-1], match.end())
        spans.append((start, end))
    return spans

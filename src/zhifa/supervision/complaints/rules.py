"""Pure rules of complaint handling: lookup codes, reasoned replies and contact details.

A reply to a complaint must state what was verified, what was done and on what basis, as
《上海市城市管理行政执法条例》 requires of city-management agencies ("核实并答复"). A bare
"已处理" gives the complainant no information, so replies that are too short, carry too few
different characters, or consist of a stock phrase are rejected.
"""

import re
import secrets
import unicodedata

from zhifa.core.errors import ValidationFailed

# Letters and digits that cannot be mistaken for one another when read aloud or copied by
# hand: no 0/O, 1/I/L.
LOOKUP_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LOOKUP_LENGTH = 12
LOOKUP_GROUP = 4

MIN_REPLY_CHARS = 20
MIN_DISTINCT_REPLY_CHARS = 8
MAX_REPLY_CHARS = 5000

MIN_CONTENT_CHARS = 10
MAX_CONTENT_CHARS = 5000
MIN_REASON_CHARS = 10

# Stock phrases that are not a reply, compared after punctuation and spaces are removed.
BARE_REPLIES = frozenset(
    {
        "已处理",
        "已办理",
        "已办结",
        "处理完毕",
        "已处理完毕",
        "已核实",
        "已核实处理",
        "已答复",
        "已转办",
        "已整改",
        "已解决",
        "已收到",
        "收到",
        "同意",
        "情况属实已处理",
    }
)

_NOT_TEXT = re.compile(r"[\s\W_]+", re.UNICODE)
_PHONE_CHARACTERS = re.compile(r"^[0-9+\-() ]+$")


def new_lookup_code() -> str:
    return "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(LOOKUP_LENGTH))


def normalise_lookup_code(text: str) -> str:
    """Return the stored form of a code as typed: upper case, no spaces or hyphens."""
    folded = unicodedata.normalize("NFKC", text or "").upper()
    return "".join(character for character in folded if character.isalnum())[: LOOKUP_LENGTH * 2]


def is_wellformed_lookup_code(code: str) -> bool:
    return len(code) == LOOKUP_LENGTH and all(c in LOOKUP_ALPHABET for c in code)


def format_lookup_code(code: str) -> str:
    """Return the code in groups of four, e.g. ``ABCD-EFGH-JKMN``, as shown to people."""
    groups = [code[i : i + LOOKUP_GROUP] for i in range(0, len(code), LOOKUP_GROUP)]
    return "-".join(groups)


def text_characters(text: str) -> str:
    """Return the letters and digits of ``text``, without punctuation and spaces."""
    return _NOT_TEXT.sub("", unicodedata.normalize("NFKC", text))


def check_reply(text: str, *, field: str = "reply") -> str:
    """Return the stripped reply, or raise ``ValidationFailed`` if it is not a reasoned one."""
    reply = (text or "").strip()
    characters = text_characters(reply)
    if not characters:
        raise ValidationFailed("请填写答复内容：写明核查的事实、处理结果和依据。", field=field)
    if characters in BARE_REPLIES:
        raise ValidationFailed(
            f"答复不能只写“{reply}”：请写明核查的事实、处理结果和依据。", field=field
        )
    if len(characters) < MIN_REPLY_CHARS:
        raise ValidationFailed(
            f"答复内容过短（{len(characters)}个字）：请写明核查的事实、处理结果和依据，"
            f"至少{MIN_REPLY_CHARS}个字。",
            field=field,
        )
    if len(set(characters)) < MIN_DISTINCT_REPLY_CHARS:
        raise ValidationFailed(
            "答复内容由重复的字符组成：请写明核查的事实、处理结果和依据。", field=field
        )
    if len(reply) > MAX_REPLY_CHARS:
        raise ValidationFailed(
            f"答复内容超过{MAX_REPLY_CHARS}个字，请精简后重新提交。", field=field
        )
    return reply


def check_reason(text: str, *, field: str, label: str) -> str:
    """Return the stripped reason for a transfer or routing, at least a short sentence."""
    reason = (text or "").strip()
    if len(text_characters(reason)) < MIN_REASON_CHARS:
        raise ValidationFailed(
            f"请填写{label}，至少{MIN_REASON_CHARS}个字，说明为何由该单位办理。", field=field
        )
    return reason


def check_content(text: str) -> str:
    content = (text or "").strip()
    if len(text_characters(content)) < MIN_CONTENT_CHARS:
        raise ValidationFailed(
            f"请填写投诉举报内容，至少{MIN_CONTENT_CHARS}个字，写明时间、地点和具体事项。",
            field="content",
        )
    if len(content) > MAX_CONTENT_CHARS:
        raise ValidationFailed(
            f"投诉举报内容超过{MAX_CONTENT_CHARS}个字，请精简后重新提交。", field="content"
        )
    return content


def check_phone(text: str) -> str:
    """Return the phone number as given, if it has 7 to 15 digits and only phone characters."""
    phone = (text or "").strip()
    if not phone:
        return ""
    digits = sum(character.isdigit() for character in phone)
    if not _PHONE_CHARACTERS.match(phone) or not 7 <= digits <= 15:
        raise ValidationFailed(
            f"联系电话“{phone}”无效：请填写7至15位数字的手机或固定电话号码。", field="phone"
        )
    return phone

"""Words around a person's name in decision texts, used to decide whether it is masked.

A name shortly after a person cue (证人, 当事人, 员工) is a private person's. A name shortly
after an officer cue (执法人员) is an officer's, which is published. A name right before an
after cue (作证, 签字, 称) is a person's whatever precedes it.
"""

import re

# Roles of the parties and of third persons, written before their names.
ROLE_CUES = (
    "当事人", "被处罚人", "申请人", "被申请人", "法定代表人", "委托代理人", "代理人", "证人",
    "见证人", "负责人", "经营者", "户主", "监护人", "投诉人", "举报人", "报案人", "被检查人",
    "被询问人", "被调查人", "陪同人", "在场人", "联系人", "实际控制人", "股东",
)  # fmt: skip
# Third persons by their relation to the case: staff, customers and relatives.
RELATION_CUES = (
    "陪同", "员工", "店员", "雇员", "职工", "工人", "店长", "经理", "厨师", "收银员", "营业员",
    "服务员", "保安", "司机", "驾驶员", "驾驶人", "乘客", "顾客", "消费者", "受害人", "被害人",
    "亲属", "家属", "之子", "之女", "之妻", "之夫", "妻子", "丈夫", "儿子", "女儿", "父亲",
    "母亲", "邻居", "房东", "租户", "承租人", "出租人", "业主", "同事", "朋友", "现场人员",
    "名叫", "姓名", "名为", "村民", "居民", "翻译",
)  # fmt: skip
PERSON_CUES = ROLE_CUES + RELATION_CUES
OFFICER_CUES = (
    "执法人员", "执法队员", "执法证", "办案人员", "办案人", "承办人", "检查人员", "调查人员",
    "审核人", "审批人", "记录人", "询问人",
)  # fmt: skip
# Words that follow a person's name: testimony, signing, statements, and the 男/女 of a
# party's description.
AFTER_CUES = (
    "作证", "证实", "证明", "在场", "到场", "陪同", "签字", "签名", "捺印", "拒绝", "拒不",
    "承认", "供述", "陈述", "辩称", "称", "表示", "介绍", "反映", "交代", "确认", "于", "未",
    "均", "等人", "现年", "出生", "，男", "，女", ",男", ",女", "（男", "（女", "(男", "(女",
)  # fmt: skip
# Cue words that jieba itself tags as names (申请人/nr), which are never names.
ALL_CUES = frozenset(PERSON_CUES + OFFICER_CUES)
CUE_WINDOW = 8
LIST_JOINERS = frozenset("、和及与,，")
_CUE_PATTERN = re.compile("|".join(sorted(PERSON_CUES + OFFICER_CUES, key=len, reverse=True)))
_OFFICERS = frozenset(OFFICER_CUES)


def nearest_cue(text: str, start: int) -> str | None:
    """Return the cue word that ends closest before ``start`` within the window, if any."""
    before = text[max(0, start - CUE_WINDOW) : start]
    found = None
    for match in _CUE_PATTERN.finditer(before):
        found = match.group()
    return found


def is_officer_cue(cue: str | None) -> bool:
    return cue in _OFFICERS


def has_after_cue(text: str, end: int) -> bool:
    after = text[end : end + 4].lstrip(" \u3000")
    return after.startswith(AFTER_CUES)


def joined_in_list(text: str, left_end: int, right_start: int) -> bool:
    """Tell whether two names are separated only by a list joiner such as 、 or 和."""
    between = text[left_end:right_start]
    return 0 < len(between) <= 2 and all(char in LIST_JOINERS for char in between)

"""Rules an appraisal must meet, as pure functions (档案法实施条例 Art. 24).

Records whose retention period has ended are appraised by a group, with a written report and a
reason for each decision, before anything is destroyed. The reason must explain the decision,
so a bare 同意 or 销毁 is rejected.
"""

import datetime
import re

from zhifa.archives import periods
from zhifa.core.chinese_dates import chinese_date
from zhifa.core.errors import ValidationFailed

MIN_REASON_LENGTH = 6
MIN_MEMBERS = 2
# Text made only of these words states no reason (同意销毁、建议予以销毁、同意延长保管…).
_BARE_REASON = re.compile(r"(?:同意|销毁|保留|延长|保管|建议|予以|可以|拟|准予|期满|到期)+")
_PUNCTUATION = re.compile(r"[\s，。、；：！,.;:!]+")
_NAME_SEPARATORS = re.compile(r"[\s，、,;；]+")


def member_names(text: str, field: str, label: str) -> list[str]:
    """Split a list of names and require at least two different people."""
    names = [name for name in _NAME_SEPARATORS.split(text or "") if name]
    unique = list(dict.fromkeys(names))
    if len(unique) < MIN_MEMBERS:
        raise ValidationFailed(
            f"“{label}”须填写至少{MIN_MEMBERS}人的姓名，用顿号分隔，例如“张三、李四”。",
            field=field,
        )
    return unique


def checked_reason(text: str) -> str:
    """Return the stripped reason, or raise when it is empty, short or a bare 同意/销毁."""
    reason = (text or "").strip()
    if not reason:
        raise ValidationFailed("请填写鉴定理由。", field="reason")
    bare = _PUNCTUATION.sub("", reason)
    if len(bare) < MIN_REASON_LENGTH or _BARE_REASON.fullmatch(bare):
        raise ValidationFailed(
            f"鉴定理由须说明为何销毁或延长（不少于{MIN_REASON_LENGTH}个字），"
            "不能只写“同意”或“销毁”，例如“已过保管期限，案件已执行完毕，无复议诉讼，无保存价值”。",
            field="reason",
        )
    if len(reason) > 500:
        raise ValidationFailed("鉴定理由不能超过500个字。", field="reason")
    return reason


def case_file_end(archived_on: datetime.date, months: int | None) -> datetime.date | None:
    """Return the last day of keeping a case file archived on ``archived_on`` for ``months``."""
    return periods.ends_on(periods.counting_start(archived_on), months)


def check_extension(
    new_end: datetime.date | None, current_end: datetime.date | None, today: datetime.date
) -> None:
    """Require a new end of keeping later than both the current end and today.

    ``new_end`` None is permanent, which is always later.
    """
    if new_end is None:
        return
    floor = max(current_end, today) if current_end is not None else today
    if new_end <= floor:
        raise ValidationFailed(
            f"延长后的保管期限至{chinese_date(new_end)}期满，"
            f"不晚于原期满日期或今天（{chinese_date(floor)}），"
            "请选择更长的保管期限。",
            field="new_retention_months",
        )

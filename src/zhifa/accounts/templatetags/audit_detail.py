"""Show an audit entry's detail JSON as readable Chinese lines such as "角色：执法人员"."""

import logging
from typing import Any

from django import template

from zhifa.accounts.roles import Role
from zhifa.agencies.models import CredentialEventKind, CredentialStatus, ReviewerKind
from zhifa.core.models import DayKind

logger = logging.getLogger(__name__)

register = template.Library()

# Labels of the detail keys that the action functions write; a key not listed is shown as is.
KEY_LABELS = {
    "failed_case_files": "未通过案卷数",
    "added": "新增",
    "after": "修改后",
    "agency_id": "单位编号",
    "assignments": "抽取结果",
    "attempts": "清除的失败记录数",
    "before": "修改前",
    "changed": "变更",
    "code": "编码",
    "confirmed": "已确认",
    "counts": "数量",
    "created": "新增",
    "date": "日期",
    "days": "有效天数",
    "department": "部门",
    "department_id": "部门编号",
    "digest": "摘要值",
    "docx_digest": "Word 文件摘要值",
    "effective_from": "生效日期",
    "effective_to": "失效日期",
    "ended_on": "离岗日期",
    "expires_at": "有效期至",
    "failure_limit": "失败次数上限",
    "festival": "节日",
    "file": "文件",
    "from": "原为",
    "full_name": "姓名",
    "hours": "学时",
    "judicial_office_id": "司法所编号",
    "key": "参数",
    "kind": "类型",
    "legal_source": "法律依据",
    "list": "名录编号",
    "name": "名称",
    "note": "说明",
    "number": "编号",
    "officer": "执法人员编号",
    "party": "当事人编号",
    "party_registered": "新登记当事人",
    "pdf_digest": "PDF 文件摘要值",
    "power_item": "权责事项",
    "prefix": "前缀",
    "previous_kind": "原类型",
    "reason": "理由",
    "records": "记录数",
    "removed": "移除",
    "replaced": "被替换的记录",
    "roles": "角色",
    "rows": "行数",
    "seed": "随机种子",
    "source": "来源",
    "started_on": "起始日期",
    "template": "模板",
    "to": "改为",
    "unchanged": "未变",
    "username": "用户名",
    "value": "值",
    "version": "版本",
    "years": "年份",
}

# Codes stored as values, shown with the label of their choice. The code sets do not overlap.
VALUE_LABELS: dict[str, str] = {
    **dict(Role.choices),
    **dict(DayKind.choices),
    **dict(CredentialEventKind.choices),
    **dict(ReviewerKind.choices),
}
STATUS_LABELS: dict[str, str] = dict(CredentialStatus.choices)

# Keys whose values are codes from VALUE_LABELS, or credential statuses.
CODE_KEYS = frozenset({"roles", "added", "removed", "before", "after", "kind", "previous_kind"})
STATUS_KEYS = frozenset({"from", "to"})


def _label(key: str) -> str:
    return KEY_LABELS.get(key, key)


def _format_value(value: Any, key: str = "") -> str:
    if value is None or value == "" or value == []:
        return "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        if key in CODE_KEYS:
            return VALUE_LABELS.get(value, value)
        if key in STATUS_KEYS:
            return STATUS_LABELS.get(value, value)
        return value
    if isinstance(value, list):
        return "、".join(_format_value(item, key) for item in value)
    if isinstance(value, dict):
        return "；".join(_format_nested(str(name), item) for name, item in value.items())
    return str(value)


def _format_nested(key: str, value: Any) -> str:
    # agency_updated writes "changed" as {field: [old, new]}.
    if isinstance(value, list) and len(value) == 2 and key not in CODE_KEYS:
        return f"{_label(key)}：{_format_value(value[0], key)} → {_format_value(value[1], key)}"
    return f"{_label(key)}：{_format_value(value, key)}"


@register.filter
def audit_detail_lines(detail: Any) -> list[str]:
    """Return one "标签：值" line per key of ``detail``."""
    if not isinstance(detail, dict):
        return [] if detail in (None, "") else [str(detail)]
    return [
        f"{_label(str(key))}：{_format_value(value, str(key))}" for key, value in detail.items()
    ]

"""Writing the audit log (安全审计日志).

Every action function calls ``record`` inside its own transaction, so an entry exists exactly
when the change it describes was committed.
"""

import logging
from typing import Any

from django.db import models
from django.http import HttpRequest

from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import ADMINISTRATOR_ROLES

logger = logging.getLogger(__name__)

# Human-readable names of the action codes, for the audit administrator's page.
ACTION_LABELS = {
    "login": "登录",
    "logout": "退出",
    "login_failed": "登录失败",
    "login_locked": "账号锁定",
    "roles_granted": "分配角色",
    "user_created": "创建用户",
    "user_deactivated": "停用用户",
    "password_changed": "修改密码",
    "calendar_day_set": "修改工作日历",
    "calendar_day_removed": "删除工作日历调整",
    "calendar_imported": "导入节假日安排",
    "agency_updated": "修改执法主体",
    "review_body_set": "指定法制审核机构",
    "power_items_imported": "导入权责清单",
    "power_item_changed": "变更权责事项",
    "power_item_created": "新增权责事项",
    "officer_created": "录入执法人员",
    "officer_updated": "修改执法人员",
    "credential_event": "办理执法证件",
    "training_recorded": "登记培训学时",
    "reviewer_assigned": "配备法制审核人员",
    "reviewer_ended": "法制审核人员离岗",
    "rule_parameter_changed": "修改规则参数",
    "api_token_issued": "签发接口令牌",
    "api_token_revoked": "作废接口令牌",
}


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


def record(
    action: str,
    *,
    actor: User | None,
    target: models.Model | None = None,
    agency_id: int | None = None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEntry:
    """Append one audit entry; the caller's transaction makes it commit with the change."""
    roles = set(actor.roles) if actor is not None else set()
    entry = AuditEntry.objects.create(
        actor=actor,
        actor_username=actor.username if actor is not None else username,
        actor_roles=",".join(sorted(roles)),
        is_administrator_action=bool(roles & ADMINISTRATOR_ROLES),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:200] if target is not None else "",
        agency_id=agency_id,
        ip_address=client_ip(request),
        detail=detail or {},
    )
    logger.info("audit %s by %s", action, entry.actor_username, extra={"audit_id": entry.pk})
    return entry

"""Changing a publication rule (公示范围规则); only the supervisor may."""

from dataclasses import dataclass

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.publicity.drafting.conditions import CONDITIONS
from zhifa.publicity.models import PublicationKind, PublicationRule, RuleAction

EDITABLE = (
    "position",
    "kind",
    "condition",
    "action",
    "description",
    "source",
    "confirmed",
    "is_active",
)


@dataclass
class RuleInput:
    position: int
    kind: str
    condition: str
    action: str
    description: str
    source: str
    confirmed: bool
    is_active: bool


def _check(data: RuleInput) -> None:
    if data.kind and data.kind not in PublicationKind.values:
        raise ValidationFailed("“公示类别”无效，请重新选择。", field="kind")
    if data.condition not in CONDITIONS:
        raise ValidationFailed("“条件”无效，请从列表中选择。", field="condition")
    if data.action not in RuleAction.values:
        raise ValidationFailed("“处理”应为公示或不予公示。", field="action")
    if not data.description.strip():
        raise ValidationFailed("请填写“说明”。", field="description")
    if not data.source.strip():
        raise ValidationFailed("请填写“依据”，写明法律文件及条款。", field="source")


def change_rule(user: User, rule_id: int, data: RuleInput) -> PublicationRule:
    """Save the supervisor's change of one rule; the audit entry keeps the values before."""
    if not user.can(Capability.MANAGE_PUBLICATION_RULES):
        raise NotPermitted(f"您的角色没有“{Capability.MANAGE_PUBLICATION_RULES.label}”权限。")
    _check(data)
    with transaction.atomic():
        rule = PublicationRule.objects.select_for_update(of=("self",)).filter(pk=rule_id).first()
        if rule is None:
            raise NotFound("公示范围规则不存在。")
        before = {name: getattr(rule, name) for name in EDITABLE}
        for name in EDITABLE:
            value = getattr(data, name)
            setattr(rule, name, value.strip() if isinstance(value, str) else value)
        rule.save()
        changed = {
            name: [before[name], getattr(rule, name)]
            for name in EDITABLE
            if before[name] != getattr(rule, name)
        }
        audit.record(
            "publication_rule_changed", actor=user, target=rule, detail={"changed": changed}
        )
    return rule

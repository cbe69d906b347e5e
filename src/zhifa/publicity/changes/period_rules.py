"""The supervisor's edits of the publication period rules (公示期限规则).

A change applies to publications approved afterwards; items already published keep the dates
computed at their approval.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import EnforcementDomain
from zhifa.cases.actions._common import money, require, required_text
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.core.errors import ValidationFailed
from zhifa.publicity.models import PeriodRule, PublicationKind

logger = logging.getLogger(__name__)

# Maximum period a rule may set, in months (50 years): a bound against typing errors.
MAX_MONTHS = 600

AUDITED_FIELDS = (
    "kind",
    "penalty_type",
    "domain_code",
    "fine_up_to",
    "min_months",
    "max_months",
    "early_removal_allowed",
    "source",
    "confirmed",
    "is_active",
)


@dataclass
class PeriodRuleInput:
    """A rule as the form gives it; ``max_months`` None lasts as long as the decision's ban."""

    code: str
    kind: str
    min_months: int | None
    source: str
    penalty_type: str = ""
    domain_code: str = ""
    fine_up_to: Decimal | str | None = None
    max_months: int | None = None
    early_removal_allowed: bool = True
    confirmed: bool = False
    is_active: bool = True


def _months(value: int | None, field: str, label: str) -> int:
    if value is None:
        raise ValidationFailed(f"请填写“{label}”。", field=field)
    if not 0 <= value <= MAX_MONTHS:
        raise ValidationFailed(f"“{label}”应在 0 至 {MAX_MONTHS} 个月之间。", field=field)
    return value


def _apply(rule: PeriodRule, data: PeriodRuleInput) -> None:
    if data.kind not in PublicationKind.values:
        raise ValidationFailed("请选择“公示类别”。", field="kind")
    if data.penalty_type and data.penalty_type not in PENALTY_LABELS:
        raise ValidationFailed("请选择“处罚种类”，或留空表示所有种类。", field="penalty_type")
    if data.domain_code and not EnforcementDomain.objects.filter(code=data.domain_code).exists():
        raise ValidationFailed("所选“执法领域”不存在，请重新选择。", field="domain_code")
    rule.kind = data.kind
    rule.penalty_type = data.penalty_type
    rule.domain_code = data.domain_code or ""
    rule.fine_up_to = None
    if data.fine_up_to not in (None, ""):
        rule.fine_up_to = money(data.fine_up_to, "fine_up_to", "罚款不超过（元）")
    rule.min_months = _months(data.min_months, "min_months", "最短公示期（月）")
    rule.max_months = None
    if data.max_months is not None:
        rule.max_months = _months(data.max_months, "max_months", "最长公示期（月）")
        if rule.max_months < rule.min_months:
            raise ValidationFailed("“最长公示期”不能短于“最短公示期”。", field="max_months")
    rule.early_removal_allowed = data.early_removal_allowed
    rule.source = required_text(data.source, "source", "依据", 300)
    rule.confirmed = data.confirmed
    rule.is_active = data.is_active


def _snapshot(rule: PeriodRule) -> dict[str, Any]:
    return {name: str(getattr(rule, name)) for name in AUDITED_FIELDS}


def save_rule(user: User, rule: PeriodRule | None, data: PeriodRuleInput) -> PeriodRule:
    """Create a rule (``rule`` None) or change one; the audit entry keeps both states."""
    require(user, Capability.MANAGE_PUBLICATION_RULES)
    with transaction.atomic():
        if rule is None:
            target = PeriodRule(code=_new_code(data.code))
            before: dict[str, Any] = {}
        else:
            target = PeriodRule.objects.select_for_update(of=("self",)).get(pk=rule.pk)
            before = _snapshot(target)
        _apply(target, data)
        target.save()
        audit.record(
            "publication_rule_changed",
            actor=user,
            target=target,
            detail={"table": "period_rule", "before": before, "after": _snapshot(target)},
        )
    logger.info("period rule %s saved by %s", target.code, user.username)
    return target


def _new_code(code: str) -> str:
    slug = slugify(code.strip())[:60]
    if not slug:
        raise ValidationFailed("请填写“规则编码”，只用英文字母、数字和连字符。", field="code")
    if PeriodRule.objects.filter(code=slug).exists():
        raise ValidationFailed(f"规则编码“{slug}”已存在，请换一个。", field="code")
    return slug

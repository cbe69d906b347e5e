"""The applicant's withdrawal of a licence application (申请人撤回申请).

An application can be withdrawn only while it awaits a decision: after 不予受理 or a licensing
decision (准予 or 不予行政许可) nothing is pending, and a granted licence ends by cancellation
(注销) instead.
"""

import logging

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.actions._common import StepInput, append_step, require
from zhifa.cases.compliance import CaseFacts, facts_for
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.cases.rules.common import show
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.licensing import facts as licensing_facts
from zhifa.licensing.actions._support import lock_kind, with_code
from zhifa.licensing.procedures import WITHDRAWAL_STEPS

logger = logging.getLogger(__name__)


def withdrawal_blocker(facts: CaseFacts) -> str:
    """Return why the application can no longer be withdrawn, or an empty string."""
    decision = licensing_facts.decision(facts)
    if decision is not None:
        decided = licensing_facts.day(decision, "decided_on")
        when = f"已于{show(decided)}" if decided else "已"
        label = decision.details.get("outcome_label", "许可决定")
        return (
            f"本案{when}作出“{label}”决定，申请人不能再撤回申请；"
            "撤回申请只能在作出许可决定前提出。准予许可后被许可人放弃许可的，请办理注销。"
        )
    if licensing_facts.is_rejected(facts):
        rejected = licensing_facts.day(licensing_facts.acceptance(facts), "decided_on")
        when = f"已于{show(rejected)}" if rejected else "已"
        return f"本案{when}作出不予受理决定，没有待处理的申请，不能撤回申请；请办理结案。"
    if facts.latest(*WITHDRAWAL_STEPS) is not None:
        return "本案已记录申请人撤回申请，不能重复记录。"
    return ""


def withdraw_application(user: User, case: Case | int, step: StepInput) -> CaseStep:
    """Record the applicant's withdrawal in the step of the case's current stage.

    Rejected after 不予受理, after a licensing decision and after an earlier withdrawal.
    """
    require(user, Capability.MANAGE_CASES)
    if step.step not in WITHDRAWAL_STEPS:
        raise ValidationFailed("请选择撤回申请的办案环节。", field="step")
    with transaction.atomic():
        locked = lock_kind(user, case, CaseKind.LICENSING)
        blocker = withdrawal_blocker(facts_for(locked))
        if blocker:
            raise InvalidTransition(blocker, field="step")
        row = append_step(
            user,
            locked,
            with_code(step, step.step),
            audit_action="license_application_withdrawn",
        )
    logger.info("licensing case %s application withdrawn in step %s", locked.pk, row.pk)
    return row

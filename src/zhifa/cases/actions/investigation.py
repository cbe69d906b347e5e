"""Steps of investigation and review with rules of their own.

Evidence preservation and its handling decision, extensions of the decision period and
collective discussion. Each action takes a ``StepInput`` for what every step records (time,
place, officers, disclosures, summary) and sets its step code itself.
"""

import dataclasses
import logging

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.actions._common import (
    CALENDAR,
    StepInput,
    append_step,
    lock_case,
    raise_if_refused,
    require,
    required_text,
    steps_of,
)
from zhifa.cases.models import Case, CaseStep
from zhifa.cases.rules import evidence as evidence_rules
from zhifa.cases.rules import penalty as penalty_rules
from zhifa.core.errors import ValidationFailed
from zhifa.core.workdays import shanghai_date

logger = logging.getLogger(__name__)

PRESERVATION_OUTCOMES = {
    "return": "解除先行登记保存，退还当事人",
    "seize": "依法采取查封、扣押等行政强制措施",
    "confiscate": "依法予以没收",
    "transfer": "移送有关部门处理",
    "test": "送交检验、检测、检疫或者技术鉴定",
}


def _with_code(step: StepInput, code: str, **details: object) -> StepInput:
    return dataclasses.replace(step, step=code, details={**step.details, **details})


def preserve_evidence(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    items: list[str],
    reason: str,
    approved_by: str,
) -> CaseStep:
    """Record an advance registration and preservation of evidence (行政处罚法 Art. 56).

    ``approved_by`` names the agency head who approved it; the handling decision must follow
    within 7 working days (see ``decide_preservation``).
    """
    require(user, Capability.MANAGE_CASES)
    listed = [item.strip() for item in items if item.strip()]
    if not listed:
        raise ValidationFailed("请填写“保存物品清单”。", field="items")
    raise_if_refused(
        evidence_rules.check_preservation(approved_by=approved_by, reason=reason), "approved_by"
    )
    with transaction.atomic():
        locked = lock_case(user, case)
        preserved_on = shanghai_date(step.occurred_at)
        deadline = evidence_rules.preservation_decision_deadline(preserved_on, CALENDAR)
        row = append_step(
            user,
            locked,
            _with_code(
                step,
                "evidence_preservation",
                items=listed,
                reason=reason.strip(),
                head_approved_by=approved_by.strip(),
                decision_due=deadline.isoformat(),
            ),
            audit_action="evidence_preserved",
        )
    logger.info("case %s evidence preserved in step %s", locked.pk, row.pk)
    return row


def decide_preservation(
    user: User, case: Case | int, step: StepInput, *, preservation_step_id: int, outcome: str
) -> CaseStep:
    """Record the handling decision on preserved evidence, within 7 working days (Art. 56)."""
    require(user, Capability.MANAGE_CASES)
    if outcome not in PRESERVATION_OUTCOMES:
        raise ValidationFailed("请选择“处理决定”。", field="outcome")
    with transaction.atomic():
        locked = lock_case(user, case)
        preservations = {row.pk: row for row in steps_of(locked, "evidence_preservation")}
        preservation = preservations.get(preservation_step_id)
        if preservation is None:
            raise ValidationFailed("请选择本案的先行登记保存记录。", field="preservation_step_id")
        decided = {
            row.details.get("preservation_step_id")
            for row in steps_of(locked, "preservation_decision")
        }
        if preservation.pk in decided:
            raise ValidationFailed("该先行登记保存已作出处理决定。", field="preservation_step_id")
        outcome_check = evidence_rules.check_preservation_decision(
            shanghai_date(preservation.occurred_at), shanghai_date(step.occurred_at), CALENDAR
        )
        raise_if_refused(outcome_check, "occurred_at")
        row = append_step(
            user,
            locked,
            _with_code(
                step,
                "preservation_decision",
                preservation_step_id=preservation.pk,
                outcome=outcome,
                outcome_label=PRESERVATION_OUTCOMES[outcome],
            ),
            audit_action="preservation_decided",
        )
    return row


def extend_deadline(
    user: User, case: Case | int, step: StepInput, *, days: int, reason: str
) -> CaseStep:
    """Approve an extension of the 90-day decision period (行政处罚法 Art. 60).

    The approving user is the approver, so the approval capability is needed.
    TODO: the allowed length of an extension depends on sector rules (market regulation: 30
    days by the head, more by collective discussion) and is not limited here.
    """
    require(user, Capability.APPROVE_CASE_STEPS)
    approver = user.full_name or user.username
    raise_if_refused(
        penalty_rules.check_extension(penalty_rules.Extension(days, approver, reason)), "days"
    )
    with transaction.atomic():
        locked = lock_case(user, case)
        row = append_step(
            user,
            locked,
            _with_code(step, "deadline_extension", days=days, reason=reason.strip()),
            audit_action="deadline_extended",
        )
    return row


def record_collective_discussion(
    user: User, case: Case | int, step: StepInput, *, participants: list[str], conclusion: str
) -> CaseStep:
    """Record the collective discussion of the agency's leaders (行政处罚法 Art. 57 para. 2)."""
    require(user, Capability.MANAGE_CASES)
    names = [name.strip() for name in participants if name.strip()]
    if len(names) < 2:
        raise ValidationFailed(
            "集体讨论请填写全部参加讨论的负责人，至少两人。", field="participants"
        )
    conclusion = required_text(conclusion, "conclusion", "讨论结论", 2000)
    with transaction.atomic():
        locked = lock_case(user, case)
        row = append_step(
            user,
            locked,
            _with_code(step, "collective_discussion", participants=names, conclusion=conclusion),
            audit_action="collective_discussion_recorded",
        )
    logger.info("case %s collective discussion recorded in step %s", locked.pk, row.pk)
    return row

"""Carrying out enforcement and its course: suspension, resumption, termination, agreement.

行政强制法 Art. 39-43: enforcement is suspended (中止) or terminated (终结) on listed grounds.
An enforcement agreement (执行协议) may set instalments, and enforcement resumes when the
party breaks it. Enforcement at night or on public holidays needs an emergency.
"""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.actions._common import (
    StepInput,
    latest_step,
    lock_case,
    money,
    raise_if_refused,
    require,
    required_text,
    steps_of,
)
from zhifa.cases.models import Case, CaseStep
from zhifa.coercion import rules
from zhifa.coercion.actions import basis_standing
from zhifa.coercion.actions._common import append_step, require_not_before, with_code
from zhifa.coercion.actions.enforcement import basis_of, standing_basis
from zhifa.coercion.actions.timing import check_time
from zhifa.core.errors import ValidationFailed

logger = logging.getLogger(__name__)

# Steps that change whether enforcement may proceed, and the state each one leaves.
_STATE_OF_STEP = {
    "enforcement_suspended": "suspended",
    "enforcement_resumed": "active",
    "enforcement_agreement": "agreement",
    "agreement_breached": "active",
    "enforcement_terminated": "terminated",
}
_STATE_LABELS = {
    "suspended": "已中止执行",
    "agreement": "正在履行执行协议",
    "terminated": "已终结执行",
}


def enforcement_state(case: Case) -> str:
    """Return active, suspended, agreement or terminated, from the latest course step."""
    rows = [row for code in _STATE_OF_STEP for row in steps_of(case, code)]
    if not rows:
        return "active"
    latest = max(rows, key=lambda row: row.sequence)
    return _STATE_OF_STEP[latest.step]


def _require_active(case: Case) -> None:
    state = enforcement_state(case)
    if state != "active":
        raise ValidationFailed(f"本案{_STATE_LABELS[state]}，不能实施强制执行。", field="step")


@dataclass
class CarryOutInput:
    ended_at: datetime.datetime
    result: str
    emergency_reason: str = ""


def carry_out_enforcement(
    user: User, case: Case | int, step: StepInput, data: CarryOutInput
) -> CaseStep:
    """Record enforcement on site under the decision; not at night or on barred rest days
    unless the emergency is recorded (Art. 43)."""
    require(user, Capability.MANAGE_CASES)
    result = required_text(data.result, "result", "执行情况", 2000)
    if data.ended_at is None:
        raise ValidationFailed("请填写“结束时间”。", field="ended_at")
    raise_if_refused(
        check_time(step.occurred_at, data.ended_at, data.emergency_reason), "emergency_reason"
    )
    with transaction.atomic():
        locked = lock_case(user, case)
        decision = latest_step(locked, "enforcement_decision")
        if decision is None:
            raise ValidationFailed("请先记录“行政强制执行决定”。", field="step")
        require_not_before(
            step.occurred_at, "实施强制执行", decision.occurred_at, "行政强制执行决定"
        )
        standing_basis(locked, "实施强制执行")
        _require_active(locked)
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "enforcement_carried_out",
                ended_at=data.ended_at.isoformat(),
                result=result,
                emergency_reason=data.emergency_reason.strip(),
            ),
            audit_action="enforcement_carried_out",
        )
    return row


def suspend_enforcement(
    user: User, case: Case | int, step: StepInput, *, ground: str, explanation: str
) -> CaseStep:
    """Record a suspension of enforcement with its ground (Art. 39)."""
    return _course_step(
        user, case, step, "enforcement_suspended", ground, explanation, rules.SUSPENSION_GROUNDS
    )


def terminate_enforcement(
    user: User, case: Case | int, step: StepInput, *, ground: str, explanation: str
) -> CaseStep:
    """Record the termination of enforcement with its ground (Art. 40)."""
    return _course_step(
        user, case, step, "enforcement_terminated", ground, explanation, rules.TERMINATION_GROUNDS
    )


def _course_step(
    user: User,
    case: Case | int,
    step: StepInput,
    code: str,
    ground: str,
    explanation: str,
    grounds: dict[str, str],
) -> CaseStep:
    require(user, Capability.MANAGE_CASES)
    if ground not in grounds:
        raise ValidationFailed("请选择“法定情形”。", field="ground")
    explanation = required_text(explanation, "explanation", "情况说明", 2000)
    with transaction.atomic():
        locked = lock_case(user, case)
        basis_of(locked)
        state = enforcement_state(locked)
        if state == "terminated":
            raise ValidationFailed("本案已终结执行。", field="step")
        if code == "enforcement_suspended" and state == "suspended":
            raise ValidationFailed("本案已中止执行，恢复执行后才能再次中止。", field="step")
        row = append_step(
            user,
            locked,
            with_code(
                step, code, ground=ground, ground_label=grounds[ground], explanation=explanation
            ),
            audit_action=code,
        )
    return row


def resume_enforcement(user: User, case: Case | int, step: StepInput, *, reason: str) -> CaseStep:
    """Record the resumption after the ground of suspension has gone (Art. 39 para. 2)."""
    require(user, Capability.MANAGE_CASES)
    reason = required_text(reason, "reason", "恢复执行的理由", 1000)
    with transaction.atomic():
        locked = lock_case(user, case)
        if enforcement_state(locked) != "suspended":
            raise ValidationFailed("本案未中止执行，无需恢复。", field="step")
        suspension = latest_step(locked, "enforcement_suspended")
        if suspension is not None:
            require_not_before(step.occurred_at, "恢复执行", suspension.occurred_at, "中止执行")
        row = append_step(
            user,
            locked,
            with_code(step, "enforcement_resumed", reason=reason),
            audit_action="enforcement_resumed",
        )
    return row


@dataclass
class Instalment:
    due_on: datetime.date
    amount: Decimal | str | int


@dataclass
class AgreementInput:
    """An enforcement agreement: the party's undertaking and, for money, the instalments."""

    terms: str
    instalments: list[Instalment] = field(default_factory=list)
    charges_waived: Decimal | str | int = "0"


def make_agreement(user: User, case: Case | int, step: StepInput, data: AgreementInput) -> CaseStep:
    """Record an enforcement agreement (Art. 42); instalments of money add up to the principal."""
    require(user, Capability.MANAGE_CASES)
    terms = required_text(data.terms, "terms", "协议内容", 2000)
    plan = [
        {
            "due_on": row.due_on.isoformat(),
            "amount": str(money(row.amount, "instalments", "分期金额")),
        }
        for row in data.instalments
    ]
    waived = money(data.charges_waived, "charges_waived", "减免的加处罚款或滞纳金")
    with transaction.atomic():
        locked = lock_case(user, case)
        basis = basis_of(locked)
        if enforcement_state(locked) in ("agreement", "terminated"):
            raise ValidationFailed("本案已有正在履行的执行协议或已终结执行。", field="step")
        if basis.details["obligation"] == "money" and plan:
            total = sum((Decimal(row["amount"]) for row in plan), Decimal("0"))
            principal = basis_standing.principal_of(locked, basis)
            if total != principal:
                raise ValidationFailed(
                    f"分期金额合计{total}元，与金钱给付义务{principal}元不符。",
                    field="instalments",
                )
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "enforcement_agreement",
                terms=terms,
                instalments=plan,
                charges_waived=str(waived),
            ),
            audit_action="enforcement_agreement_made",
        )
    return row


def record_breach(user: User, case: Case | int, step: StepInput, *, explanation: str) -> CaseStep:
    """Record that the party broke the agreement; enforcement resumes (Art. 42 para. 2)."""
    require(user, Capability.MANAGE_CASES)
    explanation = required_text(explanation, "explanation", "不履行协议的情况", 2000)
    with transaction.atomic():
        locked = lock_case(user, case)
        if enforcement_state(locked) != "agreement":
            raise ValidationFailed("本案没有正在履行的执行协议。", field="step")
        agreement = latest_step(locked, "enforcement_agreement")
        if agreement is not None:
            require_not_before(
                step.occurred_at, "当事人不履行执行协议", agreement.occurred_at, "执行协议"
            )
        row = append_step(
            user,
            locked,
            with_code(step, "agreement_breached", explanation=explanation),
            audit_action="enforcement_agreement_breached",
        )
    return row

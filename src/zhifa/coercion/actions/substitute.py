"""Substitute performance (代履行, 行政强制法 Art. 50-51) and its immediate form (Art. 52).

Substitute performance follows a demand: a decision with the cost estimate, a second demand
at least 3 working days before, performance with an officer present, and the cost borne by
the party. Obstructions of roads, rivers, waterways or public places that must be cleared at
once may be cleared without a demand, and the party is notified afterwards.
"""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.actions._common import (
    CALENDAR,
    StepInput,
    latest_step,
    lock_case,
    money,
    raise_if_refused,
    require,
    required_date,
    required_text,
)
from zhifa.cases.hooks import require_legal_review
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.coercion import rules
from zhifa.coercion.actions._common import (
    append_step,
    require_day_not_before,
    require_kind,
    require_not_before,
    with_code,
)
from zhifa.coercion.actions.enforcement import (
    check_statements_reviewed,
    demand_of,
    standing_basis,
)
from zhifa.coercion.actions.timing import check_time
from zhifa.core.errors import ValidationFailed
from zhifa.core.workdays import shanghai_date

logger = logging.getLogger(__name__)

# Art. 52: where an obstruction must be cleared at once.
OBSTRUCTION_PLACES = {
    "road": "道路",
    "river": "河道",
    "waterway": "航道",
    "public_place": "公共场所",
}
PARTY_SITUATIONS = {
    "absent": "当事人不在场",
    "unable": "当事人不能清除",
    "refused": "当事人拒不清除",
}


@dataclass
class SubstituteDecisionInput:
    """The substitute performance decision (代履行决定书) and what Art. 51 requires in it."""

    decision_number: str
    performer: str
    method: str
    target: str
    planned_on: datetime.date
    cost_estimate: Decimal | str | int


def decide_substitute(
    user: User, case: Case | int, step: StepInput, data: SubstituteDecisionInput
) -> CaseStep:
    """Record the substitute performance decision, after a demand the party did not follow."""
    require(user, Capability.MANAGE_CASES)
    number = required_text(data.decision_number, "decision_number", "代履行决定书文号", 80)
    performer = required_text(data.performer, "performer", "代履行人", 200)
    method = required_text(data.method, "method", "代履行方式", 500)
    target = required_text(data.target, "target", "代履行标的", 500)
    if data.planned_on is None:
        raise ValidationFailed("请填写“代履行时间”。", field="planned_on")
    cost = money(data.cost_estimate, "cost_estimate", "代履行费用预算")
    if cost <= 0:
        raise ValidationFailed("请填写“代履行费用预算”。", field="cost_estimate")
    with transaction.atomic():
        locked = lock_case(user, case)
        require_kind(locked, CaseKind.COMPULSORY_ENFORCEMENT)
        basis = standing_basis(locked, "代履行决定")
        if basis.details["obligation"] != "act":
            raise ValidationFailed(
                "代履行适用于排除妨碍、恢复原状等作为义务，金钱给付义务不能代履行。",
                field="step",
            )
        demand = demand_of(locked)
        check_statements_reviewed(locked)
        require_day_not_before(
            shanghai_date(step.occurred_at),
            "代履行决定日期",
            datetime.date.fromisoformat(demand.details["served_on"]),
            "催告书送达日期",
            "occurred_at",
        )
        require_legal_review(locked, "substitute_decision")
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "substitute_decision",
                decision_number=number,
                performer=performer,
                method=method,
                target=target,
                planned_on=data.planned_on.isoformat(),
                cost_estimate=str(cost),
            ),
            audit_action="substitute_performance_decided",
        )
    return row


def serve_substitute_demand(
    user: User, case: Case | int, step: StepInput, *, served_on: datetime.date
) -> CaseStep:
    """Record the demand served before substitute performance (Art. 51 para. 1 item 2)."""
    require(user, Capability.MANAGE_CASES)
    served_on = required_date(served_on, "served_on", "催告书送达日期")
    with transaction.atomic():
        locked = lock_case(user, case)
        decision = latest_step(locked, "substitute_decision")
        if decision is None:
            raise ValidationFailed("请先记录“代履行决定”。", field="step")
        require_day_not_before(
            served_on,
            "催告书送达日期",
            shanghai_date(decision.occurred_at),
            "代履行决定日期",
            "served_on",
        )
        earliest = CALENDAR.add_working_days(served_on, rules.SUBSTITUTE_DEMAND_WORKING_DAYS)
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "substitute_demand",
                served_on=served_on.isoformat(),
                earliest_performance_on=earliest.isoformat(),
            ),
            audit_action="substitute_demand_served",
        )
    return row


@dataclass
class PerformanceInput:
    """Substitute performance as carried out, with the people who signed the record."""

    ended_at: datetime.datetime
    actual_cost: Decimal | str | int
    signed_by: str
    emergency_reason: str = ""


def perform_substitute(
    user: User, case: Case | int, step: StepInput, data: PerformanceInput
) -> CaseStep:
    """Record substitute performance on site (the officers present supervise it).

    Refused earlier than 3 working days after the demand, and at night or on a barred rest
    day unless an emergency is recorded. The cost is borne by the party.
    """
    require(user, Capability.MANAGE_CASES)
    signed_by = required_text(data.signed_by, "signed_by", "执法文书签名人", 300)
    cost = money(data.actual_cost, "actual_cost", "代履行费用")
    if data.ended_at is None:
        raise ValidationFailed("请填写“结束时间”。", field="ended_at")
    with transaction.atomic():
        locked = lock_case(user, case)
        decision = latest_step(locked, "substitute_decision")
        if decision is None:
            raise ValidationFailed("请先记录“代履行决定”。", field="step")
        require_not_before(step.occurred_at, "实施代履行", decision.occurred_at, "代履行决定")
        standing_basis(locked, "实施代履行")
        demand = latest_step(locked, "substitute_demand")
        if demand is None:
            raise ValidationFailed(
                "代履行三日前应当催告当事人履行，请先记录“代履行前催告”。", field="step"
            )
        served_on = datetime.date.fromisoformat(demand.details["served_on"])
        performed_on = shanghai_date(step.occurred_at)
        raise_if_refused(
            rules.check_substitute_demand(served_on, performed_on, CALENDAR), "occurred_at"
        )
        raise_if_refused(
            check_time(step.occurred_at, data.ended_at, data.emergency_reason), "emergency_reason"
        )
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "substitute_performed",
                ended_at=data.ended_at.isoformat(),
                actual_cost=str(cost),
                cost_borne_by_party=True,
                signed_by=signed_by,
                emergency_reason=data.emergency_reason.strip(),
            ),
            audit_action="substitute_performed",
        )
    return row


@dataclass
class ImmediateInput:
    """Immediate substitute performance: what was cleared, where, and the party's situation."""

    place_kind: str
    obstruction: str
    party_situation: str
    performer: str
    ended_at: datetime.datetime
    cost: Decimal | str | int = "0"
    emergency_reason: str = ""


def perform_immediate_substitute(
    user: User, case: Case | int, step: StepInput, data: ImmediateInput
) -> CaseStep:
    """Record the immediate clearing of an obstruction (Art. 52); no prior demand is needed."""
    require(user, Capability.MANAGE_CASES)
    if data.place_kind not in OBSTRUCTION_PLACES:
        raise ValidationFailed("请选择“场所”：道路、河道、航道或者公共场所。", field="place_kind")
    if data.party_situation not in PARTY_SITUATIONS:
        raise ValidationFailed(
            "立即代履行限于当事人不能清除的情形，请选择“当事人情况”。", field="party_situation"
        )
    obstruction = required_text(
        data.obstruction, "obstruction", "需要立即清除的遗洒物、障碍物或污染物", 500
    )
    performer = required_text(data.performer, "performer", "代履行人", 200)
    cost = money(data.cost, "cost", "代履行费用")
    if data.ended_at is None:
        raise ValidationFailed("请填写“结束时间”。", field="ended_at")
    outcome = check_time(step.occurred_at, data.ended_at, data.emergency_reason)
    raise_if_refused(outcome, "emergency_reason")

    with transaction.atomic():
        locked = lock_case(user, case)
        require_kind(locked, CaseKind.COMPULSORY_ENFORCEMENT)
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "immediate_substitute",
                place_kind=data.place_kind,
                place_kind_label=OBSTRUCTION_PLACES[data.place_kind],
                obstruction=obstruction,
                party_situation=data.party_situation,
                party_situation_label=PARTY_SITUATIONS[data.party_situation],
                performer=performer,
                ended_at=data.ended_at.isoformat(),
                cost=str(cost),
                cost_borne_by_party=True,
                emergency_reason=data.emergency_reason.strip(),
            ),
            audit_action="immediate_substitute_performed",
        )
    logger.info("case %s immediate substitute performance in step %s", locked.pk, row.pk)
    return row


def notify_immediate_substitute(
    user: User, case: Case | int, step: StepInput, *, method: str
) -> CaseStep:
    """Record the notice to the party after immediate substitute performance; the step's time
    is the time of the notice."""
    require(user, Capability.MANAGE_CASES)
    method = required_text(method, "method", "通知方式", 200)
    with transaction.atomic():
        locked = lock_case(user, case)
        performed = latest_step(locked, "immediate_substitute")
        if performed is None:
            raise ValidationFailed("本案没有立即代履行记录。", field="step")
        if step.occurred_at < performed.occurred_at:
            raise ValidationFailed(
                "事后通知的时间早于立即代履行的时间，请核对。", field="occurred_at"
            )
        delay = step.occurred_at - datetime.datetime.fromisoformat(performed.details["ended_at"])
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "immediate_substitute_notice",
                method=method,
                hours_after=max(round(delay.total_seconds() / 3600, 1), 0),
            ),
            audit_action="immediate_substitute_notified",
        )
    return row

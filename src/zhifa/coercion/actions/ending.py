"""The period of a coercive measure and its end: extension, excluded testing time, and the end.

行政强制法 Art. 25 and Art. 32: a measure lasts at most 30 days, extended once by at most 30
days with the head's approval, and time for testing, inspection, quarantine or appraisal is
not counted but stated to the party in writing. Art. 27-28 and Art. 33: the measure ends in
confiscation, destruction or release, and release is due once the period ends without a
decision.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.actions._common import (
    StepInput,
    lock_case,
    raise_if_refused,
    require,
    required_date,
    required_text,
    steps_of,
)
from zhifa.cases.models import Case, CaseStep
from zhifa.cases.rules.common import show
from zhifa.coercion import rules
from zhifa.coercion.actions._common import append_step, iso, measure_of, measure_ref, with_code
from zhifa.coercion.deadlines import computed_due_on, current_testing_periods, earliest_due_on
from zhifa.coercion.models import CoerciveMeasure, MeasureKind, MeasureState
from zhifa.coercion.procedures import MEASURE_ENDS
from zhifa.core.errors import ValidationFailed
from zhifa.core.workdays import shanghai_date

logger = logging.getLogger(__name__)

TEST_KINDS = {
    "testing": "检测",
    "inspection": "检验",
    "quarantine": "检疫",
    "appraisal": "技术鉴定",
}

END_STATES = {
    "measure_released": MeasureState.RELEASED,
    "measure_confiscated": MeasureState.CONFISCATED,
    "measure_destroyed": MeasureState.DESTROYED,
}


def extend_measure(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    measure_id: int,
    days: int,
    reason: str,
    notified_on: datetime.date,
) -> CaseStep:
    """Extend a measure once by at most 30 days; the acting user is the approving head."""
    require(user, Capability.APPROVE_CASE_STEPS)
    reason = required_text(reason, "reason", "延长理由", 1000)
    notified_on = required_date(notified_on, "notified_on", "书面告知当事人日期")
    with transaction.atomic():
        locked = lock_case(user, case)
        measure = measure_of(
            locked, measure_id, active=True, occurred_at=step.occurred_at, label="延长强制措施期限"
        )
        decided_on = shanghai_date(step.occurred_at)
        outcome = rules.check_extension(
            days=days,
            already_extended=measure.extension_days > 0,
            decided_on=decided_on,
            deadline=earliest_due_on(measure),
        )
        raise_if_refused(outcome, "days")
        old_due = measure.due_on
        measure.extension_days = days
        measure.state = MeasureState.EXTENDED
        measure.due_on = computed_due_on(measure)
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "measure_extended",
                **measure_ref(measure),
                days=days,
                reason=reason,
                notified_on=notified_on.isoformat(),
                previous_due_on=iso(old_due),
                due_on=iso(measure.due_on),
            ),
            audit_action="coercive_measure_extended",
        )
        measure.save(update_fields=["extension_days", "state", "due_on"])
    logger.info("measure %s extended by %s days to %s", measure.pk, days, measure.due_on)
    return row


@dataclass
class TestingInput:
    """A period of testing, inspection, quarantine or appraisal, and its written notice."""

    test_kind: str
    starts_on: datetime.date
    ends_on: datetime.date
    notified_on: datetime.date | None


def _earlier_period(
    case: Case, measure: CoerciveMeasure, period: rules.ExcludedPeriod
) -> CaseStep | None:
    """Return the period of the measure recorded with the same start, rejecting an overlap.

    A period with the same start is the same test: the new record states its actual or
    revised end and replaces the earlier one. A period sharing days with another would
    exclude those days twice.
    """
    rows = current_testing_periods(
        [
            row
            for row in steps_of(case, "testing_period")
            if row.details.get("measure_id") == measure.pk
        ]
    )
    for row in rows:
        first = datetime.date.fromisoformat(row.details["starts_on"])
        last = datetime.date.fromisoformat(row.details["ends_on"])
        if first == period.starts_on:
            return row
        # Periods that only touch at one day share no counted day, since the start is not counted.
        if period.starts_on < last and period.ends_on > first:
            raise ValidationFailed(
                f"本次期间{show(period.starts_on)}至{show(period.ends_on)}与已记录的检测等期间"
                f"{show(first)}至{show(last)}重叠，同一期间不能重复扣除；"
                "检测结束日期有变化的，请按原开始日期重新记录。",
                field="starts_on",
            )
    return None


def record_testing_period(
    user: User, case: Case | int, step: StepInput, *, measure_id: int, data: TestingInput
) -> CaseStep:
    """Record excluded testing time; the measure's last day moves by the days it took.

    The end may be a planned day after today, as notified to the party in writing. A later
    record with the same start states the actual end and replaces the earlier days.
    """
    require(user, Capability.MANAGE_CASES)
    if data.test_kind not in TEST_KINDS:
        raise ValidationFailed(
            "请选择“期间种类”：检测、检验、检疫或者技术鉴定。", field="test_kind"
        )
    starts_on = required_date(data.starts_on, "starts_on", "开始日期")
    if data.ends_on is None:
        raise ValidationFailed(
            "请填写“结束日期”（计划结束的，填写书面告知的日期）。", field="ends_on"
        )
    ends_on = data.ends_on
    period = rules.ExcludedPeriod(starts_on, ends_on)
    with transaction.atomic():
        locked = lock_case(user, case)
        measure = measure_of(
            locked, measure_id, active=True, occurred_at=step.occurred_at, label="检测等期间"
        )
        if measure.kind == MeasureKind.FREEZING:
            raise ValidationFailed("冻结措施没有检测、检验期间。", field="measure_id")
        imposed_on = shanghai_date(measure.imposed_at)
        raise_if_refused(
            rules.check_excluded_period(period, imposed_on, data.notified_on), "starts_on"
        )
        earlier = _earlier_period(locked, measure, period)
        earlier_days = int(earlier.details["excluded_days"]) if earlier else 0
        last_day = earliest_due_on(measure)
        if earlier is None and starts_on > last_day:
            raise ValidationFailed(
                f"本措施的期限已于{show(last_day)}届满，之后开始的检测期间不能扣除。",
                field="starts_on",
            )
        old_due = measure.due_on
        measure.excluded_days += period.days - earlier_days
        measure.due_on = computed_due_on(measure)
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "testing_period",
                **measure_ref(measure),
                test_kind=data.test_kind,
                test_kind_label=TEST_KINDS[data.test_kind],
                starts_on=starts_on.isoformat(),
                ends_on=ends_on.isoformat(),
                planned=ends_on > shanghai_date(step.occurred_at),
                excluded_days=period.days,
                replaces_step_id=earlier.pk if earlier else None,
                previous_ends_on=earlier.details["ends_on"] if earlier else "",
                notified_on=data.notified_on.isoformat() if data.notified_on else "",
                previous_due_on=iso(old_due),
                due_on=iso(measure.due_on),
            ),
            audit_action="coercive_measure_testing_recorded",
        )
        measure.save(update_fields=["excluded_days", "due_on"])
    return row


@dataclass
class EndInput:
    """The end of a measure: the outcome step code and the field that outcome needs."""

    outcome: str
    reason: str = ""
    penalty_decision: str = ""
    legal_basis: str = ""
    items_returned: bool = False


def _end_details(
    measure: CoerciveMeasure, data: EndInput, ended_on: datetime.date
) -> dict[str, object]:
    if data.outcome == "measure_released":
        reason = required_text(data.reason, "reason", "解除理由", 1000)
        if measure.kind != MeasureKind.FREEZING and not data.items_returned:
            raise ValidationFailed(
                "解除查封、扣押应当立即退还财物，请确认“已退还财物”。", field="items_returned"
            )
        return {"reason": reason, "items_returned": data.items_returned}
    last_day = earliest_due_on(measure)
    if ended_on > last_day:
        raise ValidationFailed(
            f"本措施的期限已于{show(last_day)}届满而未作出处理决定，应当解除，不能再没收或者销毁。",
            field="outcome",
        )
    if data.outcome == "measure_confiscated":
        decision = required_text(
            data.penalty_decision, "penalty_decision", "行政处罚决定书文号", 100
        )
        return {"penalty_decision": decision}
    basis = required_text(data.legal_basis, "legal_basis", "应当销毁的法律依据", 1000)
    return {"legal_basis": basis}


def end_measure(
    user: User, case: Case | int, step: StepInput, *, measure_id: int, data: EndInput
) -> CaseStep:
    """Release, confiscate or destroy: the end of a measure (Art. 27, 28, 33).

    Confiscation names the penalty decision that ordered it, destruction the law that
    requires it. Both are refused after the measure's last day, when only release is lawful.
    """
    require(user, Capability.MANAGE_CASES)
    if data.outcome not in MEASURE_ENDS:
        raise ValidationFailed("请选择处理方式：解除、没收或者销毁。", field="outcome")
    with transaction.atomic():
        locked = lock_case(user, case)
        measure = measure_of(
            locked,
            measure_id,
            active=True,
            occurred_at=step.occurred_at,
            label=MEASURE_ENDS[data.outcome],
        )
        ended_on = shanghai_date(step.occurred_at)
        details = _end_details(measure, data, ended_on)
        row = append_step(
            user,
            locked,
            with_code(
                step,
                data.outcome,
                **measure_ref(measure),
                kind_label=measure.get_kind_display(),
                overdue=ended_on > earliest_due_on(measure),
                **details,
            ),
            audit_action="coercive_measure_ended",
        )
        _close_measure(measure, data.outcome, step.occurred_at, row.summary)
    logger.info("measure %s ended: %s", measure.pk, data.outcome)
    return row


def _close_measure(
    measure: CoerciveMeasure, outcome: str, ended_at: datetime.datetime, note: str
) -> None:
    measure.state = END_STATES[outcome]
    measure.ended_at = ended_at
    measure.end_note = note[:300]
    measure.save(update_fields=["state", "ended_at", "end_note"])


def release_not_approved(
    user: User, case: Case, step: StepInput, measure: CoerciveMeasure
) -> CaseStep:
    """Release at once an emergency measure the head did not approve (Art. 19).

    Call inside the caller's transaction, on the case from ``lock_case``.
    """
    released_at = step.occurred_at
    row = append_step(
        user,
        case,
        StepInput(
            step="measure_released",
            occurred_at=released_at,
            summary=f"行政机关负责人不批准，立即解除{measure.get_kind_display()}并退还财物",
            officer_ids=list(step.officer_ids),
            details={
                **measure_ref(measure),
                "kind_label": measure.get_kind_display(),
                "reason": "行政机关负责人认为不应当采取行政强制措施",
                "items_returned": True,
                "not_approved": True,
                "overdue": False,
            },
        ),
        audit_action="coercive_measure_ended",
    )
    _close_measure(measure, "measure_released", released_at, row.summary)
    return row

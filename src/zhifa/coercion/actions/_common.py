"""Helpers of the coercion actions: step codes, dates and the case's measures."""

import dataclasses
import datetime
from typing import Any

from zhifa.cases.actions._common import StepInput
from zhifa.cases.actions._common import append_step as append_step
from zhifa.cases.models import Case, CaseKind
from zhifa.cases.rules.common import show
from zhifa.coercion.deadlines import computed_due_on
from zhifa.coercion.models import CoerciveMeasure
from zhifa.coercion.rules import show_moment
from zhifa.core.errors import InvalidTransition, ValidationFailed


def with_code(step: StepInput, code: str, **details: Any) -> StepInput:
    return dataclasses.replace(step, step=code, details={**step.details, **details})


def require_opened(case: Case, day: datetime.date, label: str, field: str) -> None:
    """Reject a date before the day the case was opened (立案日期)."""
    if day < case.opened_on:
        raise ValidationFailed(
            f"“{label}”{show(day)}早于本案立案日期{show(case.opened_on)}，请核对日期。",
            field=field,
        )


def require_kind(case: Case, kind: str) -> None:
    if case.kind != kind:
        raise InvalidTransition(
            f"本环节只适用于“{CaseKind(kind).label}”案件，案件{case.number}是"
            f"“{case.get_kind_display()}”。",
            field="step",
        )


def measure_of(
    case: Case,
    measure_id: int | None,
    *,
    active: bool = False,
    occurred_at: datetime.datetime | None = None,
    label: str = "本环节",
) -> CoerciveMeasure:
    """Return the case's measure locked for update.

    ``active`` rejects an ended measure, and ``occurred_at`` rejects a step dated before the
    measure was imposed; ``label`` names that step in the message.
    """
    measure = (
        CoerciveMeasure.objects.select_for_update().filter(case=case, pk=measure_id).first()
        if measure_id
        else None
    )
    if measure is None:
        raise ValidationFailed("请选择本案的强制措施。", field="measure_id")
    if active and not measure.active:
        raise ValidationFailed(
            f"该{measure.get_kind_display()}措施{measure.get_state_display()}，不能再记录本环节。",
            field="measure_id",
        )
    if measure.due_on is None:
        measure.due_on = computed_due_on(measure)
        if measure.due_on is not None:
            measure.save(update_fields=["due_on"])
    if occurred_at is not None:
        require_not_before(
            occurred_at, label, measure.imposed_at, f"实施{measure.get_kind_display()}"
        )
    return measure


def measure_ref(measure: CoerciveMeasure) -> dict[str, int]:
    """Return the step details that tie a step to its measure, also for the compliance panel."""
    return {"measure_id": measure.pk, "imposed_step_id": measure.imposed_step_id}


def iso(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def require_not_before(
    occurred_at: datetime.datetime,
    label: str,
    earlier_at: datetime.datetime,
    earlier_label: str,
    field: str = "occurred_at",
) -> None:
    """Reject a step dated before the step it depends on, naming both times."""
    if occurred_at < earlier_at:
        raise ValidationFailed(
            f"“{label}”的时间{show_moment(occurred_at)}早于“{earlier_label}”的时间"
            f"{show_moment(earlier_at)}；{label}应在{earlier_label}之后，请核对时间。",
            field=field,
        )


def require_day_not_before(
    day: datetime.date,
    label: str,
    earlier_day: datetime.date,
    earlier_label: str,
    field: str,
) -> None:
    """Reject a date before the date of the step it depends on, naming both dates."""
    if day < earlier_day:
        raise ValidationFailed(
            f"“{label}”{show(day)}早于“{earlier_label}”{show(earlier_day)}；"
            f"{label}应在{earlier_label}之后，请核对日期。",
            field=field,
        )

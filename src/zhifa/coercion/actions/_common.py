"""Helpers of the coercion actions: step codes, dates and the case's measures."""

import dataclasses
import datetime
from typing import Any

from zhifa.cases.actions._common import StepInput
from zhifa.cases.models import Case, CaseKind
from zhifa.coercion.models import CoerciveMeasure
from zhifa.core.errors import InvalidTransition, ValidationFailed


def with_code(step: StepInput, code: str, **details: Any) -> StepInput:
    return dataclasses.replace(step, step=code, details={**step.details, **details})


def require_kind(case: Case, kind: str) -> None:
    if case.kind != kind:
        raise InvalidTransition(
            f"本环节只适用于“{CaseKind(kind).label}”案件，案件{case.number}是"
            f"“{case.get_kind_display()}”。",
            field="step",
        )


def measure_of(case: Case, measure_id: int | None, *, active: bool = False) -> CoerciveMeasure:
    """Return the case's measure locked for update; ``active`` refuses an ended measure."""
    measure = (
        CoerciveMeasure.objects.select_for_update().filter(case=case, pk=measure_id).first()
        if measure_id
        else None
    )
    if measure is None:
        raise ValidationFailed("请选择本案的强制措施。", field="measure_id")
    if active and not measure.active:
        raise ValidationFailed(
            f"该{measure.get_kind_display()}措施已{measure.get_state_display()}，"
            "不能再记录本环节。",
            field="measure_id",
        )
    return measure


def measure_ref(measure: CoerciveMeasure) -> dict[str, int]:
    """Return the step details that tie a step to its measure, also for the compliance panel."""
    return {"measure_id": measure.pk, "imposed_step_id": measure.imposed_step_id}


def iso(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""

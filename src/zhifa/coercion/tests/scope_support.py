"""Agency B's coercion objects for the back-office scope walk."""

import datetime

from django.db.models import Model
from django.utils import timezone

from zhifa.cases.models import Case, CaseStep, Stage
from zhifa.coercion.models import CoerciveMeasure, MeasureItem


def agency_b_objects(base: dict[type[Model], Model]) -> dict[type[Model], Model]:
    case = base[Case]
    assert isinstance(case, Case)
    step = CaseStep.objects.create(
        case=case,
        sequence=(case.steps.count() + 1),
        stage=Stage.DECISION,
        step="measure_imposed",
        occurred_at=timezone.now(),
        summary="乙单位案件扣押物品",
    )
    measure = CoerciveMeasure.objects.create(
        case=case,
        imposed_step=step,
        kind="seizure",
        imposed_at=timezone.now(),
        place="乙单位案件现场",
        decision_number="乙单位扣押1号",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    item = MeasureItem.objects.create(
        measure=measure, position=1, name="乙单位当事人的货物", quantity="1批"
    )
    return {CoerciveMeasure: measure, MeasureItem: item}

"""Mandatory AV scene duties (全程音像记录) of the period's steps, and how many are met.

The rule is that of ``zhifa.evidence.compliance.evaluate``, read for all agencies at once.
Every current step of the period that triggers an active mandatory scene is one duty. The
scene is a district scene, or a scene of the case's agency in force on the step's day.

A duty is met in three ways. An AV record of that scene is linked to the step or to the step
it corrects. Or a record of the case, linked to no step, started on the step's Shanghai date.
Or an exemption is recorded.

Four queries for all agencies: scenes, steps, records and exemptions.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q

from zhifa.cases.models import CaseStep
from zhifa.core.workdays import shanghai_date
from zhifa.evidence import scenes as scene_rules
from zhifa.evidence.models import AvRecord, Requirement, SceneExemption, SceneType
from zhifa.supervision.reports.compiling.period import Figures, Period, add


@dataclass(frozen=True)
class _Step:
    pk: int
    case_id: int
    agency_id: int
    code: str
    details: dict[str, Any]
    occurred_on: datetime.date
    corrects_id: int | None

    def ids(self) -> set[int]:
        return {self.pk} | ({self.corrects_id} if self.corrects_id else set())


def _in_force(scene: SceneType, step: _Step) -> bool:
    if scene.agency_id is None:
        return True
    return scene.agency_id == step.agency_id and shanghai_date(scene.created_at) <= step.occurred_on


class _Coverage:
    """Records and exemptions of the steps' cases, indexed for the duty checks."""

    def __init__(self, steps_query: Any, scene_ids: list[int]):
        case_ids = steps_query.values("case_id")
        self.linked: set[tuple[int, int]] = set()
        self.unlinked: set[tuple[int, int, datetime.date]] = set()
        records = AvRecord.objects.filter(case_id__in=case_ids, scene_id__in=scene_ids)
        for scene_id, step_id, case_id, started_at in records.values_list(
            "scene_id", "step_id", "case_id", "started_at"
        ):
            if step_id is not None:
                self.linked.add((scene_id, step_id))
            else:
                self.unlinked.add((scene_id, case_id, shanghai_date(started_at)))
        exemptions = SceneExemption.objects.filter(case_id__in=case_ids, scene_id__in=scene_ids)
        self.exempt = set(exemptions.values_list("scene_id", "step_id"))

    def met(self, scene: SceneType, step: _Step) -> bool:
        for step_id in step.ids():
            if (scene.pk, step_id) in self.linked or (scene.pk, step_id) in self.exempt:
                return True
        return (scene.pk, step.case_id, step.occurred_on) in self.unlinked


def count_av_duties(agency_ids: list[int], period: Period, rows: dict[int, Figures]) -> None:
    scenes = list(
        SceneType.objects.filter(
            Q(agency__isnull=True) | Q(agency_id__in=agency_ids),
            active=True,
            requirement=Requirement.MANDATORY,
        )
    )
    codes = {scene_rules.parse_trigger(text).code for scene in scenes for text in scene.steps}
    if not codes:
        return

    corrected = CaseStep.objects.filter(corrects_id=OuterRef("pk"))
    steps_query = CaseStep.objects.filter(
        case__agency_id__in=agency_ids,
        step__in=codes,
        occurred_at__gte=period.start,
        occurred_at__lt=period.end,
    ).filter(~Exists(corrected))
    steps = [
        _Step(pk, case_id, agency_id, code, details or {}, shanghai_date(at), corrects_id)
        for pk, case_id, agency_id, code, details, at, corrects_id in steps_query.values_list(
            "pk", "case_id", "case__agency_id", "step", "details", "occurred_at", "corrects_id"
        )
    ]
    if not steps:
        return

    coverage = _Coverage(steps_query, [scene.pk for scene in scenes])
    by_code: dict[str, list[SceneType]] = defaultdict(list)
    for scene in scenes:
        for code in {scene_rules.parse_trigger(text).code for text in scene.steps}:
            by_code[code].append(scene)
    for step in steps:
        triggered = scene_rules.scenes_triggered(by_code[step.code], step.code, step.details)
        for scene in triggered:
            if not _in_force(scene, step):
                continue
            add(rows[step.agency_id], "av_mandatory_duties", 1)
            if coverage.met(scene, step):
                add(rows[step.agency_id], "av_mandatory_met", 1)

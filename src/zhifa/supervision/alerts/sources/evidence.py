"""Mandatory AV scenes without a record or exemption, on open or recently closed cases.

The scene rules are those of ``zhifa.evidence.compliance.evaluate``. This module reads the
steps, scenes, records and exemptions once for all cases, not once per case.
"""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.urls import reverse

from zhifa.cases.models import Case, CaseStatus, CaseStep
from zhifa.evidence import scenes
from zhifa.evidence.compliance import SceneDuty, StepRow, covers, current_rows, in_force_on
from zhifa.evidence.models import AvRecord, Requirement, SceneExemption, SceneType
from zhifa.supervision.alerts.facts import AlertFact
from zhifa.supervision.alerts.models import AlertKind
from zhifa.supervision.alerts.sources import register

# Closed cases stay checked this many days after closing, so a missing recording found at
# closing is still visible to the supervisor for a month.
RECENTLY_CLOSED_DAYS = 30


def _cases(agency_ids: list[int], today: datetime.date) -> list[Case]:
    since = today - datetime.timedelta(days=RECENTLY_CLOSED_DAYS)
    return list(
        Case.objects.filter(agency_id__in=agency_ids)
        .filter(Q(status=CaseStatus.OPEN) | Q(closed_on__gte=since))
        .order_by("pk")
    )


def _missing(
    steps: list[StepRow],
    mandatory: list[SceneType],
    records: list[AvRecord],
    exemptions: list[SceneExemption],
) -> list[SceneDuty]:
    missing = []
    for step in steps:
        for scene in scenes.scenes_triggered(mandatory, step.code, step.details):
            if not in_force_on(scene, step.occurred_on):
                continue
            covering = [r for r in records if r.scene_id == scene.pk and covers(r, step)]
            exempt = any(e.scene_id == scene.pk and e.step_id in step.ids() for e in exemptions)
            if not covering and not exempt:
                missing.append(SceneDuty(step, scene, covering, None))
    return missing


def check(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
    cases = _cases(agency_ids, today)
    if not cases:
        return []
    case_ids = [case.pk for case in cases]

    scene_rows = SceneType.objects.filter(
        Q(agency__isnull=True) | Q(agency_id__in=agency_ids),
        active=True,
        requirement=Requirement.MANDATORY,
    )
    district = [scene for scene in scene_rows if scene.agency_id is None]
    own: dict[int, list[SceneType]] = defaultdict(list)
    for scene in scene_rows:
        if scene.agency_id is not None:
            own[scene.agency_id].append(scene)

    steps: dict[int, list[CaseStep]] = defaultdict(list)
    for step in CaseStep.objects.filter(case_id__in=case_ids).order_by("sequence"):
        steps[step.case_id].append(step)
    records: dict[int, list[AvRecord]] = defaultdict(list)
    for record in AvRecord.objects.filter(case_id__in=case_ids):
        records[record.case_id].append(record)  # type: ignore[index]
    exemptions: dict[int, list[SceneExemption]] = defaultdict(list)
    for exemption in SceneExemption.objects.filter(case_id__in=case_ids):
        exemptions[exemption.case_id].append(exemption)

    facts = []
    for case in cases:
        mandatory = district + own[case.agency_id]
        missing = _missing(
            current_rows(steps[case.pk]), mandatory, records[case.pk], exemptions[case.pk]
        )
        if not missing:
            continue
        listed = "、".join(duty.describe() for duty in missing)
        facts.append(
            AlertFact(
                kind=AlertKind.AV_MISSING,
                agency_id=case.agency_id,
                target_key=f"case:{case.pk}",
                message=f"案件{case.number}的{listed}缺少音像记录。"[:500],
                url=reverse("cases:case_detail", args=[case.pk]),
            )
        )
    return facts


register("av_missing", {AlertKind.AV_MISSING}, check)

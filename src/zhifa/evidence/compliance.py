"""The case compliance item "全程音像记录" and the closing check built on it.

Every current step of a case that triggers an active mandatory scene (district-wide or of the
case's agency) needs an AV record of that scene on the case, or a recorded exemption
(``SceneExemption``) for that step and scene. A record counts for a step when it is linked to
the step, or when it is on the case unlinked to any step and started on the step's day
(Shanghai time). Gaps in the recording sessions of the case's records need an explanation too.

The whole evaluation reads a fixed number of queries, however many steps the case has.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from zhifa.cases import compliance as case_compliance
from zhifa.cases import hooks
from zhifa.cases.models import Case, CaseStep
from zhifa.cases.rules.common import Calendar
from zhifa.core.workdays import shanghai_date
from zhifa.evidence import scenes, sessions
from zhifa.evidence.models import AvRecord, Requirement, SceneExemption, SceneType

LABEL = "全程音像记录"


@dataclass(frozen=True)
class StepRow:
    """The parts of a current case step that the scene rules read."""

    pk: int
    sequence: int
    code: str
    label: str
    occurred_on: datetime.date
    details: dict[str, Any]
    corrects_id: int | None = None

    def ids(self) -> set[int]:
        """Return this step's id and the id of the step it corrects, if any."""
        return {self.pk} | ({self.corrects_id} if self.corrects_id else set())


@dataclass(frozen=True)
class SceneDuty:
    """One mandatory scene that one step of the case called for, and what covers it."""

    step: StepRow
    scene: SceneType
    records: list[AvRecord]
    exemption: SceneExemption | None

    @property
    def met(self) -> bool:
        return bool(self.records) or self.exemption is not None

    def describe(self) -> str:
        return f"第{self.step.sequence}项“{self.step.label}”的“{self.scene.name}”"


@dataclass(frozen=True)
class AvCompliance:
    duties: list[SceneDuty] = field(default_factory=list)
    records: list[AvRecord] = field(default_factory=list)
    unexplained_gaps: list[sessions.Gap] = field(default_factory=list)

    @property
    def missing(self) -> list[SceneDuty]:
        return [duty for duty in self.duties if not duty.met]


def current_rows(steps: list[CaseStep]) -> list[StepRow]:
    """Convert case steps into rows, leaving out the ones a later step corrects."""
    corrected = {row.corrects_id for row in steps if row.corrects_id}
    return [
        StepRow(
            pk=row.pk,
            sequence=row.sequence,
            code=row.step,
            label=scenes.step_label(row.step),
            occurred_on=shanghai_date(row.occurred_at),
            details=row.details or {},
            corrects_id=row.corrects_id,
        )
        for row in steps
        if row.pk not in corrected
    ]


def covers(record: AvRecord, step: StepRow) -> bool:
    if record.step_id is not None:
        return record.step_id in step.ids()
    return shanghai_date(record.started_at) == step.occurred_on


def in_force_on(scene: SceneType, day: datetime.date) -> bool:
    """Return whether ``scene`` bound the steps of ``day``.

    An agency's own scene binds steps from the day it was added: a rule made today cannot
    require a recording of a step done months ago. District scenes restate long-standing
    rules and bind every step.
    """
    return scene.agency_id is None or shanghai_date(scene.created_at) <= day


def evaluate(case_id: int, steps: list[StepRow]) -> AvCompliance:
    """Return the scene duties of a case and how they are met.

    It reads three queries, and three more for the gaps when the case has records.
    """
    mandatory = list(scenes.scenes_for_case(case_id).filter(requirement=Requirement.MANDATORY))
    records = list(AvRecord.objects.filter(case_id=case_id).select_related("scene"))
    exemptions = list(SceneExemption.objects.filter(case_id=case_id))
    duties: list[SceneDuty] = []
    for step in steps:
        for scene in scenes.scenes_triggered(mandatory, step.code, step.details):
            if not in_force_on(scene, step.occurred_on):
                continue
            covering = [r for r in records if r.scene_id == scene.pk and covers(r, step)]
            exemption = next(
                (
                    row
                    for row in exemptions
                    if row.scene_id == scene.pk and row.step_id in step.ids()
                ),
                None,
            )
            duties.append(SceneDuty(step, scene, covering, exemption))
    gaps = sessions.unexplained_gaps(records) if records else []
    return AvCompliance(duties=duties, records=records, unexplained_gaps=gaps)


def evaluate_case(case: Case) -> AvCompliance:
    steps = list(CaseStep.objects.filter(case=case).order_by("sequence"))
    return evaluate(case.pk, current_rows(steps))


def describe_gap(gap: sessions.Gap) -> str:
    return f"音像记录“{gap.resumed.filename}”之前中断{round(gap.seconds)}秒"


def item_from(result: AvCompliance) -> case_compliance.ComplianceItem:
    """Build the compliance panel item from an evaluation."""
    if not result.duties and not result.unexplained_gaps:
        return case_compliance.ComplianceItem(
            LABEL, case_compliance.NOT_APPLICABLE, "本案没有须全程音像记录的环节。"
        )
    problems = [f"{duty.describe()}缺少音像记录" for duty in result.missing]
    problems += [f"{describe_gap(gap)}，尚无中断说明" for gap in result.unexplained_gaps]
    if problems:
        return case_compliance.ComplianceItem(
            LABEL, case_compliance.MISSING, "；".join(problems) + "。"
        )
    exempt = sum(1 for duty in result.duties if not duty.records)
    detail = f"{len(result.duties)}个须全程音像记录的场景均已记录"
    if exempt:
        detail += f"（其中{exempt}个已说明免予记录）"
    return case_compliance.ComplianceItem(LABEL, case_compliance.MET, detail + "。")


def _steps_from_facts(facts: case_compliance.CaseFacts) -> list[StepRow]:
    corrected = {row.corrects_id for row in facts.steps if row.corrects_id}
    return [
        StepRow(
            pk=row.pk,
            sequence=row.sequence,
            code=row.step,
            label=row.label,
            occurred_on=row.occurred_on,
            details=row.details,
            corrects_id=row.corrects_id,
        )
        for row in facts.steps
        if row.pk not in corrected
    ]


def av_recording_item(
    facts: case_compliance.CaseFacts, calendar: Calendar
) -> case_compliance.ComplianceItem | None:
    """Compliance item "全程音像记录"; None for facts built without a stored case."""
    if facts.case_id is None:
        return None
    return item_from(evaluate(facts.case_id, _steps_from_facts(facts)))


def closing_blocker(case: Case) -> str | None:
    """Return why missing recordings keep the case open, or None.

    Unexplained gaps block closing as well as missing scenes: the case file is archived when
    the case closes, and a recording with an unexplained stop is an incomplete record of the
    process. An explanation can be written at any time, so the block is easy to lift.
    """
    result = evaluate_case(case)
    reasons = [
        f"{duty.describe()}缺少音像记录，请上传该环节的音像记录或记录免予音像记录的理由"
        for duty in result.missing
    ]
    reasons += [
        f"{describe_gap(gap)}，请在该记录页面填写中断说明" for gap in result.unexplained_gaps
    ]
    return "；".join(reasons) + "。" if reasons else None


def register() -> None:
    """Add the item to every case's compliance panel and the check to every case's closing."""
    case_compliance.register_shared_item(av_recording_item)
    hooks.register_closing_check(closing_blocker)

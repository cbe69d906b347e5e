"""Demo data of case file evaluation and the assessment, loaded by ``zhifa demo load``.

The loader draws two closed cases of each agency from the latest year with closed demo
cases and evaluates three of them, two with findings. It records one rectification and
computes the assessment of last year. A draw carrying ``DEMO_NOTE`` marks the data as loaded.
"""

import datetime
import logging

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.cases.models import Case, CaseStatus
from zhifa.core.errors import ZhifaError
from zhifa.supervision.evaluation.actions import assessment, draws, evaluations, rectifications
from zhifa.supervision.evaluation.models import Draw, Evaluation

logger = logging.getLogger(__name__)

DEMO_NOTE = "演示数据：年度案卷评查抽取"
BUREAU = "supervisor"
SKIPPED = {"draws": 0, "evaluations": 0, "rectifications": 0, "assessments": 0, "skipped": 1}

# Deductions of the demo evaluations by item code of the default standard, with findings.
DEMO_FINDINGS = [
    {"SH-2": ("3", "决定书引用《上海市市容环境卫生管理条例》条款未具体到项。")},
    {
        "JL-1": ("4", "询问笔录未记录询问起止时间，当事人未逐页签名。"),
        "GS-3": ("2", "处罚决定超过7个工作日才在公示平台发布。"),
    },
    {},
]


def load(today: datetime.date) -> dict[str, int]:
    """Add this app's demo rows once; return counts by kind, ``skipped`` for rows already there."""
    if Draw.objects.filter(note=DEMO_NOTE).exists():
        return SKIPPED
    bureau = User.objects.filter(username=BUREAU).first()
    latest = (
        Case.objects.filter(status=CaseStatus.CLOSED, closed_on__isnull=False)
        .order_by("-closed_on")
        .values_list("closed_on", flat=True)
        .first()
    )
    if bureau is None or latest is None:
        logger.warning("evaluation demo skipped: no supervisor account or no closed case")
        return SKIPPED

    try:
        with transaction.atomic():
            draw = draws.make_draw(
                bureau,
                draws.DrawInput(year=latest.year, count=2, seed="qingpu-demo", note=DEMO_NOTE),
                today,
            )
            done = _evaluate(bureau, draw)
            rectified = _rectify(done)
            assessment.compute_assessment(bureau, today.year - 1, today)
    except ZhifaError as error:
        logger.warning("evaluation demo skipped: %s", error.message)
        return SKIPPED
    return {
        "draws": 1,
        "evaluations": len(done),
        "rectifications": rectified,
        "assessments": 1,
        "skipped": 0,
    }


def _evaluate(bureau: User, draw: Draw) -> list[Evaluation]:
    items = {item.code: item.pk for item in draw.standard.items.all()}
    # Cases of agencies with a demo agency head come first, so one can report a rectification.
    with_head = set(
        User.objects.filter(groups__name=Role.AGENCY_HEAD).values_list("agency_id", flat=True)
    )
    drawn_cases = sorted(
        draw.drawn_cases.all(), key=lambda row: (row.agency_id not in with_head, row.pk)
    )
    done = []
    for drawn, findings in zip(drawn_cases, DEMO_FINDINGS, strict=False):
        evaluation = evaluations.start_evaluation(bureau, drawn.pk)
        entries = [
            evaluations.ScoreInput(items[code], points, text)
            for code, (points, text) in findings.items()
            if code in items
        ]
        evaluations.save_scores(bureau, evaluation.pk, entries, summary="案卷材料基本齐全。")
        done.append(evaluations.finalise(bureau, evaluation.pk))
    return done


def _rectify(done: list[Evaluation]) -> int:
    """Record one rectification by the head of the first agency with a finding."""
    for evaluation in done:
        finding = evaluation.scores.filter(deduction__gt=0).first()
        head = User.objects.filter(
            agency_id=evaluation.agency_id, groups__name=Role.AGENCY_HEAD, is_active=True
        ).first()
        if finding is None or head is None:
            continue
        rectifications.submit_rectification(
            head, finding.pk, "已组织办案人员学习文书制作规范，并对同类决定书逐件核查更正。"
        )
        return 1
    return 0

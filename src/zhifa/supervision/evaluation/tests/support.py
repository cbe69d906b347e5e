"""Closed cases for the evaluation tests.

Cases are stored rows with the fields that closing a case sets (status and closing date):
the draw reads only those, and closing through the case workflow would take each case
through every stage.
"""

import datetime
import itertools

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency, Department
from zhifa.cases.models import Case, CaseKind, CaseStatus
from zhifa.supervision.evaluation.actions import draws, evaluations
from zhifa.supervision.evaluation.models import Draw, Evaluation

_numbers = itertools.count(1)


def closed_case(
    agency: Agency, closed_on: datetime.date = datetime.date(2025, 6, 30), *, closed: bool = True
) -> Case:
    sequence = next(_numbers)
    return Case.objects.create(
        agency=agency,
        department=Department.objects.get(agency=agency, handles_penalty=True),
        kind=CaseKind.PENALTY_ORDINARY,
        number=f"评查测试〔2025〕{agency.pk}-{sequence}号",
        number_year=closed_on.year,
        number_sequence=sequence,
        title="擅自占用道路堆放物料案",
        opened_on=closed_on - datetime.timedelta(days=30),
        status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
        closed_on=closed_on if closed else None,
    )


def draw_all(supervisor: User, agency: Agency, files: int, *, seed: str = "s1") -> Draw:
    """Close ``files`` cases of ``agency`` in 2025 and draw every one of them."""
    for _ in range(files):
        closed_case(agency)
    data = draws.DrawInput(year=2025, agency_ids=[agency.pk], count=files, seed=seed)
    return draws.make_draw(supervisor, data, datetime.date(2026, 3, 1))


def evaluate(
    supervisor: User, draw: Draw, deductions: dict[str, str], *, finalise: bool = True
) -> list[Evaluation]:
    """Evaluate every drawn case of ``draw`` with the same deductions by item code."""
    done = []
    items = {item.code: item.pk for item in draw.standard.items.all()}
    for drawn in draw.drawn_cases.all():
        evaluation = evaluations.start_evaluation(supervisor, drawn.pk)
        entries = [
            evaluations.ScoreInput(items[code], points, f"{code}存在问题")
            for code, points in deductions.items()
        ]
        evaluations.save_scores(supervisor, evaluation.pk, entries)
        if finalise:
            evaluation = evaluations.finalise(supervisor, evaluation.pk)
        done.append(evaluation)
    return done

"""Scoring a drawn case, grades, freezing, the rectification flow and the roll-up."""

from decimal import Decimal

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.supervision.evaluation import rules
from zhifa.supervision.evaluation.actions import evaluations, rectifications
from zhifa.supervision.evaluation.models import Grade, RectificationState
from zhifa.supervision.evaluation.results import agency_scores
from zhifa.supervision.evaluation.rollup import rollup
from zhifa.supervision.evaluation.tests.support import draw_all, evaluate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", Grade.EXCELLENT),
        ("90", Grade.EXCELLENT),
        ("89.9", Grade.GOOD),
        ("80", Grade.GOOD),
        ("79.9", Grade.PASS),
        ("60", Grade.PASS),
        ("59.9", Grade.FAIL),
        ("0", Grade.FAIL),
    ],
)
def test_grade_thresholds(score: str, grade: Grade) -> None:
    assert rules.grade_for(Decimal(score), Decimal(90), Decimal(80), Decimal(60)) == grade


def test_total_and_grade_on_finalise(supervisor_user: User, agency_a: Agency) -> None:
    draw = draw_all(supervisor_user, agency_a, 1)

    [evaluation] = evaluate(supervisor_user, draw, {"SH-1": "10", "JL-4": "2.5"})

    assert evaluation.total == Decimal("87.5")
    assert evaluation.grade == Grade.GOOD
    assert evaluation.standard_id == draw.standard_id
    assert evaluation.finalised_at is not None


def test_deduction_needs_finding(supervisor_user: User, agency_a: Agency) -> None:
    draw = draw_all(supervisor_user, agency_a, 1)
    evaluation = evaluations.start_evaluation(supervisor_user, draw.drawn_cases.get().pk)
    item = draw.standard.items.get(code="SH-1")

    with pytest.raises(ValidationFailed, match="请填写评查意见") as error:
        evaluations.save_scores(
            supervisor_user, evaluation.pk, [evaluations.ScoreInput(item.pk, "3", "")]
        )

    assert error.value.field == f"finding_{item.pk}"


def test_deduction_above_item_points_rejected(supervisor_user: User, agency_a: Agency) -> None:
    draw = draw_all(supervisor_user, agency_a, 1)
    evaluation = evaluations.start_evaluation(supervisor_user, draw.drawn_cases.get().pk)
    item = draw.standard.items.get(code="SH-6")

    with pytest.raises(ValidationFailed, match="超过该项分值"):
        evaluations.save_scores(
            supervisor_user, evaluation.pk, [evaluations.ScoreInput(item.pk, "5", "问题")]
        )


def test_final_evaluation_is_frozen(supervisor_user: User, agency_a: Agency) -> None:
    draw = draw_all(supervisor_user, agency_a, 1)
    [evaluation] = evaluate(supervisor_user, draw, {"SH-1": "1"})

    with pytest.raises(InvalidTransition, match="已定稿"):
        evaluations.save_scores(supervisor_user, evaluation.pk, [])
    with pytest.raises(InvalidTransition):
        evaluations.finalise(supervisor_user, evaluation.pk)


def test_only_bureau_evaluates(
    supervisor_user: User, agency_head_user: User, agency_a: Agency
) -> None:
    draw = draw_all(supervisor_user, agency_a, 1)

    with pytest.raises(NotPermitted):
        evaluations.start_evaluation(agency_head_user, draw.drawn_cases.get().pk)


def test_rectification_confirmed_after_return(
    supervisor_user: User, agency_head_user: User, agency_a: Agency
) -> None:
    draw = draw_all(supervisor_user, agency_a, 1)
    [evaluation] = evaluate(supervisor_user, draw, {"SH-1": "4"})
    finding = evaluation.scores.get()

    first = rectifications.submit_rectification(agency_head_user, finding.pk, "已补做法制审核")
    with pytest.raises(InvalidTransition, match="待确认"):
        rectifications.submit_rectification(agency_head_user, finding.pk, "再次报送")
    with pytest.raises(ValidationFailed, match="退回理由"):
        rectifications.answer_rectification(supervisor_user, first.pk, confirm=False)
    rectifications.answer_rectification(
        supervisor_user, first.pk, confirm=False, comment="请附整改制度文本"
    )
    second = rectifications.submit_rectification(agency_head_user, finding.pk, "已附制度文本")
    rectifications.answer_rectification(supervisor_user, second.pk, confirm=True)

    states = list(finding.rectifications.values_list("state", flat=True))
    assert states == [RectificationState.RETURNED, RectificationState.CONFIRMED]
    with pytest.raises(InvalidTransition, match="已确认"):
        rectifications.submit_rectification(agency_head_user, finding.pk, "第三次")


def test_rectification_waits_for_final(
    supervisor_user: User, agency_head_user: User, agency_a: Agency
) -> None:
    draw = draw_all(supervisor_user, agency_a, 1)
    [evaluation] = evaluate(supervisor_user, draw, {"SH-1": "4"}, finalise=False)

    with pytest.raises(InvalidTransition, match="尚未定稿"):
        rectifications.submit_rectification(agency_head_user, evaluation.scores.get().pk, "整改")


def test_other_agency_cannot_rectify(
    supervisor_user: User, other_agency_user: User, agency_a: Agency
) -> None:
    draw = draw_all(supervisor_user, agency_a, 1)
    [evaluation] = evaluate(supervisor_user, draw, {"SH-1": "4"})

    with pytest.raises(NotFound):
        rectifications.submit_rectification(other_agency_user, evaluation.scores.get().pk, "整改")


def test_rollup_counts_final_files(
    supervisor_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    draw = draw_all(supervisor_user, agency_a, 2, seed="a")
    evaluate(supervisor_user, draw, {"SH-1": "10", "JL-1": "5"})
    draw_b = draw_all(supervisor_user, agency_b, 1, seed="b")
    evaluate(supervisor_user, draw_b, {"GS-1": "2"}, finalise=False)

    rows = rollup(2025, [agency_a.pk, agency_b.pk])

    row = rows[agency_a.pk]
    assert row.files == 2
    assert row.mean_score == Decimal("85.0")
    assert row.grade_count(Grade.GOOD) == 2
    assert [(code, count) for code, _, count in row.top_findings] == [("JL-1", 2), ("SH-1", 2)]
    assert rows[agency_b.pk].files == 0
    assert rows[agency_b.pk].mean_score is None


def test_agency_scores_per_year(supervisor_user: User, agency_a: Agency, agency_b: Agency) -> None:
    draw = draw_all(supervisor_user, agency_a, 2)
    first, second = evaluate(supervisor_user, draw, {}, finalise=False)
    evaluations.finalise(supervisor_user, first.pk)
    item = draw.standard.items.get(code="SH-2")
    evaluations.save_scores(
        supervisor_user, second.pk, [evaluations.ScoreInput(item.pk, "7", "引用条款不具体")]
    )
    evaluations.finalise(supervisor_user, second.pk)

    scores = agency_scores(2025)

    assert scores[agency_a.pk] == Decimal("96.5")
    assert scores[agency_b.pk] is None
    assert agency_scores(2024)[agency_a.pk] is None

"""The year-end assessment: weights of 100, the no-data rule, ranking, finalising and scope."""

import datetime
from decimal import Decimal

import pytest

from zhifa.accounts.models import User
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from zhifa.supervision.evaluation import scoring
from zhifa.supervision.evaluation.actions import assessment
from zhifa.supervision.evaluation.indicators import INDICATORS, Measure, Period, by_agency
from zhifa.supervision.evaluation.models import AssessmentResult, AssessmentScheme, AssessmentState
from zhifa.supervision.evaluation.tests.support import draw_all, evaluate

TODAY = datetime.date(2026, 3, 1)
D = Decimal


def test_combine_all_indicators_present() -> None:
    combined = scoring.combine({"a": D(60), "b": D(40)}, {"a": D(100), "b": D(50)})

    assert combined.score == D("80.00")
    assert combined.effective_weights == {"a": D("60.00"), "b": D("40.00")}


def test_combine_shares_missing_weight() -> None:
    weights = {"a": D(50), "b": D(30), "c": D(20)}

    combined = scoring.combine(weights, {"a": None, "b": D(90), "c": D(60)})

    assert combined.score == D("78.00")
    assert combined.effective_weights == {"a": D("0"), "b": D("60.00"), "c": D("40.00")}


def test_combine_without_data_gives_no_score() -> None:
    combined = scoring.combine({"a": D(100)}, {"a": None})

    assert combined.score is None


def test_rank_ties_share_rank() -> None:
    ranks = scoring.rank({1: D(90), 2: D(95), 3: D(90), 4: None, 5: D(70)})

    assert ranks == {2: 1, 1: 2, 3: 2, 5: 4, 4: None}


def test_default_scheme_adds_up_to_100(db: None) -> None:
    scheme = AssessmentScheme.objects.get(year__isnull=True)
    weights = list(scheme.indicators.values_list("weight", flat=True))

    assert sum(weights) == D(100)
    assert set(scheme.indicators.values_list("code", flat=True)) == set(INDICATORS)


@pytest.mark.django_db
@pytest.mark.parametrize(("weight", "message"), [("49", "少1"), ("51", "多1")])
def test_weights_must_add_up_to_100(supervisor_user: User, weight: str, message: str) -> None:
    weights = {"evaluation_score": weight, "correction_rate": "50"}

    with pytest.raises(ValidationFailed, match=message):
        assessment.set_weights(supervisor_user, 2025, weights, TODAY)


@pytest.mark.django_db
def test_compute_applies_no_data_rule(
    supervisor_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    draw = draw_all(supervisor_user, agency_a, 2)
    evaluate(supervisor_user, draw, {"SH-1": "10"})
    assessment.set_weights(
        supervisor_user, 2025, {"evaluation_score": "50", "correction_rate": "50"}, TODAY
    )

    result = assessment.compute_assessment(supervisor_user, 2025, TODAY)

    row_a = AssessmentResult.objects.get(assessment=result, agency=agency_a)
    row_b = AssessmentResult.objects.get(assessment=result, agency=agency_b)
    assert row_a.score == D("90.00")
    assert row_a.rank == 1
    by_code = {value["code"]: value for value in row_a.values}
    assert by_code["correction_rate"]["score"] is None
    assert by_code["evaluation_score"]["effective_weight"] == "100.00"
    assert row_b.score is None
    assert row_b.rank is None
    assert result.snapshot["agencies"][str(agency_a.pk)]["score"] == "90.00"
    assert result.snapshot["no_data_rule"] == scoring.NO_DATA_RULE


@pytest.mark.django_db
def test_final_assessment_is_frozen(supervisor_user: User, agency_a: Agency) -> None:
    assessment.set_weights(supervisor_user, 2025, {"evaluation_score": "100"}, TODAY)
    assessment.compute_assessment(supervisor_user, 2025, TODAY)

    final = assessment.finalise_assessment(supervisor_user, 2025)

    assert final.state == AssessmentState.FINAL
    with pytest.raises(InvalidTransition, match="已定稿"):
        assessment.compute_assessment(supervisor_user, 2025, TODAY)
    with pytest.raises(InvalidTransition, match="已定稿"):
        assessment.set_weights(supervisor_user, 2025, {"evaluation_score": "100"}, TODAY)


@pytest.mark.django_db
def test_year_scheme_copies_default(supervisor_user: User) -> None:
    scheme = assessment.scheme_for_year(2025)

    default = AssessmentScheme.objects.get(year__isnull=True)
    assert scheme.indicators.count() == default.indicators.count()
    assessment.set_weights(supervisor_user, 2025, {"evaluation_score": "100"}, TODAY)
    assert default.indicators.count() == len(INDICATORS)


@pytest.mark.django_db
def test_agency_sees_only_own_result(
    supervisor_user: User, agency_head_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    assessment.set_weights(supervisor_user, 2025, {"evaluation_score": "100"}, TODAY)
    assessment.compute_assessment(supervisor_user, 2025, TODAY)

    visible = restrict(AssessmentResult.objects.all(), agency_head_user)

    assert list(visible.values_list("agency_id", flat=True)) == [agency_a.pk]


@pytest.mark.django_db
def test_agency_cannot_compute(agency_head_user: User) -> None:
    with pytest.raises(NotPermitted):
        assessment.compute_assessment(agency_head_user, 2025, TODAY)


@pytest.mark.django_db
def test_default_scheme_computes_every_indicator(
    supervisor_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    draw = draw_all(supervisor_user, agency_a, 1)
    evaluate(supervisor_user, draw, {"SH-1": "10"})

    result = assessment.compute_assessment(supervisor_user, 2025, TODAY)

    row = AssessmentResult.objects.get(assessment=result, agency=agency_a)
    by_code = {value["code"]: value for value in row.values}
    assert set(by_code) == set(INDICATORS)
    assert by_code["evaluation_score"]["score"] == "90.0"
    assert by_code["correction_rate"]["score"] is None
    assert by_code["correction_rate"]["inputs"] == [["复议诉讼审结", "0"], ["被纠错", "0"]]
    assert row.score is not None


def test_by_agency_without_row_has_no_score() -> None:
    period = Period(2025, [1, 2, 3, 4], None, TODAY)
    rows = {1: 40, 3: 0}
    missing = {"件数": 0}

    measures = by_agency(period, rows, lambda count: Measure(D(count), {"件数": count}), missing)

    assert measures[1] == Measure(D(40), {"件数": 40})
    assert measures[3] == Measure(D(0), {"件数": 0})
    assert measures[2] == Measure(None, {"件数": 0})
    assert measures[4] == Measure(None, {"件数": 0})
    measures[2].inputs["件数"] = 5
    assert measures[4].inputs == {"件数": 0}
    assert missing == {"件数": 0}

"""Remedy steps: filing and concluding, their checks, the withdrawal date and paused fines."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.cases import actions
from zhifa.cases.actions.execution import remedy_pauses
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.cases.rules.execution import Pause
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_service,
    at,
    build_world,
    cover_next_year,
    make_uscc,
    office,
    open_ordinary,
)
from zhifa.coercion.tests.support import approved_measure, open_kind
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.remedies import actions as remedy_actions
from zhifa.remedies.models import Remedy, RemedyStatus
from zhifa.remedies.signals import decision_corrected
from zhifa.remedies.tests.support import conclude, file, served_case

NOV = 11


def day(month: int, number: int) -> datetime.date:
    return datetime.date(2026, month, number)


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def case(world: World) -> Case:
    return served_case(world)


# --- Filing ------------------------------------------------------------------------------------


def test_filing_writes_step_and_remedy(world: World, case: Case) -> None:
    step = file(world, case, day(NOV, 9))

    remedy = Remedy.objects.get(case=case)
    assert remedy.filed_step == step
    assert remedy.status == RemedyStatus.PENDING
    assert remedy.decision_step.step == "penalty_decision"
    assert remedy.applicant == world.party
    assert remedy.filed_on == day(NOV, 9)
    assert step.details["kind_label"] == "行政复议"
    assert step.details["reference"] == "青府复字〔2026〕1号"
    assert AuditEntry.objects.filter(action="remedy_filed").count() == 1


def test_filing_on_decision_day_allowed_day_before_rejected(world: World) -> None:
    case = open_ordinary(world)
    advance_to_service(world, case)
    with pytest.raises(ValidationFailed) as early:
        file(world, case, day(NOV, 4))
    assert early.value.field == "filed_on"
    assert "2026-11-05" in early.value.message

    file(world, case, day(NOV, 5), occurred_at=at(NOV, 5, 16))
    assert Remedy.objects.filter(case=case).count() == 1


def test_filing_without_decision_rejected(world: World) -> None:
    case = open_ordinary(world)
    with pytest.raises(InvalidTransition) as error:
        file(world, case, day(NOV, 9))
    assert "尚未作出决定" in error.value.message
    assert not CaseStep.objects.filter(case=case, step="remedy_filed").exists()


def test_filing_step_time_must_match_filed_on(world: World, case: Case) -> None:
    with pytest.raises(ValidationFailed) as error:
        file(world, case, day(NOV, 9), occurred_at=at(NOV, 10))
    assert error.value.field == "occurred_at"
    assert not Remedy.objects.exists()


def test_filing_party_must_belong_to_case(world: World, case: Case) -> None:
    other = actions.find_or_register_party(
        world.officer_user,
        actions.PartyInput(kind="legal_person", name="无关公司", uscc=make_uscc()),
    ).party
    with pytest.raises(ValidationFailed) as error:
        file(world, case, day(NOV, 9), party_id=other.pk)
    assert error.value.field == "party_id"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "appeal"}, "kind"),
        ({"body": " "}, "body"),
        ({"reference": ""}, "reference"),
    ],
)
def test_filing_required_fields(
    world: World, case: Case, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as error:
        file(world, case, day(NOV, 9), **values)
    assert error.value.field == field


def test_duplicate_pending_reference_rejected(world: World, case: Case) -> None:
    file(world, case, day(NOV, 9))
    with pytest.raises(ValidationFailed) as error:
        file(world, case, day(NOV, 10))
    assert error.value.field == "reference"
    assert "已登记且尚未结束" in error.value.message

    # Another kind with the same number, or the same number once concluded, is accepted.
    file(world, case, day(NOV, 10), kind="litigation", body="上海市青浦区人民法院")
    conclude(world, case, day(NOV, 20), "upheld", reference="青府复字〔2026〕1号")
    conclude(world, case, day(NOV, 20), "rejected")
    file(world, case, day(NOV, 23))
    assert Remedy.objects.filter(case=case).count() == 3


def test_filing_needs_capability_and_scope(
    world: World, case: Case, make_user: Callable[..., User], other_agency_user: User
) -> None:
    archivist = make_user("dangan", "archivist", agency=world.agency)
    with pytest.raises(NotPermitted):
        _file_as(archivist, world, case)
    with pytest.raises(NotFound):
        _file_as(other_agency_user, world, case)


def _file_as(user: User, world: World, case: Case) -> None:
    remedy_actions.file_remedy(
        user,
        case,
        office("remedy_filed", at(NOV, 9)),
        remedy_actions.FilingInput(
            kind="reconsideration",
            filed_on=day(NOV, 9),
            body="上海市青浦区人民政府",
            reference="青府复字〔2026〕9号",
            party_id=world.party.pk,
        ),
    )


# --- Concluding --------------------------------------------------------------------------------


def test_conclude_without_pending_rejected(world: World, case: Case) -> None:
    with pytest.raises(ValidationFailed) as error:
        conclude(world, case, day(NOV, 20), "upheld")
    assert error.value.field == "reference"
    assert "没有尚未结束" in error.value.message


def test_conclude_before_filing_rejected_same_day_allowed(world: World, case: Case) -> None:
    file(world, case, day(NOV, 9))
    with pytest.raises(ValidationFailed) as error:
        conclude(world, case, day(NOV, 8), "upheld", occurred_at=at(NOV, 9, 11))
    assert error.value.field in {"concluded_on", "occurred_at"}

    with pytest.raises(ValidationFailed) as early:
        conclude(world, case, day(NOV, 8), "upheld")
    assert early.value.field == "concluded_on"

    conclude(world, case, day(NOV, 9), "upheld", occurred_at=at(NOV, 9, 15))
    assert Remedy.objects.get(case=case).status == RemedyStatus.CONCLUDED


def test_conclude_step_time_must_match(world: World, case: Case) -> None:
    file(world, case, day(NOV, 9))
    with pytest.raises(ValidationFailed) as error:
        conclude(world, case, day(NOV, 20), "upheld", occurred_at=at(NOV, 23))
    assert error.value.field == "occurred_at"


def test_conclude_picks_remedy_by_reference(world: World, case: Case) -> None:
    file(world, case, day(NOV, 9))
    file(world, case, day(NOV, 10), reference="青府复字〔2026〕2号")

    with pytest.raises(ValidationFailed) as several:
        conclude(world, case, day(NOV, 20), "upheld")
    assert several.value.field == "reference"
    assert "多件" in several.value.message
    with pytest.raises(ValidationFailed) as unknown:
        conclude(world, case, day(NOV, 20), "upheld", reference="青府复字〔2026〕3号")
    assert "青府复字〔2026〕2号" in unknown.value.message

    conclude(world, case, day(NOV, 20), "upheld", reference="青府复字〔2026〕2号")
    second = Remedy.objects.get(case=case, reference="青府复字〔2026〕2号")
    first = Remedy.objects.get(case=case, reference="青府复字〔2026〕1号")
    assert second.status == RemedyStatus.CONCLUDED
    assert first.status == RemedyStatus.PENDING


def test_correction_sets_withdrawal_across_weekend_and_signals(
    world: World, case: Case, django_capture_on_commit_callbacks: Any
) -> None:
    received: list[dict[str, Any]] = []

    def receiver(sender: type, **kwargs: Any) -> None:
        received.append(kwargs)

    decision_corrected.connect(receiver)
    try:
        file(world, case, day(NOV, 9))
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            step = conclude(world, case, day(NOV, 26), "revoked")
        assert received == []
        for callback in callbacks:
            callback()
    finally:
        decision_corrected.disconnect(receiver)

    remedy = Remedy.objects.get(case=case)
    # Thursday 26 November: Friday, then Monday 30 November and Tuesday 1 December.
    assert remedy.withdraw_by == day(12, 1)
    assert step.details["withdraw_by"] == "2026-12-01"
    assert step.details["outcome_label"] == "撤销"
    assert len(received) == 1
    assert received[0]["case"].pk == case.pk
    assert received[0]["remedy"].pk == remedy.pk
    assert received[0]["withdraw_by"] == day(12, 1)


@pytest.mark.parametrize("outcome", ["upheld", "rejected", "terminated"])
def test_non_correcting_outcome_sends_nothing(
    world: World, case: Case, outcome: str, django_capture_on_commit_callbacks: Any
) -> None:
    received: list[Any] = []

    def receiver(sender: type, **kwargs: Any) -> None:
        received.append(kwargs)

    decision_corrected.connect(receiver)
    try:
        file(world, case, day(NOV, 9))
        with django_capture_on_commit_callbacks(execute=True):
            conclude(world, case, day(NOV, 26), outcome)
    finally:
        decision_corrected.disconnect(receiver)
    assert received == []
    assert Remedy.objects.get(case=case).withdraw_by is None


def test_litigation_links_concluded_reconsideration(world: World, case: Case) -> None:
    file(world, case, day(NOV, 9))
    conclude(world, case, day(NOV, 20), "upheld")
    file(world, case, day(NOV, 25), kind="litigation", reference="（2026）沪0118行初1号")

    reconsideration = Remedy.objects.get(case=case, kind="reconsideration")
    litigation = Remedy.objects.get(case=case, kind="litigation")
    assert litigation.follows == reconsideration
    assert reconsideration.follows is None


# --- Additional fines --------------------------------------------------------------------------


def test_pending_remedy_pauses_additional_fine(world: World, case: Case) -> None:
    # Served 6 November: the 15 days end on Saturday 21 November, moved to Monday 23.
    file(world, case, day(NOV, 24))
    with pytest.raises(ValidationFailed) as nothing:
        actions.record_additional_fine(
            world.officer_user, case, office("additional_fine", at(NOV, 27)), as_of=day(NOV, 27)
        )
    assert "未产生加处罚款" in nothing.value.message
    assert remedy_pauses(case) == [Pause(day(NOV, 24), None)]

    conclude(world, case, day(NOV, 27), "upheld")
    assert remedy_pauses(case) == [Pause(day(NOV, 24), day(NOV, 27))]
    step = actions.record_additional_fine(
        world.officer_user, case, office("additional_fine", at(12, 1)), as_of=day(12, 1)
    )
    # 28 November to 1 December accrue; 24 to 27 November are paused.
    assert step.details["days"] == 4
    assert Decimal(step.details["amount"]) == Decimal("240.00")


def test_remedy_on_measure_links_the_measure(world: World) -> None:
    case = open_kind(world, CaseKind.COERCIVE_MEASURE)
    measure = approved_measure(world, case, at(10, 8))

    file(world, case, day(10, 10))

    remedy = Remedy.objects.get(case=case)
    assert remedy.decision_step_id == measure.imposed_step_id

"""Coercive measures: approval, the emergency path, the 30-day period, extension and the end."""

import datetime

import pytest
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases import actions as case_actions
from zhifa.cases import compliance
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.models import Case, CaseKind, CaseStatus, Stage
from zhifa.cases.tests.steps_support import World, at, build_world, cover_next_year, office, on_site
from zhifa.coercion import actions
from zhifa.coercion.models import CoerciveMeasure, MeasureState
from zhifa.coercion.tests.support import approve, approved_measure, impose, measure_input, open_kind
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.evidence.compliance import evaluate_case
from zhifa.evidence.records.exemptions import record_exemption

D = datetime.date


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def case(world: World) -> Case:
    return open_kind(world, CaseKind.COERCIVE_MEASURE)


def _emergency(world: World, case: Case, when: datetime.datetime) -> CoerciveMeasure:
    return impose(world, case, when, emergency_reason="物料正被装车转移，来不及事先报批")


def _report(world: World, case: Case, measure: CoerciveMeasure, when: datetime.datetime) -> None:
    actions.report_emergency(
        world.officer_user,
        case,
        office("emergency_report", when, "电话报告局长"),
        measure_id=measure.pk,
        reported_to="王局长",
    )


# --- Approval and on-site procedure ------------------------------------------------------------


def test_measure_without_approval_refused(world: World, case: Case) -> None:
    with pytest.raises(ValidationFailed, match="负责人批准") as error:
        impose(world, case, at(11, 2))
    assert error.value.field == "emergency_reason"


def test_measure_with_approval_registers_items(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(11, 2))
    case.refresh_from_db()
    assert case.stage == Stage.DECISION
    assert measure.state == MeasureState.IN_FORCE
    assert [item.name for item in measure.items.all()] == ["黄沙", "砖块"]
    assert measure.items.get(name="黄沙").condition == "完好"


def test_one_approval_serves_one_measure(world: World, case: Case) -> None:
    approved_measure(world, case, at(11, 2))
    with pytest.raises(ValidationFailed, match="负责人批准"):
        impose(world, case, at(11, 2, 14))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"decision_handed_over": False}, "decision_handed_over"),
        ({"statement_heard": False}, "statement_heard"),
        ({"signature": "witness_signed"}, "witness"),
        ({"items": []}, "items"),
    ],
)
def test_on_site_procedure_refused(
    world: World, case: Case, overrides: dict[str, object], field: str
) -> None:
    approve(world, case, at(11, 2, 8))
    with pytest.raises(ValidationFailed) as error:
        impose(world, case, at(11, 2), **overrides)
    assert error.value.field == field


def test_witness_signature_accepted(world: World, case: Case) -> None:
    approve(world, case, at(11, 2, 8))
    measure = impose(world, case, at(11, 2), signature="witness_signed", witness="居委会李某")
    assert measure.imposed_step.details["witness"] == "居委会李某"


def test_measure_needs_two_officers(world: World, case: Case) -> None:
    approve(world, case, at(11, 2, 8))
    step = on_site(world, "measure_imposed", at(11, 2), officer_ids=[world.officers[0].pk])
    with pytest.raises(ValidationFailed, match="不少于2名"):
        actions.impose_measure(world.officer_user, case, step, measure_input())


def test_case_needs_two_handling_officers(world: World) -> None:
    data = case_actions.CaseInput(
        kind=CaseKind.COERCIVE_MEASURE,
        title="扣押案",
        department_id=world.department.pk,
        opened_on=D(2026, 9, 1),
        party_ids=[world.party.pk],
        officer_ids=[world.officers[0].pk],
    )
    with pytest.raises(ValidationFailed, match="不少于2名"):
        case_actions.open_case(world.officer_user, data)


def test_other_agency_cannot_record(world: World, case: Case, other_agency_user: User) -> None:
    with pytest.raises(NotFound):
        actions.impose_measure(
            other_agency_user, case, on_site(world, "measure_imposed", at(11, 2)), measure_input()
        )


# --- Emergency path ----------------------------------------------------------------------------


def test_emergency_report_at_24_hours_accepted(world: World, case: Case) -> None:
    measure = _emergency(world, case, at(11, 2, 10))
    _report(world, case, measure, at(11, 3, 10))
    assert case.steps.filter(step="emergency_report").count() == 1


def test_emergency_report_after_24_hours_refused(world: World, case: Case) -> None:
    measure = _emergency(world, case, at(11, 2, 10))
    late = at(11, 3, 10) + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationFailed, match="逾期报告") as error:
        _report(world, case, measure, late)
    assert "2026年11月3日10时00分前" in error.value.message


def test_emergency_approved_keeps_measure(world: World, case: Case) -> None:
    measure = _emergency(world, case, at(11, 2, 10))
    _report(world, case, measure, at(11, 2, 12))
    actions.decide_emergency(
        world.head,
        case,
        office("emergency_approval", at(11, 2, 15)),
        measure_id=measure.pk,
        approved=True,
        opinion="同意",
    )
    measure.refresh_from_db()
    assert measure.state == MeasureState.IN_FORCE


def test_emergency_not_approved_lifts_measure(world: World, case: Case) -> None:
    measure = _emergency(world, case, at(11, 2, 10))
    _report(world, case, measure, at(11, 2, 12))
    actions.decide_emergency(
        world.head,
        case,
        office("emergency_approval", at(11, 2, 15)),
        measure_id=measure.pk,
        approved=False,
        opinion="证据不足，不同意扣押",
    )
    measure.refresh_from_db()
    case.refresh_from_db()
    assert measure.state == MeasureState.RELEASED
    assert case.stage == Stage.EXECUTION
    released = case.steps.get(step="measure_released")
    assert released.details["not_approved"] is True


def test_emergency_decision_needs_report(world: World, case: Case) -> None:
    measure = _emergency(world, case, at(11, 2, 10))
    with pytest.raises(ValidationFailed, match="向负责人报告"):
        actions.decide_emergency(
            world.head,
            case,
            office("emergency_approval", at(11, 2, 15)),
            measure_id=measure.pk,
            approved=True,
            opinion="同意",
        )


def test_emergency_decision_needs_head(world: World, case: Case) -> None:
    measure = _emergency(world, case, at(11, 2, 10))
    _report(world, case, measure, at(11, 2, 12))
    with pytest.raises(NotPermitted):
        actions.decide_emergency(
            world.officer_user,
            case,
            office("emergency_approval", at(11, 2, 15)),
            measure_id=measure.pk,
            approved=True,
            opinion="同意",
        )


# --- Period, extension, excluded time ----------------------------------------------------------


def test_period_is_30_days_moved_off_rest_day(world: World, case: Case) -> None:
    # 8 October 2026 + 30 days is Saturday 7 November, so the period ends on Monday 9 November.
    measure = approved_measure(world, case, at(10, 8))
    assert measure.due_on == D(2026, 11, 9)


def test_period_on_working_day_not_moved(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 12))
    assert measure.due_on == D(2026, 11, 11)


def _extend(
    world: World, case: Case, measure: CoerciveMeasure, days: int, when: datetime.datetime
) -> None:
    actions.extend_measure(
        world.head,
        case,
        office("measure_extended", when, "案情复杂"),
        measure_id=measure.pk,
        days=days,
        reason="需要进一步调查物品来源",
        notified_on=when.date(),
    )


def test_extension_of_30_days_accepted(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 12))
    _extend(world, case, measure, 30, at(11, 10))
    measure.refresh_from_db()
    assert measure.state == MeasureState.EXTENDED
    assert measure.due_on == D(2026, 12, 11)


def test_extension_of_31_days_refused(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 12))
    with pytest.raises(ValidationFailed, match="不得超过三十日"):
        _extend(world, case, measure, 31, at(11, 10))


def test_second_extension_refused(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 12))
    _extend(world, case, measure, 10, at(11, 10))
    with pytest.raises(ValidationFailed, match="只能延长一次"):
        _extend(world, case, measure, 10, at(11, 12))


def test_extension_on_last_day_accepted_and_after_refused(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 12))
    with pytest.raises(ValidationFailed, match="已于2026年11月11日届满"):
        _extend(world, case, measure, 10, at(11, 12))
    _extend(world, case, measure, 10, at(11, 11))


def test_extension_needs_head(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 12))
    with pytest.raises(NotPermitted):
        actions.extend_measure(
            world.officer_user,
            case,
            office("measure_extended", at(11, 2)),
            measure_id=measure.pk,
            days=10,
            reason="复杂",
            notified_on=D(2026, 11, 2),
        )


def _testing(world: World, case: Case, measure: CoerciveMeasure, notified: D | None) -> None:
    actions.record_testing_period(
        world.officer_user,
        case,
        office("testing_period", at(10, 23), "送检"),
        measure_id=measure.pk,
        data=actions.TestingInput("testing", D(2026, 10, 13), D(2026, 10, 23), notified),
    )


def test_testing_time_moves_deadline(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 12))
    _testing(world, case, measure, D(2026, 10, 13))
    measure.refresh_from_db()
    # 30 + 10 excluded days from 12 October is Saturday 21 November, moved to Monday 23.
    assert measure.excluded_days == 10
    assert measure.due_on == D(2026, 11, 23)


def test_testing_time_without_written_notice_refused(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 12))
    with pytest.raises(ValidationFailed, match="书面告知"):
        _testing(world, case, measure, None)


def _test_period(
    world: World,
    case: Case,
    measure: CoerciveMeasure,
    starts: D,
    ends: D,
    recorded_at: datetime.datetime | None = None,
) -> None:
    actions.record_testing_period(
        world.officer_user,
        case,
        office(
            "testing_period", recorded_at or at(starts.month, starts.day, 16, starts.year), "送检"
        ),
        measure_id=measure.pk,
        data=actions.TestingInput("appraisal", starts, ends, starts),
    )


@pytest.fixture
def recent_measure(world: World, case: Case) -> CoerciveMeasure:
    """A measure imposed three days ago, so a test may still be running."""
    imposed = timezone.localdate() - datetime.timedelta(days=3)
    return approved_measure(world, case, at(imposed.month, imposed.day, 10, imposed.year))


def test_planned_testing_end_accepted(
    world: World, case: Case, recent_measure: CoerciveMeasure
) -> None:
    starts = timezone.localdate() - datetime.timedelta(days=2)
    _test_period(world, case, recent_measure, starts, starts + datetime.timedelta(days=20))
    recent_measure.refresh_from_db()
    assert recent_measure.excluded_days == 20
    row = case.steps.get(step="testing_period")
    assert row.details["planned"] is True
    assert recent_measure.due_on is not None
    assert row.details["due_on"] == recent_measure.due_on.isoformat()


def test_actual_testing_end_replaces_planned(
    world: World, case: Case, recent_measure: CoerciveMeasure
) -> None:
    starts = timezone.localdate() - datetime.timedelta(days=2)
    _test_period(world, case, recent_measure, starts, starts + datetime.timedelta(days=20))
    ended = starts + datetime.timedelta(days=1)
    _test_period(world, case, recent_measure, starts, ended, timezone.now())
    recent_measure.refresh_from_db()
    assert recent_measure.excluded_days == 1
    first, second = case.steps.filter(step="testing_period").order_by("sequence")
    assert second.details["replaces_step_id"] == first.pk
    assert second.details["planned"] is False
    # The header deadline counts the replacing record only.
    deadlines = compliance.deadlines(compliance.facts_for(case), CALENDAR)
    assert [row.due_on for row in deadlines] == [recent_measure.due_on]


def test_overlapping_testing_period_rejected(
    world: World, case: Case, recent_measure: CoerciveMeasure
) -> None:
    day = timezone.localdate()
    one = datetime.timedelta(days=1)
    _test_period(world, case, recent_measure, day - 2 * one, day + 18 * one)
    with pytest.raises(ValidationFailed, match="同一期间不能重复扣除") as error:
        _test_period(world, case, recent_measure, day - one, day + 5 * one)
    assert error.value.field == "starts_on"
    # A period starting earlier and running into the recorded one overlaps it as well.
    with pytest.raises(ValidationFailed, match="同一期间不能重复扣除"):
        _test_period(world, case, recent_measure, day - 3 * one, day - one)
    recent_measure.refresh_from_db()
    assert recent_measure.excluded_days == 20


def test_adjacent_testing_periods_accepted(
    world: World, case: Case, recent_measure: CoerciveMeasure
) -> None:
    day = timezone.localdate()
    one = datetime.timedelta(days=1)
    _test_period(world, case, recent_measure, day - 2 * one, day - one)
    _test_period(world, case, recent_measure, day - one, day + 5 * one)
    recent_measure.refresh_from_db()
    assert recent_measure.excluded_days == 7


def test_testing_start_in_future_rejected(
    world: World, case: Case, recent_measure: CoerciveMeasure
) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationFailed, match="晚于今天") as error:
        actions.record_testing_period(
            world.officer_user,
            case,
            office("testing_period", timezone.now(), "送检"),
            measure_id=recent_measure.pk,
            data=actions.TestingInput(
                "appraisal", tomorrow, tomorrow + datetime.timedelta(days=3), tomorrow
            ),
        )
    assert error.value.field == "starts_on"


# --- The end of a measure ----------------------------------------------------------------------


def _end(
    world: World, case: Case, measure: CoerciveMeasure, when: datetime.datetime, **data: object
) -> None:
    actions.end_measure(
        world.officer_user,
        case,
        office(str(data["outcome"]), when, "处理"),
        measure_id=measure.pk,
        data=actions.EndInput(**data),  # type: ignore[arg-type]
    )


def test_confiscation_on_last_day_accepted(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 8))
    _end(
        world,
        case,
        measure,
        at(11, 9),
        outcome="measure_confiscated",
        penalty_decision="青城管罚决〔2026〕30号",
    )
    measure.refresh_from_db()
    assert measure.state == MeasureState.CONFISCATED


def test_confiscation_after_period_refused(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 8))
    with pytest.raises(ValidationFailed, match="应当解除"):
        _end(
            world,
            case,
            measure,
            at(11, 10),
            outcome="measure_confiscated",
            penalty_decision="罚决30号",
        )
    _end(
        world,
        case,
        measure,
        at(11, 10),
        outcome="measure_released",
        reason="期限届满",
        items_returned=True,
    )
    measure.refresh_from_db()
    assert measure.state == MeasureState.RELEASED


def test_release_must_return_items(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 8))
    with pytest.raises(ValidationFailed, match="退还财物"):
        _end(world, case, measure, at(10, 20), outcome="measure_released", reason="无需继续扣押")


def test_destruction_needs_legal_basis(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 8))
    with pytest.raises(ValidationFailed, match="销毁的法律依据"):
        _end(world, case, measure, at(10, 20), outcome="measure_destroyed")
    _end(
        world,
        case,
        measure,
        at(10, 20),
        outcome="measure_destroyed",
        legal_basis="《食品安全法》第一百二十三条",
    )


def test_ended_measure_cannot_be_extended(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 8))
    _end(
        world,
        case,
        measure,
        at(10, 20),
        outcome="measure_released",
        reason="无需扣押",
        items_returned=True,
    )
    with pytest.raises(ValidationFailed, match="已解除"):
        _extend(world, case, measure, 10, at(10, 21))


# --- Freezing ----------------------------------------------------------------------------------


def _freeze(world: World, case: Case, when: datetime.datetime) -> CoerciveMeasure:
    approve(world, case, when - datetime.timedelta(hours=3))
    step = office("deposits_frozen", when, "通知银行冻结")
    step.officer_ids = [officer.pk for officer in world.officers]
    row = actions.freeze_deposits(
        world.officer_user,
        case,
        step,
        actions.FreezingInput(
            decision_number="冻决1号",
            legal_basis="法律授权冻结的条款",
            bank="上海农商银行青浦支行",
            account="6228000011112222",
            amount="50000",
        ),
    )
    return CoerciveMeasure.objects.get(imposed_step=row)


def _serve_freezing(world: World, case: Case, measure: CoerciveMeasure, served_on: D) -> None:
    actions.serve_freezing_decision(
        world.officer_user,
        case,
        office("freezing_decision_served", at(served_on.month, served_on.day)),
        measure_id=measure.pk,
        served_on=served_on,
    )


def test_freezing_decision_within_3_working_days(world: World, case: Case) -> None:
    # Frozen on 30 September 2026: 1-7 October are holidays, Saturday 10 October is a working day.
    measure = _freeze(world, case, at(9, 30))
    _serve_freezing(world, case, measure, D(2026, 10, 10))


def test_freezing_decision_late_refused(world: World, case: Case) -> None:
    measure = _freeze(world, case, at(9, 30))
    with pytest.raises(ValidationFailed, match="至2026年10月10日"):
        _serve_freezing(world, case, measure, D(2026, 10, 11))


def test_freezing_needs_two_officers(world: World, case: Case) -> None:
    approve(world, case, at(9, 30, 8))
    step = office("deposits_frozen", at(9, 30))
    step.officer_ids = [world.officers[0].pk]
    with pytest.raises(ValidationFailed, match="两名以上"):
        actions.freeze_deposits(
            world.officer_user,
            case,
            step,
            actions.FreezingInput("冻决1号", "法律条款", "银行", "622800", "100"),
        )


# --- Closing -----------------------------------------------------------------------------------


def _release(world: World, case: Case, measure: CoerciveMeasure, when: datetime.datetime) -> None:
    _end(
        world,
        case,
        measure,
        when,
        outcome="measure_released",
        reason="无需继续扣押",
        items_returned=True,
    )


def test_case_closes_only_when_no_measure_in_force(world: World, case: Case) -> None:
    first = approved_measure(world, case, at(10, 8))
    approve(world, case, at(10, 9, 10))
    second = impose(world, case, at(10, 9, 15), decision_number="青城管扣〔2026〕2号")
    _release(world, case, first, at(10, 20))

    def close() -> Case:
        return case_actions.close_case(
            world.head, case, closed_on=D(2026, 10, 30), summary="结案", occurred_at=at(10, 30)
        )

    with pytest.raises(InvalidTransition, match="青城管扣〔2026〕2号"):
        close()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN

    _release(world, case, second, at(10, 21))
    # The sealings are mandatory AV scenes; this test is about measures, so both are exempted.
    for measure in (first, second):
        measure.refresh_from_db()
        duty = next(d for d in evaluate_case(case).missing if d.step.pk == measure.imposed_step_id)
        record_exemption(
            world.head,
            case.pk,
            duty.step.pk,
            duty.scene.pk,
            "flammable",
            "油漆仓库，易燃易爆禁止带电设备",
        )
    assert close().status == CaseStatus.CLOSED

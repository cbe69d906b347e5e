"""Licensing time limits and rules through the real actions, on the platform's 2026 calendar."""

import datetime
from typing import Any

import pytest

from zhifa.cases import actions as case_actions
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.compliance import MET, MISSING, evaluate, facts_for
from zhifa.cases.models import Case, CaseKind, Party
from zhifa.cases.tests.steps_support import on_site
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.core.models import RuleParameter
from zhifa.licensing import actions
from zhifa.licensing import facts as lf
from zhifa.licensing.models import Licence
from zhifa.licensing.tests import support
from zhifa.licensing.tests.support import RECEIVED, LicensingWorld, step, wd

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a: Any, agency_head_user: Any, officer_user: Any) -> LicensingWorld:
    return support.build(agency_a, agency_head_user, officer_user)


def item(case: Case, label_start: str) -> Any:
    case.refresh_from_db()
    return next(
        row for row in evaluate(facts_for(case), CALENDAR) if row.label.startswith(label_start)
    )


def supplement(world: LicensingWorld, case: Case, day: datetime.date) -> Any:
    return actions.request_supplement(
        world.officer_user,
        case,
        step("supplement_request", day),
        requested_on=day,
        missing_materials="食品安全管理制度文本\n主要设备设施布局图",
    )


def reject(world: LicensingWorld, case: Case, day: datetime.date) -> Any:
    return actions.decide_acceptance(
        world.officer_user,
        case,
        step("acceptance_decision", day),
        outcome="rejected",
        decided_on=day,
        reasons="申请事项依法不需要取得行政许可",
        remedy_channels="可以申请行政复议或者提起行政诉讼",
    )


# --- One-time request for missing materials (Art. 32) -----------------------------------------


def test_supplement_on_fifth_working_day_in_time(world: LicensingWorld) -> None:
    case = support.open_licensing(world)
    support.apply(world, case)
    row = supplement(world, case, wd(RECEIVED, 5))
    assert row.details["late"] is False
    assert lf.accepted_on(facts_for(case)) is None
    assert item(case, "五个工作日内").status == MET
    reject(world, case, wd(RECEIVED, 8))


def test_supplement_on_sixth_working_day_counts_as_accepted(world: LicensingWorld) -> None:
    case = support.open_licensing(world)
    support.apply(world, case)
    row = supplement(world, case, wd(RECEIVED, 6))
    assert row.details["late"] is True
    assert row.details["deemed_accepted_on"] == RECEIVED.isoformat()
    assert lf.accepted_on(facts_for(case)) == RECEIVED
    shown = item(case, "五个工作日内")
    assert shown.status == MISSING
    assert "视为受理" in shown.detail
    with pytest.raises(InvalidTransition, match="视为受理"):
        reject(world, case, wd(RECEIVED, 8))


def test_rejection_needs_reasons(world: LicensingWorld) -> None:
    case = support.open_licensing(world)
    support.apply(world, case)
    with pytest.raises(ValidationFailed, match="不予受理的理由"):
        actions.decide_acceptance(
            world.officer_user,
            case,
            step("acceptance_decision", RECEIVED),
            outcome="rejected",
            decided_on=RECEIVED,
            reasons=" ",
            remedy_channels="申请行政复议",
        )


def test_rejected_application_closes_from_acceptance(world: LicensingWorld) -> None:
    case = support.open_licensing(world)
    support.apply(world, case)
    reject(world, case, RECEIVED)
    case_actions.close_case(
        world.head,
        case,
        closed_on=wd(RECEIVED, 1),
        summary="不予受理，结案",
        occurred_at=support.when(wd(RECEIVED, 1)),
    )
    assert item(case, "案件以决定").status == MET


def test_review_refused_before_acceptance(world: LicensingWorld) -> None:
    case = support.open_licensing(world)
    support.apply(world, case)
    with pytest.raises(InvalidTransition, match="尚未受理"):
        support.review(world, case, wd(RECEIVED, 1))


def test_application_needs_licence_item(world: LicensingWorld) -> None:
    case = support.open_licensing(world)
    case.power_items.set([world.base.power_item])
    with pytest.raises(ValidationFailed, match="行政许可"):
        support.apply(world, case)


# --- Decision period (Art. 42, 45) ------------------------------------------------------------


def test_decision_deadline_counts_make_up_day(world: LicensingWorld) -> None:
    # 20 September 2026 is a Sunday worked for the National Day break, 25 September a holiday.
    case = support.accepted_case(world)
    assert lf.decision_deadline(facts_for(case), CALENDAR) == datetime.date(2026, 9, 29)


@pytest.mark.parametrize(("offset", "status"), [(20, MET), (21, MISSING)])
def test_decision_period_edge(world: LicensingWorld, offset: int, status: str) -> None:
    case = support.accepted_case(world)
    support.review(world, case, wd(RECEIVED, 2))
    support.decide(world, case, wd(RECEIVED, offset))
    assert item(case, "二十个工作日内作出许可决定").status == status


@pytest.mark.parametrize(("offset", "status"), [(30, MET), (31, MISSING)])
def test_extension_adds_ten_working_days(world: LicensingWorld, offset: int, status: str) -> None:
    case = support.accepted_case(world)
    support.review(world, case, wd(RECEIVED, 2))
    actions.extend_decision_period(
        world.head, case, step("license_extension", wd(RECEIVED, 20)), reason="需要征求相关部门意见"
    )
    assert lf.decision_deadline(facts_for(case), CALENDAR) == wd(RECEIVED, 30)
    support.decide(world, case, wd(RECEIVED, offset))
    assert item(case, "二十个工作日内作出许可决定").status == status


def test_second_extension_refused(world: LicensingWorld) -> None:
    case = support.accepted_case(world)
    actions.extend_decision_period(
        world.head, case, step("license_extension", wd(RECEIVED, 5)), reason="需要现场核查"
    )
    with pytest.raises(ValidationFailed, match="只能经本机关负责人批准延长一次"):
        actions.extend_decision_period(
            world.head, case, step("license_extension", wd(RECEIVED, 6)), reason="再次延长"
        )


def test_extension_after_deadline_refused(world: LicensingWorld) -> None:
    case = support.accepted_case(world)
    with pytest.raises(ValidationFailed, match="届满"):
        actions.extend_decision_period(
            world.head, case, step("license_extension", wd(RECEIVED, 21)), reason="需要核查"
        )


def test_extension_needs_approver(world: LicensingWorld) -> None:
    case = support.accepted_case(world)
    with pytest.raises(Exception, match="审批办案环节"):
        actions.extend_decision_period(
            world.officer_user, case, step("license_extension", wd(RECEIVED, 5)), reason="核查"
        )


def excluded(world: LicensingWorld, case: Case, told_on: datetime.date | None) -> Any:
    # Monday 7 to Friday 11 September 2026: five working days of expert review.
    return actions.record_excluded_period(
        world.officer_user,
        case,
        step("excluded_period", datetime.date(2026, 9, 11)),
        excluded_kind="expert_review",
        period_start=datetime.date(2026, 9, 7),
        period_end=datetime.date(2026, 9, 11),
        told_on=told_on,
    )


@pytest.mark.parametrize(("offset", "status"), [(25, MET), (26, MISSING)])
def test_excluded_period_moves_deadline(world: LicensingWorld, offset: int, status: str) -> None:
    case = support.accepted_case(world)
    support.review(world, case, wd(RECEIVED, 2))
    row = excluded(world, case, datetime.date(2026, 9, 4))
    assert row.details["working_days"] == 5
    assert lf.decision_deadline(facts_for(case), CALENDAR) == wd(RECEIVED, 25)
    support.decide(world, case, wd(RECEIVED, offset))
    assert item(case, "二十个工作日内作出许可决定").status == status
    assert item(case, "扣除期间").status == MET


def test_excluded_period_needs_written_notice(world: LicensingWorld) -> None:
    case = support.accepted_case(world)
    with pytest.raises(ValidationFailed, match="书面告知申请人"):
        excluded(world, case, None)


# --- Hearings (Art. 46-48) --------------------------------------------------------------------

TOLD = datetime.date(2026, 9, 4)  # three working days after receipt


def told_case(world: LicensingWorld) -> Case:
    case = support.accepted_case(world)
    support.review(world, case, wd(RECEIVED, 2))
    actions.notify_hearing_right(
        world.officer_user,
        case,
        step("hearing_right_notice", TOLD),
        told_on=TOLD,
        notified_persons="张三（申请人）\n李四（相邻住户）",
    )
    return case


def request(world: LicensingWorld, case: Case, day: datetime.date) -> Any:
    return actions.request_license_hearing(
        world.officer_user,
        case,
        step("license_hearing_request", day),
        requested_on=day,
        requester="李四",
    )


def schedule(
    world: LicensingWorld, case: Case, notified: datetime.date, hearing: datetime.date, who: str
) -> Any:
    return actions.schedule_license_hearing(
        world.officer_user,
        case,
        step("license_hearing_notice", notified),
        notified_on=notified,
        hearing_on=hearing,
        hearing_place="区市场监管局第一听证室",
        presiding_officer=who,
    )


def test_hearing_request_on_fifth_working_day(world: LicensingWorld) -> None:
    case = told_case(world)
    row = request(world, case, wd(TOLD, 5))
    assert row.details["hearing_deadline"] == wd(wd(TOLD, 5), 20).isoformat()


def test_hearing_request_on_sixth_working_day_refused(world: LicensingWorld) -> None:
    case = told_case(world)
    with pytest.raises(ValidationFailed, match="五个工作日内"):
        request(world, case, wd(TOLD, 6))


def test_hearing_notice_seven_working_days_ahead(world: LicensingWorld) -> None:
    case = told_case(world)
    requested = wd(TOLD, 1)
    request(world, case, requested)
    presiding = world.base.presiding.full_name
    with pytest.raises(ValidationFailed, match="七个工作日前"):
        schedule(world, case, requested, wd(requested, 6), presiding)
    schedule(world, case, requested, wd(requested, 7), presiding)


def test_hearing_within_twenty_working_days(world: LicensingWorld) -> None:
    case = told_case(world)
    requested = wd(TOLD, 1)
    request(world, case, requested)
    presiding = world.base.presiding.full_name
    with pytest.raises(ValidationFailed, match="二十个工作日内"):
        schedule(world, case, requested, wd(requested, 21), presiding)
    schedule(world, case, requested, wd(requested, 20), presiding)


def test_reviewer_cannot_preside(world: LicensingWorld) -> None:
    case = told_case(world)
    requested = wd(TOLD, 1)
    request(world, case, requested)
    with pytest.raises(ValidationFailed, match=f"听证主持人{world.reviewer.full_name}参加过"):
        schedule(world, case, requested, wd(requested, 8), world.reviewer.full_name)


def test_decision_waits_for_hearing_record(world: LicensingWorld) -> None:
    case = told_case(world)
    requested = wd(TOLD, 1)
    request(world, case, requested)
    hearing_day = wd(requested, 8)
    schedule(world, case, requested, hearing_day, world.base.presiding.full_name)
    with pytest.raises(InvalidTransition, match="听证笔录"):
        support.decide(world, case, wd(hearing_day, 1))
    actions.record_license_hearing(
        world.officer_user,
        case,
        step("license_hearing_record", hearing_day, "听证笔录：双方陈述意见"),
        held_on=hearing_day,
        presiding_officer=world.base.presiding.full_name,
    )
    support.decide(world, case, wd(hearing_day, 1))
    assert item(case, "听证").status == MET


def test_hearing_announced_for_public_interest(world: LicensingWorld) -> None:
    case = support.accepted_case(world)
    support.review(world, case, wd(RECEIVED, 2))
    announced = wd(RECEIVED, 3)
    actions.announce_hearing(
        world.officer_user,
        case,
        step("hearing_announcement", announced),
        hearing_ground="public_interest",
        legal_basis="《中华人民共和国行政许可法》第四十六条",
        announced_on=announced,
    )
    # No request: only the 7 days' notice applies.
    schedule(world, case, announced, wd(announced, 25), world.base.presiding.full_name)
    assert item(case, "听证").status == MISSING


# --- Licence issued (Art. 44) and commitment follow-up ---------------------------------------


@pytest.mark.parametrize(("offset", "status"), [(10, MET), (11, MISSING)])
def test_licence_issue_edge(world: LicensingWorld, offset: int, status: str) -> None:
    case = support.granted_case(world)
    decided = wd(RECEIVED, 10)
    support.issue(world, case, wd(decided, offset))
    assert item(case, "十个工作日内颁发").status == status
    licence = Licence.objects.get(case=case)
    assert licence.holder == world.base.party
    assert licence.power_item == world.item


def test_refused_decision_issues_no_licence(world: LicensingWorld) -> None:
    case = support.accepted_case(world)
    support.review(world, case, wd(RECEIVED, 2))
    support.decide(world, case, wd(RECEIVED, 5), outcome="refused")
    with pytest.raises(InvalidTransition, match="未作出准予"):
        support.issue(world, case, wd(RECEIVED, 6))
    assert item(case, "不予许可说明理由").status == MET


def test_commitment_grant_schedules_follow_up(world: LicensingWorld) -> None:
    case = support.granted_case(world, commitment=True)
    decided = wd(RECEIVED, 10)
    decision = case.steps.get(step="license_decision")
    due = CALENDAR.add_calendar_days(decided, 60)
    assert decision.details["follow_up_due"] == due.isoformat()
    support.issue(world, case, wd(decided, 1))
    licence = Licence.objects.get(case=case)
    assert licence.commitment_based is True
    assert licence.follow_up_due == due
    assert licence.follow_up_overdue_on(due) is False
    assert licence.follow_up_overdue_on(due + datetime.timedelta(days=1)) is True
    shown = item(case, "告知承诺核查")
    assert shown.status == MISSING
    assert "逾期" in shown.detail


def test_follow_up_period_is_a_rule_parameter(world: LicensingWorld) -> None:
    RuleParameter.objects.filter(key="commitment_follow_up_days").update(value=30)
    case = support.granted_case(world, commitment=True)
    due = CALENDAR.add_calendar_days(wd(RECEIVED, 10), 30)
    assert case.steps.get(step="license_decision").details["follow_up_due"] == due.isoformat()
    parameter = RuleParameter.objects.get(key="commitment_follow_up_days")
    assert parameter.confirmed is False


def open_inspection(
    world: LicensingWorld, opened_on: datetime.date, party: Party | None = None
) -> Case:
    return case_actions.open_case(
        world.officer_user,
        case_actions.CaseInput(
            kind=CaseKind.INSPECTION,
            title="食品经营许可告知承诺核查",
            department_id=world.base.department.pk,
            opened_on=opened_on,
            party_ids=[(party or world.base.party).pk],
            officer_ids=[officer.pk for officer in world.base.officers],
            power_item_ids=[],
        ),
    )


def record_result(world: LicensingWorld, inspection: Case, day: datetime.date) -> None:
    """Record the on-site check and the 检查结果 of an inspection case."""
    case_actions.record_step(
        world.officer_user, inspection, on_site(world.base, "inspection_record", support.when(day))
    )
    case_actions.record_step(
        world.officer_user,
        inspection,
        step("inspection_result", day, "经核查，承诺内容属实", place=""),
    )


def finished_inspection(
    world: LicensingWorld, opened_on: datetime.date, party: Party | None = None
) -> Case:
    inspection = open_inspection(world, opened_on, party)
    record_result(world, inspection, opened_on)
    return inspection


def link(world: LicensingWorld, case: Case, number: str, day: datetime.date) -> Any:
    return actions.link_follow_up(
        world.officer_user,
        case,
        step("commitment_follow_up", day),
        inspection_case_number=number,
        done_on=day,
    )


def test_follow_up_links_inspection_case(world: LicensingWorld) -> None:
    case = support.granted_case(world, commitment=True)
    decided = wd(RECEIVED, 10)
    support.issue(world, case, wd(decided, 1))
    actions.serve_license_decision(
        world.officer_user,
        case,
        step("license_decision_service", wd(decided, 1)),
        served_on=wd(decided, 1),
        method="direct",
    )
    inspection = finished_inspection(world, wd(decided, 15))
    link(world, case, inspection.number, wd(decided, 20))
    licence = Licence.objects.get(case=case)
    assert licence.follow_up_case == inspection
    assert licence.follow_up_overdue is False
    assert item(case, "告知承诺核查").status == MET
    case.refresh_from_db()
    assert case.stage == "execution"


def test_follow_up_refused_without_commitment(world: LicensingWorld) -> None:
    case = support.granted_case(world)
    decided = wd(RECEIVED, 10)
    support.issue(world, case, wd(decided, 1))
    inspection = finished_inspection(world, wd(decided, 5))
    with pytest.raises(InvalidTransition, match="告知承诺"):
        link(world, case, inspection.number, wd(decided, 6))


def test_follow_up_refuses_other_agency_case(
    world: LicensingWorld, agency_b: Any, other_agency_user: Any
) -> None:
    world_b = support.build(agency_b, other_agency_user, other_agency_user, prefix="B")
    other = open_inspection(world_b, wd(RECEIVED, 12))
    case = support.granted_case(world, commitment=True)
    support.issue(world, case, wd(RECEIVED, 11))
    with pytest.raises(ValidationFailed, match="没有案号为"):
        link(world, case, other.number, wd(RECEIVED, 15))


def test_other_agency_cannot_record_step(world: LicensingWorld, other_agency_user: Any) -> None:
    case = support.open_licensing(world)
    with pytest.raises(NotFound):
        actions.record_application(
            other_agency_user,
            case,
            step("license_application", RECEIVED),
            received_on=RECEIVED,
            materials="申请书",
            commitment_based=False,
        )


def test_accepted_case_closed_without_decision_flagged(world: LicensingWorld) -> None:
    case = support.accepted_case(world)
    case_actions.close_case(
        world.head,
        case,
        closed_on=wd(RECEIVED, 1),
        summary="结案",
        occurred_at=support.when(wd(RECEIVED, 1)),
    )
    assert item(case, "案件以决定").status == MISSING


def test_withdrawal_in_review_closes_case(world: LicensingWorld) -> None:
    case = support.accepted_case(world)
    support.review(world, case, wd(RECEIVED, 2))
    actions.withdraw_application(
        world.officer_user, case, step("withdrawn_in_review", wd(RECEIVED, 3), "申请人书面撤回")
    )
    case_actions.close_case(
        world.head,
        case,
        closed_on=wd(RECEIVED, 4),
        summary="申请人撤回申请，结案",
        occurred_at=support.when(wd(RECEIVED, 4)),
    )
    assert item(case, "案件以决定").status == MET
    assert item(case, "二十个工作日内作出许可决定").status == "not_applicable"


def test_decision_waits_for_request_period(world: LicensingWorld) -> None:
    case = told_case(world)
    with pytest.raises(InvalidTransition, match="申请听证的期限"):
        support.decide(world, case, wd(TOLD, 5))
    support.decide(world, case, wd(TOLD, 6))
    assert item(case, "听证").status == "not_applicable"

"""Compulsory enforcement: demand, decision, charges, time ban, substitute performance, court."""

import datetime
from decimal import Decimal

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases import actions as case_actions
from zhifa.cases.models import Case, CaseKind, Stage
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_service,
    at,
    build_world,
    cover_next_year,
    office,
    on_site,
    open_ordinary,
)
from zhifa.coercion import actions
from zhifa.coercion.actions.timing import REST_DAYS_BARRED
from zhifa.coercion.tests.support import basis_input, open_kind, record_basis, serve_demand
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.core.models import RuleParameter
from zhifa.remedies.tests import support as remedy_support
from zhifa.review.tests.support import pass_review

D = datetime.date


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def case(world: World) -> Case:
    return open_kind(world, CaseKind.COMPULSORY_ENFORCEMENT, "拒不拆除违法搭建强制执行案")


def _decide(world: World, case: Case, when: datetime.datetime, evidence: str = "") -> None:
    pass_review(case, "enforcement_decision", world.officer_user)
    actions.decide_enforcement(
        world.officer_user,
        case,
        office("enforcement_decision", when, "作出强制执行决定"),
        actions.EnforcementDecisionInput("强执1号", "依法强制拆除违法搭建", evidence),
    )


def _agency_case(world: World, case: Case, obligation: str = "act") -> Case:
    record_basis(
        world, case, power="agency", power_basis="《城乡规划法》第六十八条", obligation=obligation
    )
    serve_demand(world, case, D(2026, 10, 12), D(2026, 10, 22))
    return case


# --- Demand and decision -----------------------------------------------------------------------


def test_decision_without_demand_refused(world: World, case: Case) -> None:
    record_basis(world, case, power="agency", power_basis="《城乡规划法》第六十八条")
    with pytest.raises(ValidationFailed, match="书面催告"):
        _decide(world, case, at(10, 30))


def test_demand_needs_basis(world: World, case: Case) -> None:
    with pytest.raises(InvalidTransition, match="执行依据"):
        serve_demand(world, case, D(2026, 10, 12), D(2026, 10, 22))


def test_decision_after_demand_deadline(world: World, case: Case) -> None:
    _agency_case(world, case)
    with pytest.raises(ValidationFailed, match="期限届满前不能") as error:
        _decide(world, case, at(10, 22))
    assert error.value.field == "transfer_risk_evidence"
    _decide(world, case, at(10, 23))
    case.refresh_from_db()
    assert case.stage == Stage.DECISION


def test_decision_before_deadline_with_transfer_risk(world: World, case: Case) -> None:
    _agency_case(world, case)
    _decide(world, case, at(10, 15), evidence="当事人正将设备装车运离")
    assert case.steps.get(step="enforcement_decision").details["immediate"] is True


def test_decision_without_power_refused(world: World, case: Case) -> None:
    record_basis(world, case, power="court")
    serve_demand(world, case, D(2026, 10, 12), D(2026, 10, 22))
    with pytest.raises(ValidationFailed, match="申请人民法院"):
        _decide(world, case, at(10, 30))


def test_statement_needs_review_before_decision(world: World, case: Case) -> None:
    _agency_case(world, case)
    case_actions.record_step(
        world.officer_user, case, office("demand_statement", at(10, 14), "称无力拆除")
    )
    with pytest.raises(ValidationFailed, match="陈述申辩复核"):
        _decide(world, case, at(10, 23))
    case_actions.record_step(
        world.officer_user, case, office("demand_statement_review", at(10, 16), "理由不成立")
    )
    _decide(world, case, at(10, 23))


# --- Additional fines and late fees ------------------------------------------------------------


def _charge(world: World, case: Case, starts: D, ends: D) -> None:
    actions.record_late_charge(
        world.officer_user,
        case,
        office("late_charge", at(11, 30), "计算加处罚款"),
        actions.ChargeInput("additional_fine", "0.05", D(2026, 3, 2), starts, ends),
    )


def test_charge_up_to_principal_accepted(world: World, case: Case) -> None:
    record_basis(world, case)
    _charge(world, case, D(2026, 11, 1), D(2026, 11, 20))
    row = case.steps.get(step="late_charge")
    assert row.details["amount"] == "1000.00"
    assert row.details["days"] == 20


def test_charge_above_principal_refused_with_both_figures(world: World, case: Case) -> None:
    record_basis(world, case)
    with pytest.raises(ValidationFailed) as error:
        _charge(world, case, D(2026, 11, 1), D(2026, 11, 21))
    assert "累计1050.00元" in error.value.message
    assert "1000元" in error.value.message


def test_charges_add_up_to_cap(world: World, case: Case) -> None:
    record_basis(world, case)
    _charge(world, case, D(2026, 11, 1), D(2026, 11, 10))
    with pytest.raises(ValidationFailed, match=r"最多还可加处500\.00元"):
        _charge(world, case, D(2026, 11, 11), D(2026, 11, 21))
    _charge(world, case, D(2026, 11, 11), D(2026, 11, 20))


def test_pending_remedy_pauses_charges(world: World, case: Case) -> None:
    penalty = advance_to_service(world, open_ordinary(world))
    remedy_support.file(world, penalty, D(2026, 11, 6))
    remedy_support.conclude(world, penalty, D(2026, 11, 10), "upheld")
    record_basis(
        world,
        case,
        basis_case_number=penalty.number,
        decided_on=D(2026, 11, 5),
        served_on=D(2026, 11, 5),
        performance_deadline=D(2026, 11, 5),
    )
    _charge(world, case, D(2026, 11, 6), D(2026, 11, 25))
    # The reconsideration was pending from 6 to 10 November, so 15 of the 20 days count.
    assert case.steps.get(step="late_charge").details["days"] == 15


def test_charge_needs_rate_notice(world: World, case: Case) -> None:
    record_basis(world, case)
    with pytest.raises(ValidationFailed, match="告知当事人"):
        actions.record_late_charge(
            world.officer_user,
            case,
            office("late_charge", at(11, 30)),
            actions.ChargeInput("late_fee", "0.003", None, D(2026, 11, 1), D(2026, 11, 2)),
        )


# --- Night and holiday ban ---------------------------------------------------------------------


def _carry_out(
    world: World,
    case: Case,
    starts: datetime.datetime,
    ends: datetime.datetime,
    emergency: str = "",
) -> None:
    actions.carry_out_enforcement(
        world.officer_user,
        case,
        on_site(world, "enforcement_carried_out", starts),
        actions.CarryOutInput(ends, "拆除完毕", emergency),
    )


@pytest.fixture
def decided(world: World, case: Case) -> Case:
    _agency_case(world, case)
    _decide(world, case, at(10, 23))
    return case


@pytest.mark.parametrize(
    ("starts", "ends", "allowed"),
    [
        (at(11, 2, 6), at(11, 2, 21) + datetime.timedelta(minutes=59), True),
        (at(11, 2, 5) + datetime.timedelta(minutes=59), at(11, 2, 9), False),
        (at(11, 2, 9), at(11, 2, 22), False),
    ],
)
def test_night_ban_at_edges(
    world: World, decided: Case, starts: datetime.datetime, ends: datetime.datetime, allowed: bool
) -> None:
    if allowed:
        _carry_out(world, decided, starts, ends)
        return
    with pytest.raises(ValidationFailed, match="夜间"):
        _carry_out(world, decided, starts, ends)


def test_night_allowed_in_emergency(world: World, decided: Case) -> None:
    _carry_out(
        world,
        decided,
        at(11, 2, 23),
        at(11, 2, 23) + datetime.timedelta(minutes=40),
        "违法搭建即将倒塌",
    )


def test_public_holiday_ban(world: World, case: Case) -> None:
    record_basis(world, case, power="agency", power_basis="《城乡规划法》第六十八条")
    serve_demand(world, case, D(2026, 9, 1), D(2026, 9, 10))
    _decide(world, case, at(9, 11))
    with pytest.raises(ValidationFailed, match="2026年10月1日是法定节假日"):
        _carry_out(world, case, at(10, 1, 9), at(10, 1, 11))
    _carry_out(world, case, at(10, 1, 9), at(10, 1, 11), "防汛紧急")


def test_rest_day_ban_follows_parameter(world: World, decided: Case) -> None:
    # Saturday 7 November 2026 is a rest day; Saturday 10 October was a make-up working day.
    with pytest.raises(ValidationFailed, match="法定节假日"):
        _carry_out(world, decided, at(11, 7, 9), at(11, 7, 11))
    RuleParameter.objects.filter(key=REST_DAYS_BARRED).update(value=Decimal("0"))
    _carry_out(world, decided, at(11, 7, 9), at(11, 7, 11))


def test_suspension_blocks_enforcement_until_resumed(world: World, decided: Case) -> None:
    actions.suspend_enforcement(
        world.officer_user,
        decided,
        office("enforcement_suspended", at(10, 26)),
        ground="third_party_claim",
        explanation="案外人主张搭建物所有权",
    )
    with pytest.raises(ValidationFailed, match="已中止执行"):
        _carry_out(world, decided, at(11, 2, 9), at(11, 2, 11))
    actions.resume_enforcement(
        world.officer_user,
        decided,
        office("enforcement_resumed", at(10, 30)),
        reason="案外人撤回主张",
    )
    _carry_out(world, decided, at(11, 2, 9), at(11, 2, 11))


def test_agreement_breach_resumes_enforcement(world: World, decided: Case) -> None:
    actions.make_agreement(
        world.officer_user,
        decided,
        office("enforcement_agreement", at(10, 26)),
        actions.AgreementInput("当事人承诺11月15日前自行拆除"),
    )
    with pytest.raises(ValidationFailed, match="执行协议"):
        _carry_out(world, decided, at(11, 2, 9), at(11, 2, 11))
    actions.record_breach(
        world.officer_user,
        decided,
        office("agreement_breached", at(11, 16)),
        explanation="逾期未拆除",
    )
    _carry_out(world, decided, at(11, 17, 9), at(11, 17, 11))


def test_agreement_instalments_must_match_principal(world: World, case: Case) -> None:
    record_basis(world, case)
    plan = [actions.Instalment(D(2026, 12, 1), "400"), actions.Instalment(D(2027, 1, 4), "500")]
    with pytest.raises(ValidationFailed, match="900元"):
        actions.make_agreement(
            world.officer_user,
            case,
            office("enforcement_agreement", at(11, 2)),
            actions.AgreementInput("分两期缴纳", plan),
        )


# --- Substitute performance --------------------------------------------------------------------


def _substitute(world: World, case: Case) -> None:
    _agency_case(world, case)
    pass_review(case, "substitute_decision", world.officer_user)
    actions.decide_substitute(
        world.officer_user,
        case,
        office("substitute_decision", at(10, 26)),
        actions.SubstituteDecisionInput(
            "代履1号", "上海某拆除工程有限公司", "机械拆除", "违法搭建棚屋", D(2026, 11, 5), "8000"
        ),
    )
    actions.serve_substitute_demand(
        world.officer_user, case, office("substitute_demand", at(11, 2)), served_on=D(2026, 11, 2)
    )


def _perform(world: World, case: Case, day: int) -> None:
    actions.perform_substitute(
        world.officer_user,
        case,
        on_site(world, "substitute_performed", at(11, day, 9)),
        actions.PerformanceInput(at(11, day, 15), "7600", "执法人员甲、代履行人、见证人"),
    )


def test_substitute_three_working_days_after_demand(world: World, case: Case) -> None:
    _substitute(world, case)
    with pytest.raises(ValidationFailed, match="最早可于2026年11月5日"):
        _perform(world, case, 4)
    _perform(world, case, 5)
    assert case.steps.get(step="substitute_performed").details["cost_borne_by_party"] is True


def test_substitute_needs_demand(world: World, case: Case) -> None:
    _agency_case(world, case)
    pass_review(case, "substitute_decision", world.officer_user)
    actions.decide_substitute(
        world.officer_user,
        case,
        office("substitute_decision", at(10, 26)),
        actions.SubstituteDecisionInput(
            "代履1号", "某公司", "机械拆除", "棚屋", D(2026, 11, 5), "8000"
        ),
    )
    with pytest.raises(ValidationFailed, match="代履行前催告"):
        _perform(world, case, 5)


def test_substitute_refused_for_money(world: World, case: Case) -> None:
    record_basis(world, case, power="agency", power_basis="某法")
    serve_demand(world, case, D(2026, 10, 12), D(2026, 10, 22))
    with pytest.raises(ValidationFailed, match="金钱给付义务不能代履行"):
        actions.decide_substitute(
            world.officer_user,
            case,
            office("substitute_decision", at(10, 26)),
            actions.SubstituteDecisionInput(
                "代履1号", "某公司", "清运", "物料", D(2026, 11, 5), "800"
            ),
        )


def test_immediate_substitute_without_demand(world: World, case: Case) -> None:
    actions.perform_immediate_substitute(
        world.officer_user,
        case,
        on_site(world, "immediate_substitute", at(11, 3, 14)),
        actions.ImmediateInput(
            "road", "货车遗洒的渣土", "absent", "区环卫所", at(11, 3, 16), "1200"
        ),
    )
    case.refresh_from_db()
    assert case.stage == Stage.DECISION
    actions.notify_immediate_substitute(
        world.officer_user,
        case,
        office("immediate_substitute_notice", at(11, 3, 18)),
        method="电话通知并送达通知书",
    )
    notice = case.steps.get(step="immediate_substitute_notice")
    assert notice.details["hours_after"] == 2.0


def test_immediate_substitute_needs_place_kind(world: World, case: Case) -> None:
    with pytest.raises(ValidationFailed, match="道路、河道"):
        actions.perform_immediate_substitute(
            world.officer_user,
            case,
            on_site(world, "immediate_substitute", at(11, 3, 14)),
            actions.ImmediateInput("shop", "杂物", "absent", "区环卫所", at(11, 3, 16)),
        )


# --- Application to the court ------------------------------------------------------------------


def _apply(world: World, case: Case, day: D) -> None:
    actions.apply_to_court(
        world.officer_user,
        case,
        office("court_application", at(day.month, day.day)),
        applied_on=day,
        court="上海市青浦区人民法院",
    )


@pytest.fixture
def court_case(world: World) -> Case:
    # Served 2 March 2026: the remedy periods end on 2 September, so the window is 3 September
    # to 2 December 2026. The case is opened in August, before the demand.
    case = open_kind(
        world, CaseKind.COMPULSORY_ENFORCEMENT, "拒不缴纳罚款强制执行案", D(2026, 8, 3)
    )
    actions.record_basis(
        world.officer_user, case, office("enforcement_basis", at(8, 3)), basis_input()
    )
    serve_demand(world, case, D(2026, 8, 10), D(2026, 8, 20))
    return case


def test_court_application_window_opens(world: World, court_case: Case) -> None:
    with pytest.raises(ValidationFailed, match="最早为2026年9月3日"):
        _apply(world, court_case, D(2026, 9, 2))
    _apply(world, court_case, D(2026, 9, 3))


def test_court_application_window_closes(world: World, court_case: Case) -> None:
    with pytest.raises(ValidationFailed, match="至2026年12月2日"):
        _apply(world, court_case, D(2026, 12, 3))
    _apply(world, court_case, D(2026, 12, 2))


def test_court_application_10_working_days_after_demand(world: World, case: Case) -> None:
    record_basis(world, case)
    serve_demand(world, case, D(2026, 9, 7), D(2026, 9, 14))
    # Sunday 20 September 2026 is a make-up working day, and the 10th after Monday 7 September.
    with pytest.raises(ValidationFailed, match="最早为2026年9月20日"):
        _apply(world, case, D(2026, 9, 18))
    _apply(world, case, D(2026, 9, 20))

"""Compulsory enforcement at its edges: remedy outcomes on the basis, charge periods, time order."""

import datetime
from decimal import Decimal

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases.models import Case, CaseKind
from zhifa.cases.tests.steps_support import (
    World,
    at,
    build_world,
    cover_next_year,
    office,
    on_site,
)
from zhifa.coercion import actions
from zhifa.coercion.tests.support import basis_input, open_kind, record_basis, serve_demand
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.remedies.tests.support import conclude, file, served_case
from zhifa.review.tests.support import pass_review

D = datetime.date
POWER = "《城乡规划法》第六十八条"


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def case(world: World) -> Case:
    return open_kind(world, CaseKind.COMPULSORY_ENFORCEMENT, "拒不缴纳罚款强制执行案")


@pytest.fixture
def penalty(world: World) -> Case:
    """A penalty case of 2000 yuan decided on 5 November 2026 and served on 6 November."""
    return served_case(world)


def _on_penalty(world: World, case: Case, penalty: Case, **overrides: object) -> None:
    values: dict[str, object] = {
        "basis_case_number": penalty.number,
        "decided_on": D(2026, 11, 5),
        "served_on": D(2026, 11, 6),
        "performance_deadline": D(2026, 11, 25),
        "principal": Decimal("2000"),
    }
    values.update(overrides)
    record_basis(world, case, **values)


def _decide(world: World, case: Case, when: datetime.datetime) -> None:
    pass_review(case, "enforcement_decision", world.officer_user)
    actions.decide_enforcement(
        world.officer_user,
        case,
        office("enforcement_decision", when, "作出强制执行决定"),
        actions.EnforcementDecisionInput("强执1号", "依法强制拆除违法搭建"),
    )


def _carry_out(world: World, case: Case, starts: datetime.datetime) -> None:
    actions.carry_out_enforcement(
        world.officer_user,
        case,
        on_site(world, "enforcement_carried_out", starts),
        actions.CarryOutInput(starts + datetime.timedelta(hours=2), "拆除完毕"),
    )


RATE_NOTIFIED_ON = D(2026, 3, 2)


def _charge(world: World, case: Case, starts: D, ends: D, notified: D = RATE_NOTIFIED_ON) -> None:
    actions.record_late_charge(
        world.officer_user,
        case,
        office("late_charge", at(12, 4, 9), "计算加处罚款"),
        actions.ChargeInput("additional_fine", "0.03", notified, starts, ends),
    )


# --- Remedy outcomes on the decision enforced --------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "label"),
    [("revoked", "撤销"), ("confirmed_void", "确认无效"), ("confirmed_illegal", "确认违法")],
)
def test_basis_of_corrected_decision_rejected(
    world: World, case: Case, penalty: Case, outcome: str, label: str
) -> None:
    file(world, penalty, D(2026, 11, 9))
    conclude(world, penalty, D(2026, 11, 20), outcome)
    with pytest.raises(ValidationFailed, match=f"“{label}”的结果") as error:
        _on_penalty(world, case, penalty)
    assert "不能作为执行依据" in error.value.message
    assert error.value.field == "basis_case_number"


def test_basis_of_upheld_decision_accepted(world: World, case: Case, penalty: Case) -> None:
    file(world, penalty, D(2026, 11, 9))
    conclude(world, penalty, D(2026, 11, 20), "upheld")
    _on_penalty(world, case, penalty)
    assert case.steps.filter(step="enforcement_basis").exists()


def test_changed_decision_needs_changed_amount(world: World, case: Case, penalty: Case) -> None:
    file(world, penalty, D(2026, 11, 9))
    conclude(world, penalty, D(2026, 11, 20), "changed")
    with pytest.raises(ValidationFailed, match="2000元仍是原决定的数额") as error:
        _on_penalty(world, case, penalty)
    assert error.value.field == "principal"
    with pytest.raises(ValidationFailed, match="变更情况") as error:
        _on_penalty(world, case, penalty, principal=Decimal("1000"))
    assert error.value.field == "change_note"

    _on_penalty(
        world, case, penalty, principal=Decimal("1000"), change_note="复议决定变更罚款为1000元"
    )
    basis = case.steps.get(step="enforcement_basis")
    assert basis.details["change_note"] == "复议决定变更罚款为1000元"
    assert len(basis.details["changed_by_remedy_ids"]) == 1


def _agency_case_on(world: World, case: Case, penalty: Case) -> None:
    _on_penalty(world, case, penalty, obligation="act", power="agency", power_basis=POWER)
    serve_demand(world, case, D(2026, 11, 10), D(2026, 11, 12))


def test_revocation_after_basis_rejects_decision(world: World, case: Case, penalty: Case) -> None:
    file(world, penalty, D(2026, 11, 9))
    _agency_case_on(world, case, penalty)
    conclude(world, penalty, D(2026, 11, 12), "revoked")
    with pytest.raises(ValidationFailed, match="不能再记录“行政强制执行决定”"):
        _decide(world, case, at(11, 13))


def test_revocation_after_decision_rejects_execution(
    world: World, case: Case, penalty: Case
) -> None:
    file(world, penalty, D(2026, 11, 9))
    _agency_case_on(world, case, penalty)
    _decide(world, case, at(11, 13))
    conclude(world, penalty, D(2026, 11, 20), "revoked")
    with pytest.raises(ValidationFailed, match="不能再记录“实施强制执行”") as error:
        _carry_out(world, case, at(11, 23, 9))
    assert "终结执行" in error.value.message
    actions.terminate_enforcement(
        world.officer_user,
        case,
        office("enforcement_terminated", at(11, 23)),
        ground="basis_revoked",
        explanation="据以执行的处罚决定被复议撤销",
    )


def test_change_after_basis_needs_change_step(world: World, case: Case, penalty: Case) -> None:
    file(world, penalty, D(2026, 11, 9))
    _on_penalty(world, case, penalty)
    conclude(world, penalty, D(2026, 11, 20), "changed")
    with pytest.raises(ValidationFailed, match="请先记录“执行依据变更”"):
        _charge(world, case, D(2026, 11, 26), D(2026, 11, 30))

    actions.record_basis_change(
        world.officer_user,
        case,
        office("basis_changed", at(11, 21), "复议决定变更罚款数额"),
        principal="1000",
        note="青府复字〔2026〕1号复议决定变更罚款为1000元",
    )
    _charge(world, case, D(2026, 11, 26), D(2026, 11, 30))
    charge = case.steps.get(step="late_charge")
    assert charge.details["principal"] == "1000"
    assert charge.details["amount"] == "150.00"


def test_change_step_needs_changing_remedy(world: World, case: Case, penalty: Case) -> None:
    _on_penalty(world, case, penalty)
    with pytest.raises(ValidationFailed, match="没有被行政复议或行政诉讼变更"):
        actions.record_basis_change(
            world.officer_user,
            case,
            office("basis_changed", at(11, 21)),
            principal="1000",
            note="变更罚款",
        )


# --- Charge periods ----------------------------------------------------------------------------


def test_money_basis_needs_performance_deadline(world: World, case: Case) -> None:
    with pytest.raises(ValidationFailed, match="履行期限") as error:
        record_basis(world, case, performance_deadline=None)
    assert error.value.field == "performance_deadline"


def test_charge_starts_after_performance_deadline(world: World, case: Case) -> None:
    # The deadline of the basis is 17 March 2026, and the rate was notified on 2 March.
    record_basis(world, case)
    with pytest.raises(ValidationFailed, match="最早从2026年3月18日起计算") as error:
        _charge(world, case, D(2026, 3, 17), D(2026, 3, 20))
    assert "履行期限至2026年3月17日" in error.value.message
    _charge(world, case, D(2026, 3, 18), D(2026, 3, 20))


def test_charge_starts_after_rate_notice(world: World, case: Case) -> None:
    record_basis(world, case)
    notified = D(2026, 4, 1)
    with pytest.raises(ValidationFailed, match="2026年4月1日告知当事人"):
        _charge(world, case, D(2026, 4, 1), D(2026, 4, 3), notified)
    _charge(world, case, D(2026, 4, 2), D(2026, 4, 3), notified)


def test_overlapping_charge_rejected_with_dates(world: World, case: Case) -> None:
    record_basis(world, case)
    _charge(world, case, D(2026, 4, 1), D(2026, 4, 5))
    with pytest.raises(ValidationFailed) as error:
        _charge(world, case, D(2026, 4, 5), D(2026, 4, 8))
    assert "2026年4月5日至2026年4月8日" in error.value.message
    assert "加处罚款计算期间2026年4月1日至2026年4月5日重叠" in error.value.message
    _charge(world, case, D(2026, 4, 6), D(2026, 4, 8))


def test_enclosing_charge_period_rejected(world: World, case: Case) -> None:
    record_basis(world, case)
    _charge(world, case, D(2026, 4, 10), D(2026, 4, 12))
    with pytest.raises(ValidationFailed, match="重叠"):
        _charge(world, case, D(2026, 4, 1), D(2026, 4, 20))


# --- Time order --------------------------------------------------------------------------------


def test_demand_before_basis_service_rejected(world: World, case: Case) -> None:
    record_basis(world, case, served_on=D(2026, 9, 3), performance_deadline=D(2026, 9, 18))
    with pytest.raises(ValidationFailed, match="早于“被执行决定书送达日期”2026年9月3日"):
        serve_demand(world, case, D(2026, 9, 2), D(2026, 9, 10))
    serve_demand(world, case, D(2026, 9, 3), D(2026, 9, 10))


def test_demand_before_case_opened_rejected(world: World, case: Case) -> None:
    record_basis(world, case)
    with pytest.raises(ValidationFailed, match="早于本案立案日期2026年9月1日") as error:
        serve_demand(world, case, D(2026, 8, 31), D(2026, 9, 10))
    assert error.value.field == "served_on"
    serve_demand(world, case, D(2026, 9, 1), D(2026, 9, 10))


def test_demand_recorded_before_basis_rejected(world: World, case: Case) -> None:
    record_basis(world, case)
    with pytest.raises(ValidationFailed, match="早于“执行依据”的时间") as error:
        actions.serve_demand(
            world.officer_user,
            case,
            office("demand_served", at(9, 1, 8)),
            actions.DemandInput(D(2026, 9, 1), D(2026, 9, 10), "到指定银行缴纳", True, 1000),
        )
    assert error.value.field == "occurred_at"
    serve_demand(world, case, D(2026, 9, 1), D(2026, 9, 10))


def test_step_before_case_opened_rejected(world: World, case: Case) -> None:
    with pytest.raises(ValidationFailed, match="早于本案立案日期") as error:
        actions.record_basis(
            world.officer_user, case, office("enforcement_basis", at(8, 31)), basis_input()
        )
    assert error.value.field == "occurred_at"
    actions.record_basis(
        world.officer_user, case, office("enforcement_basis", at(9, 1)), basis_input()
    )


def test_court_application_before_opening_rejected(world: World, case: Case) -> None:
    record_basis(world, case)
    with pytest.raises(ValidationFailed, match="“申请日期”2026年8月31日早于本案立案日期"):
        actions.apply_to_court(
            world.officer_user,
            case,
            office("court_application", at(9, 1)),
            applied_on=D(2026, 8, 31),
            court="上海市青浦区人民法院",
        )


def test_enforcement_before_decision_rejected(world: World, case: Case) -> None:
    record_basis(world, case, power="agency", power_basis=POWER, obligation="act")
    serve_demand(world, case, D(2026, 10, 12), D(2026, 10, 22))
    _decide(world, case, at(10, 26, 14))
    with pytest.raises(ValidationFailed) as error:
        _carry_out(world, case, at(10, 26, 13))
    assert "2026年10月26日13时00分早于“行政强制执行决定”的时间" in error.value.message
    assert "2026年10月26日14时00分" in error.value.message
    _carry_out(world, case, at(10, 26, 14))


def test_resumption_before_suspension_rejected(world: World, case: Case) -> None:
    record_basis(world, case, power="agency", power_basis=POWER, obligation="act")
    serve_demand(world, case, D(2026, 10, 12), D(2026, 10, 22))
    _decide(world, case, at(10, 23))
    actions.suspend_enforcement(
        world.officer_user,
        case,
        office("enforcement_suspended", at(10, 26)),
        ground="unable",
        explanation="当事人暂无履行能力",
    )
    with pytest.raises(ValidationFailed, match="早于“中止执行”的时间"):
        actions.resume_enforcement(
            world.officer_user, case, office("enforcement_resumed", at(10, 25)), reason="恢复"
        )
    actions.resume_enforcement(
        world.officer_user, case, office("enforcement_resumed", at(10, 26)), reason="恢复"
    )


# --- Once-only steps ---------------------------------------------------------------------------


def test_second_enforcement_decision_rejected(world: World, case: Case) -> None:
    record_basis(world, case, power="agency", power_basis=POWER, obligation="act")
    serve_demand(world, case, D(2026, 10, 12), D(2026, 10, 22))
    _decide(world, case, at(10, 26))
    with pytest.raises(InvalidTransition, match="不能重复记录"):
        _decide(world, case, at(10, 27))


def test_second_demand_accepted(world: World, case: Case) -> None:
    record_basis(world, case)
    serve_demand(world, case, D(2026, 10, 12), D(2026, 10, 22))
    serve_demand(world, case, D(2026, 11, 12), D(2026, 11, 20))
    assert case.steps.filter(step="demand_served").count() == 2

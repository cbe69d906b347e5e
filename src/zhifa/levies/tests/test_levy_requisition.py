"""Levies and requisitions: amounts, reductions, late fees, handover and return."""

import datetime
from decimal import Decimal

import pytest

from zhifa.cases import actions as case_actions
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.compliance import MISSING, NOT_APPLICABLE, evaluate, facts_for
from zhifa.cases.models import Case, CaseKind, Stage
from zhifa.cases.rules.execution import Pause
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.levies import rules
from zhifa.levies.actions import levy, requisition
from zhifa.levies.tests import support
from zhifa.levies.tests.support import D, at, office
from zhifa.remedies import actions as remedy_actions

pytestmark = pytest.mark.django_db

D2 = Decimal


@pytest.fixture
def bureau() -> support.Bureau:
    return support.make_bureau("上海市青浦区应急管理局", "区应急局", "district_department", "qp-yj")


def assessed(bureau: support.Bureau, *, late_fee: bool = True) -> Case:
    case = support.open_case_of(bureau, CaseKind.LEVY, 1)
    levy.assess_levy(
        bureau.user,
        case,
        office("levy_assessment", at(7, 2)),
        legal_basis="某法第十条",
        base_description="按堆放面积计征",
        base=D2("12345.67"),
        rate=D2("0.03"),
        fixed_amount=None,
        late_fee_basis="某法第十二条" if late_fee else "",
        late_fee_daily_rate=D2("0.0005") if late_fee else None,
    )
    return case


def noticed(bureau: support.Bureau, **kwargs: bool) -> Case:
    case = assessed(bureau, **kwargs)
    levy.issue_levy_notice(
        bureau.user,
        case,
        office("levy_notice", at(7, 3)),
        issued_on=D(2026, 7, 3),
        due_on=D(2026, 7, 31),
        payment_method="银行转账",
        remedy_channels="六十日内申请行政复议",
    )
    levy.serve_levy_notice(
        bureau.user,
        case,
        office("levy_service", at(7, 6)),
        served_on=D(2026, 7, 6),
        method="直接送达",
    )
    return case


@pytest.mark.parametrize(
    ("base", "rate", "fixed", "expected"),
    [
        (D2("12345.67"), D2("0.03"), None, D2("370.37")),
        (D2("100"), D2("0.005"), None, D2("0.50")),
        (D2("0"), None, D2("800"), D2("800.00")),
    ],
)
def test_levy_amount(
    base: Decimal, rate: Decimal | None, fixed: Decimal | None, expected: Decimal
) -> None:
    assert rules.levy_amount(base, rate, fixed) == expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2026, 7, 31), D2("0.00")),
        (D(2026, 8, 1), D2("0.50")),
        # 0.05% a day reaches the principal after 2000 days; the fee never goes above it.
        (D(2026, 7, 31) + datetime.timedelta(days=1999), D2("999.50")),
        (D(2026, 7, 31) + datetime.timedelta(days=2000), D2("1000.00")),
        (D(2026, 7, 31) + datetime.timedelta(days=2001), D2("1000.00")),
    ],
)
def test_late_fee_capped_at_principal(as_of: object, expected: Decimal) -> None:
    assert rules.late_fee(D2("1000"), D2("0.0005"), D(2026, 7, 31), as_of) == expected  # type: ignore[arg-type]


def test_assessment_needs_rate_or_fixed(bureau: support.Bureau) -> None:
    case = support.open_case_of(bureau, CaseKind.LEVY, 2)
    with pytest.raises(ValidationFailed, match="中的一项"):
        levy.assess_levy(
            bureau.user,
            case,
            office("levy_assessment", at(7, 2)),
            legal_basis="某法",
            base_description="面积",
            base=D2("10"),
            rate=D2("0.1"),
            fixed_amount=D2("10"),
            late_fee_basis="",
            late_fee_daily_rate=None,
        )


def test_levy_paid_in_full(bureau: support.Bureau) -> None:
    case = noticed(bureau)
    step = office("levy_payment", at(7, 20))
    with pytest.raises(ValidationFailed, match="超过尚欠金额"):
        levy.record_levy_payment(
            bureau.user, case, step, paid_on=D(2026, 7, 20), amount=D2("370.38")
        )
    levy.record_levy_payment(bureau.user, case, step, paid_on=D(2026, 7, 20), amount=D2("370.37"))
    assert levy.levy_balance(case)["owed"] == 0
    case.refresh_from_db()
    assert case.stage == Stage.EXECUTION
    labels = {item.label: item.status for item in evaluate(facts_for(case), CALENDAR)}
    assert labels["征收款项缴清或减免"] == "met"


def test_reduction_within_amount(bureau: support.Bureau) -> None:
    case = noticed(bureau)
    step = office("levy_reduction", at(7, 10))

    def reduce(amount: Decimal) -> None:
        levy.decide_reduction(
            bureau.user,
            case,
            step,
            decided_on=D(2026, 7, 10),
            reduction_kind="reduce",
            amount=amount,
            legal_basis="某法第十一条",
            reason="受灾减征",
        )

    with pytest.raises(ValidationFailed, match="超过尚未减免"):
        reduce(D2("370.38"))
    reduce(D2("100"))
    exempt = levy.decide_reduction(
        bureau.user,
        case,
        step,
        decided_on=D(2026, 7, 10),
        reduction_kind="exempt",
        amount=None,
        legal_basis="某法第十一条",
        reason="免征剩余部分",
    )
    assert exempt.details["amount"] == "270.37"
    assert levy.levy_balance(case)["owed"] == 0


def test_late_fee_only_where_law_provides(bureau: support.Bureau) -> None:
    case = noticed(bureau, late_fee=False)
    with pytest.raises(ValidationFailed, match="未规定滞纳金"):
        levy.charge_late_fee(
            bureau.user, case, office("levy_late_fee", at(8, 10)), as_of=D(2026, 8, 10)
        )


def test_late_fee_after_due_date(bureau: support.Bureau) -> None:
    case = noticed(bureau)
    step = office("levy_late_fee", at(8, 10))
    with pytest.raises(ValidationFailed, match="届满后"):
        levy.charge_late_fee(bureau.user, case, step, as_of=D(2026, 7, 31))
    row = levy.charge_late_fee(bureau.user, case, step, as_of=D(2026, 8, 10))
    # 370.37 yuan for 10 days at 0.05% a day.
    assert row.details["late_fee"] == "1.85"
    assert levy.levy_balance(case)["owed"] == D2("372.22")


def test_late_fee_as_of_moves_forward(bureau: support.Bureau) -> None:
    case = noticed(bureau)
    first = levy.charge_late_fee(
        bureau.user, case, office("levy_late_fee", at(8, 10)), as_of=D(2026, 8, 10)
    )
    assert first.details["late_fee"] == "1.85"

    for earlier in (D(2026, 8, 10), D(2026, 8, 5)):
        with pytest.raises(ValidationFailed, match="不晚于上次计算的截止日期2026-08-10") as refused:
            levy.charge_late_fee(
                bureau.user, case, office("levy_late_fee", at(8, 12)), as_of=earlier
            )
        assert refused.value.field == "as_of"
    assert case.steps.filter(step="levy_late_fee").count() == 1
    assert levy.levy_balance(case)["late_fee"] == D2("1.85")

    later = levy.charge_late_fee(
        bureau.user, case, office("levy_late_fee", at(8, 12)), as_of=D(2026, 8, 11)
    )
    assert later.details["days"] == 11
    assert levy.levy_balance(case)["late_fee"] == D2(later.details["late_fee"])


def decided(bureau: support.Bureau) -> Case:
    case = support.open_case_of(bureau, CaseKind.REQUISITION, 3)
    requisition.decide_requisition(
        bureau.user,
        case,
        office("requisition_decision", at(7, 2)),
        decided_on=D(2026, 7, 2),
        legal_basis="《中华人民共和国突发事件应对法》第十二条",
        emergency="青浦区防汛防台应急响应，需临时存放防汛物资",
        items="华新镇华腾路1号2号仓库\n叉车1台",
        period="自交付之日起至应急响应结束",
    )
    requisition.record_handover(
        bureau.user,
        case,
        office("requisition_handover", at(7, 3)),
        handed_over_on=D(2026, 7, 3),
        items="华新镇华腾路1号2号仓库\n叉车1台",
        condition="仓库空置完好，叉车可正常使用",
    )
    return case


def test_handover_only_decided_items(bureau: support.Bureau) -> None:
    case = support.open_case_of(bureau, CaseKind.REQUISITION, 4)
    requisition.decide_requisition(
        bureau.user,
        case,
        office("requisition_decision", at(7, 2)),
        decided_on=D(2026, 7, 2),
        legal_basis="突发事件应对法",
        emergency="防汛",
        items="2号仓库",
        period="至应急响应结束",
    )
    with pytest.raises(ValidationFailed, match="不在征用决定"):
        requisition.record_handover(
            bureau.user,
            case,
            office("requisition_handover", at(7, 3)),
            handed_over_on=D(2026, 7, 3),
            items="2号仓库\n3号仓库",
            condition="完好",
        )


def test_return_lists_every_item(bureau: support.Bureau) -> None:
    case = decided(bureau)
    step = office("requisition_return", at(8, 3))
    with pytest.raises(ValidationFailed, match="缺少叉车1台"):
        requisition.record_return(
            bureau.user, case, step, returned_on=D(2026, 8, 3), items="华新镇华腾路1号2号仓库：完好"
        )
    with pytest.raises(ValidationFailed, match="格式不正确"):
        requisition.record_return(
            bureau.user, case, step, returned_on=D(2026, 8, 3), items="叉车1台 坏了"
        )
    row = requisition.record_return(
        bureau.user,
        case,
        step,
        returned_on=D(2026, 8, 3),
        items="华新镇华腾路1号2号仓库：完好\n叉车1台：毁损",
    )
    assert row.details["damaged_or_lost"] == ["叉车1台"]


def test_damage_needs_compensation(bureau: support.Bureau) -> None:
    case = decided(bureau)
    requisition.record_return(
        bureau.user,
        case,
        office("requisition_return", at(8, 3)),
        returned_on=D(2026, 8, 3),
        items="华新镇华腾路1号2号仓库：完好\n叉车1台：灭失",
    )
    items = {item.label: item for item in evaluate(facts_for(case), CALENDAR)}
    assert items["毁损、灭失的给予补偿"].status == MISSING
    assert "叉车1台" in items["毁损、灭失的给予补偿"].detail
    requisition.decide_compensation(
        bureau.user,
        case,
        office("requisition_compensation", at(8, 10)),
        decided_on=D(2026, 8, 10),
        amount=D2("85000"),
        legal_basis="《中华人民共和国突发事件应对法》第十二条",
        explanation="叉车按重置价格补偿",
    )
    items = {item.label: item for item in evaluate(facts_for(case), CALENDAR)}
    assert items["毁损、灭失的给予补偿"].status == "met"


def test_intact_return_needs_no_compensation(bureau: support.Bureau) -> None:
    case = decided(bureau)
    requisition.record_return(
        bureau.user,
        case,
        office("requisition_return", at(8, 3)),
        returned_on=D(2026, 8, 3),
        items="华新镇华腾路1号2号仓库：完好\n叉车1台：完好",
    )
    items = {item.label: item for item in evaluate(facts_for(case), CALENDAR)}
    assert items["毁损、灭失的给予补偿"].status == NOT_APPLICABLE
    case_actions.close_case(
        bureau.user, case, closed_on=D(2026, 8, 5), summary="已返还", occurred_at=at(8, 5)
    )


def test_levy_step_refused_on_requisition(bureau: support.Bureau) -> None:
    case = support.open_case_of(bureau, CaseKind.REQUISITION, 5)
    with pytest.raises(ValidationFailed, match="行政征收"):
        levy.serve_levy_notice(
            bureau.user,
            case,
            office("levy_service", at(7, 6)),
            served_on=D(2026, 7, 6),
            method="直接",
        )


def test_levy_out_of_order(bureau: support.Bureau) -> None:
    case = support.open_case_of(bureau, CaseKind.LEVY, 6)
    with pytest.raises(InvalidTransition, match="核定"):
        levy.serve_levy_notice(
            bureau.user,
            case,
            office("levy_service", at(7, 6)),
            served_on=D(2026, 7, 6),
            method="直接",
        )


def test_other_agency_cannot_record(bureau: support.Bureau) -> None:
    case = support.open_case_of(bureau, CaseKind.LEVY, 7)
    other = support.make_bureau("上海市青浦区水务局", "区水务局", "district_department", "qp-sw")
    with pytest.raises(NotFound):
        levy.serve_levy_notice(
            other.user,
            case,
            office("levy_service", at(7, 6)),
            served_on=D(2026, 7, 6),
            method="直接",
        )


def file_remedy(bureau: support.Bureau, case: Case, filed_on: datetime.date) -> None:
    remedy_actions.file_remedy(
        bureau.user,
        case,
        office("remedy_filed", at(filed_on.month, filed_on.day)),
        remedy_actions.FilingInput(
            kind="reconsideration",
            filed_on=filed_on,
            body="上海市青浦区人民政府",
            reference="青府复字〔2026〕7号",
            party_id=case.parties.get().pk,
        ),
    )


def conclude_remedy(bureau: support.Bureau, case: Case, concluded_on: datetime.date) -> None:
    remedy_actions.conclude_remedy(
        bureau.user,
        case,
        office("remedy_concluded", at(concluded_on.month, concluded_on.day)),
        remedy_actions.ConclusionInput(outcome="upheld", concluded_on=concluded_on),
    )


def test_late_fee_skips_pending_remedy(bureau: support.Bureau) -> None:
    case = noticed(bureau)
    file_remedy(bureau, case, D(2026, 8, 3))
    step = office("levy_late_fee", at(8, 10))

    # Due 31 July: only 1 and 2 August count while the reconsideration filed on 3 August is pending.
    pending = levy.charge_late_fee(bureau.user, case, step, as_of=D(2026, 8, 10))
    assert pending.details["days"] == 2
    assert pending.details["paused_days"] == 8
    assert pending.details["late_fee"] == "0.37"

    # The day of the conclusion is still paused; 7 to 11 August count again.
    conclude_remedy(bureau, case, D(2026, 8, 6))
    later = office("levy_late_fee", at(8, 11))
    ended = levy.charge_late_fee(bureau.user, case, later, as_of=D(2026, 8, 11))
    assert ended.details["days"] == 7
    assert ended.details["late_fee"] == "1.30"
    assert levy.levy_balance(case)["owed"] == D2("371.67")


def test_late_fee_refused_when_all_days_paused(bureau: support.Bureau) -> None:
    case = noticed(bureau)
    file_remedy(bureau, case, D(2026, 8, 1))
    step = office("levy_late_fee", at(8, 10))
    with pytest.raises(ValidationFailed, match="不计收滞纳金"):
        levy.charge_late_fee(bureau.user, case, step, as_of=D(2026, 8, 10))
    assert not case.steps.filter(step="levy_late_fee").exists()


@pytest.mark.parametrize(
    ("pauses", "days"),
    [
        ([], 10),
        ([Pause(D(2026, 8, 1), D(2026, 8, 1))], 9),
        ([Pause(D(2026, 8, 10), None)], 9),
        ([Pause(D(2026, 8, 11), None)], 10),
        ([Pause(D(2026, 7, 20), D(2026, 7, 31))], 10),
        ([Pause(D(2026, 7, 20), None)], 0),
    ],
)
def test_late_fee_days_pauses(pauses: list[Pause], days: int) -> None:
    assert rules.late_fee_days(D(2026, 7, 31), D(2026, 8, 10), pauses) == days

"""Helpers of the coercion tests: cases of both kinds opened and advanced through the actions."""

import datetime
from decimal import Decimal
from typing import Any

from zhifa.cases import actions as case_actions
from zhifa.cases.models import Case, CaseStep
from zhifa.cases.tests.steps_support import World, at, office, on_site
from zhifa.coercion import actions
from zhifa.coercion.models import CoerciveMeasure


def open_kind(
    world: World,
    kind: str,
    title: str = "查封违法经营场所案",
    opened_on: datetime.date = datetime.date(2026, 9, 1),
) -> Case:
    return case_actions.open_case(
        world.officer_user,
        case_actions.CaseInput(
            kind=kind,
            title=title,
            department_id=world.department.pk,
            opened_on=opened_on,
            party_ids=[world.party.pk],
            officer_ids=[officer.pk for officer in world.officers],
            power_item_ids=[world.power_item.pk],
        ),
    )


def approve(world: World, case: Case, when: datetime.datetime) -> CaseStep:
    return case_actions.record_step(
        world.head, case, office("measure_approval", when, "同意对涉案物品采取扣押措施")
    )


def measure_input(**overrides: Any) -> actions.MeasureInput:
    data = actions.MeasureInput(
        kind="seizure",
        decision_number="青城管扣〔2026〕1号",
        reason="当事人占道堆放的建筑材料影响通行，可能被转移",
        legal_basis="《上海市市容环境卫生管理条例》第四十九条",
        items=[
            actions.ItemInput("黄沙", "3吨", "袋装", "完好"),
            actions.ItemInput("砖块", "500块"),
        ],
        decision_handed_over=True,
        statement_heard=True,
        signature="party_signed",
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def impose(world: World, case: Case, when: datetime.datetime, **overrides: Any) -> CoerciveMeasure:
    row = actions.impose_measure(
        world.officer_user,
        case,
        on_site(world, "measure_imposed", when),
        measure_input(**overrides),
    )
    return CoerciveMeasure.objects.get(imposed_step=row)


def approved_measure(world: World, case: Case, imposed_at: datetime.datetime) -> CoerciveMeasure:
    approve(world, case, imposed_at - datetime.timedelta(hours=2))
    return impose(world, case, imposed_at)


def basis_input(**overrides: Any) -> actions.BasisInput:
    data = actions.BasisInput(
        decision_number="青城管罚决〔2026〕8号",
        issuing_agency="上海市青浦区城市管理行政执法局",
        decided_on=datetime.date(2026, 2, 25),
        served_on=datetime.date(2026, 3, 2),
        obligation="money",
        power="court",
        principal=Decimal("1000"),
        performance_deadline=datetime.date(2026, 3, 17),
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def record_basis(world: World, case: Case, **overrides: Any) -> CaseStep:
    return actions.record_basis(
        world.officer_user, case, office("enforcement_basis", at(9, 1, 9)), basis_input(**overrides)
    )


def serve_demand(
    world: World, case: Case, served_on: datetime.date, deadline: datetime.date
) -> CaseStep:
    return actions.serve_demand(
        world.officer_user,
        case,
        office("demand_served", at(served_on.month, served_on.day)),
        actions.DemandInput(served_on, deadline, "到指定银行缴纳", True, Decimal("1000")),
    )

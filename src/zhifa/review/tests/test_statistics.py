"""The fine history of a power item: own agency first, district when too few, dated window."""

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_decision,
    at,
    build_world,
    cover_next_year,
    decision_input,
    notice_input,
    office,
    open_ordinary,
)
from zhifa.review.assessment import assess
from zhifa.review.proposals import ProposedDecision
from zhifa.review.statistics import fine_history

DECIDED = datetime.date(2026, 11, 5)


@pytest.fixture
def world_a(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def world_b(agency_b: Agency, other_agency_user: User, make_user: Callable[..., User]) -> World:
    officer = make_user("officer_b", Role.OFFICER, agency=agency_b)
    return build_world(agency_b, other_agency_user, officer, prefix="")


def decide(world: World, fine: str) -> Case:
    """Issue a penalty decision with ``fine`` yuan on a new case of ``world``'s power item."""
    case = open_ordinary(world)
    advance_to_decision(world, case)
    penalty = actions.PenaltyInput(types=["fine"], fine=fine)
    notice = notice_input(datetime.date(2026, 10, 28), penalty=penalty)
    actions.give_prior_notice(world.officer_user, case, office("", at(10, 28)), notice)
    decision = decision_input(DECIDED, penalty=penalty)
    actions.issue_decision(world.head, case, office("", at(11, 5)), decision)
    return case


def proposal(world: World, fine: str = "4000", **fields: object) -> ProposedDecision:
    values: dict = {
        "kind": "penalty",
        "agency_id": world.agency.pk,
        "penalty_types": frozenset({"fine"}),
        "fine": Decimal(fine),
        "power_item_code": world.power_item.code,
        "decided_on": datetime.date(2026, 12, 1),
    }
    values.update(fields)
    return ProposedDecision(**values)


def test_agency_history_with_enough_cases(world_a: World) -> None:
    cases = [decide(world_a, fine) for fine in ("1000", "1200", "1400", "1600", "1900")]

    history = fine_history(proposal(world_a))

    assert history is not None
    assert history.scope == "agency"
    assert history.count == 5
    assert history.mean == Decimal("1420.00")
    assert history.median == Decimal("1400.00")
    assert history.threshold == Decimal("2840.00")
    assert sorted(history.case_numbers) == sorted(case.number for case in cases)


def test_even_count_median_and_own_case_excluded(world_a: World) -> None:
    cases = [decide(world_a, fine) for fine in ("1000", "1200", "1400", "1600", "1800")]
    history = fine_history(proposal(world_a, case_id=cases[0].pk))
    assert history is not None
    assert history.scope == "district"
    assert history.count == 4
    assert history.median == Decimal("1500.00")


def test_few_in_agency_uses_district(world_a: World, world_b: World) -> None:
    for fine in ("1000", "1000"):
        decide(world_a, fine)
    for fine in ("2000", "2000", "2000", "2000"):
        decide(world_b, fine)

    history = fine_history(proposal(world_a))

    assert history is not None
    assert history.scope == "district"
    assert history.count == 6
    assert history.mean == Decimal("1666.67")


def test_few_in_district_matches_nothing(world_a: World, world_b: World) -> None:
    decide(world_a, "1000")
    decide(world_b, "1000")

    result = assess(proposal(world_a, fine="90000"))

    assert result.fine_history is not None
    assert result.fine_history.count == 2
    assert [match.code for match in result.matches if match.rule == 6] == []
    assert "全区近3年同一执法事项2件处罚决定，少于5件，未比较以往平均罚款金额。" in result.notes


def test_above_average_matches_with_history(world_a: World) -> None:
    for fine in ("1000", "1000", "1000", "1000", "1000"):
        decide(world_a, fine)

    at_edge = assess(proposal(world_a, fine="2000"))
    above = assess(proposal(world_a, fine="2000.01"))

    assert [match.code for match in at_edge.matches] == []
    assert [match.code for match in above.matches] == ["fine_above_average"]
    assert "依据本单位近3年同一执法事项5件处罚决定" in above.matches[0].reason


WINDOW = [
    (DECIDED, 1),
    (datetime.date(2029, 11, 5), 1),
    (datetime.date(2029, 11, 6), 0),
    (datetime.date(2026, 11, 4), 0),
]


@pytest.mark.parametrize(("day", "expected"), WINDOW)
def test_history_window_of_three_years(world_a: World, day: datetime.date, expected: int) -> None:
    decide(world_a, "1000")
    history = fine_history(proposal(world_a, decided_on=day))
    assert history is not None
    assert history.count == expected


def test_no_history_without_power_item_or_fine(world_a: World) -> None:
    assert fine_history(proposal(world_a, power_item_code="")) is None
    assert fine_history(proposal(world_a, fine="0")) is None

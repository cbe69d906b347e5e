"""The prior notice reads the 较大数额 figures from the registered threshold source only."""

import datetime
from decimal import Decimal

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases import hooks
from zhifa.cases.actions.decision import _hearing_grounds, hearing_thresholds
from zhifa.cases.models import Case
from zhifa.cases.rules.penalty import ProposedPenalty
from zhifa.cases.tests.steps_support import World, build_world, cover_next_year, open_ordinary
from zhifa.review.thresholds import hearing_threshold_source

DAY = datetime.date(2026, 10, 28)


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def case(world: World) -> Case:
    return open_ordinary(world)


def fine(amount: str) -> ProposedPenalty:
    return ProposedPenalty(types=frozenset({"fine"}), fine=Decimal(amount))


def test_source_gives_table_figure(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks, "HEARING_THRESHOLD_SOURCES", [hearing_threshold_source])

    figures = hearing_thresholds(case, "natural_person", DAY)

    assert figures.fine_citizen == Decimal("5000")
    assert figures.confiscation_citizen == Decimal("5000")
    assert _hearing_grounds(case, fine("4999.99"), DAY) == []
    assert _hearing_grounds(case, fine("5000"), DAY) == ["较大数额罚款（5000元，标准5000.00元）"]


def test_no_source_gives_no_amount_ground(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks, "HEARING_THRESHOLD_SOURCES", [])

    assert hooks.hearing_threshold(case, "natural_person", "fine", DAY) is None
    assert _hearing_grounds(case, fine("1000000"), DAY) == []
    # A penalty type in the hearing range still gives the right without any figure.
    closure = ProposedPenalty(types=frozenset({"closure_order"}))
    assert _hearing_grounds(case, closure, DAY) == ["责令关闭"]


def test_registering_twice_keeps_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks, "HEARING_THRESHOLD_SOURCES", [])
    hooks.register_hearing_threshold_source(hearing_threshold_source)
    hooks.register_hearing_threshold_source(hearing_threshold_source)
    assert [hearing_threshold_source] == hooks.HEARING_THRESHOLD_SOURCES

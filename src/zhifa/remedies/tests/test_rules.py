"""Remedy rules: the withdrawal date, finality for court enforcement, and the correction rate."""

import datetime
from decimal import Decimal

import pytest

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import World, build_world, cover_next_year
from zhifa.remedies.finality import decision_final_on, served_on
from zhifa.remedies.rules import RemedyFacts, final_on, withdrawal_due
from zhifa.remedies.statistics import CorrectionRate, correction_rate
from zhifa.remedies.tests.support import SERVED_ON, conclude, file, served_case

pytestmark = pytest.mark.django_db


def day(month: int, number: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, number)


@pytest.mark.parametrize(
    ("concluded_on", "due"),
    [
        # Tuesday before National Day: Wednesday 30 September, then 8 and 9 October.
        (day(9, 29), day(10, 9)),
        # Wednesday 30 September: 8, 9 and Saturday 10 October, a make-up working day.
        (day(9, 30), day(10, 10)),
        (day(10, 8), day(10, 12)),
        # Thursday: Friday, then Monday and Tuesday.
        (day(11, 26), day(12, 1)),
        (day(11, 23), day(11, 26)),
    ],
)
def test_withdrawal_due_on_real_calendar(concluded_on: datetime.date, due: datetime.date) -> None:
    assert withdrawal_due(concluded_on, CALENDAR) == due


def facts(kind: str, outcome: str, concluded_on: datetime.date | None) -> RemedyFacts:
    status = "pending" if concluded_on is None else "concluded"
    return RemedyFacts(kind, status, outcome, concluded_on)


RECONSIDERATION = "reconsideration"
LITIGATION = "litigation"
# Served 6 November 2026: 60 days end 5 January, 6 months end 6 May 2027.
UNUSED = day(5, 7, 2027)


@pytest.mark.parametrize(
    ("remedies", "expected"),
    [
        ([], UNUSED),
        ([facts(RECONSIDERATION, "", None)], None),
        ([facts(LITIGATION, "upheld", day(11, 20))], day(11, 20)),
        ([facts(LITIGATION, "rejected", day(11, 20))], day(11, 20)),
        # 15 days after Thursday 19 November end on Friday 4 December.
        ([facts(RECONSIDERATION, "upheld", day(11, 19))], day(12, 5)),
        # 15 days after Friday 20 November end on Saturday 5 December, moved to Monday 7.
        ([facts(RECONSIDERATION, "upheld", day(11, 20))], day(12, 8)),
        ([facts(RECONSIDERATION, "changed", day(11, 20))], day(12, 8)),
        ([facts(RECONSIDERATION, "terminated", day(11, 20))], UNUSED),
        ([facts(RECONSIDERATION, "revoked", day(11, 20))], None),
        ([facts(RECONSIDERATION, "confirmed_void", day(11, 20))], None),
        ([facts(LITIGATION, "confirmed_illegal", day(11, 20))], None),
        (
            [facts(RECONSIDERATION, "upheld", day(11, 20)), facts(LITIGATION, "", None)],
            None,
        ),
        (
            [
                facts(RECONSIDERATION, "upheld", day(11, 20)),
                facts(LITIGATION, "upheld", day(11, 30)),
            ],
            day(11, 30),
        ),
    ],
)
def test_final_on(remedies: list[RemedyFacts], expected: datetime.date | None) -> None:
    assert final_on(SERVED_ON, remedies, CALENDAR) == expected


def test_final_on_needs_service() -> None:
    assert final_on(None, [], CALENDAR) is None


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


def test_decision_final_on_case(world: World) -> None:
    case = served_case(world)
    assert served_on(case) == SERVED_ON
    assert decision_final_on(case) == UNUSED

    file(world, case, day(11, 9))
    assert decision_final_on(case) is None
    conclude(world, case, day(11, 20), "upheld")
    assert decision_final_on(case) == day(12, 8)


def _challenge(
    world: World, steps: list[tuple[str, datetime.date, datetime.date | None, str]]
) -> Case:
    case = served_case(world)
    for number, (kind, filed_on, concluded_on, outcome) in enumerate(steps, start=1):
        file(world, case, filed_on, kind=kind, reference=f"{case.pk}-{number}")
        if concluded_on is not None:
            conclude(world, case, concluded_on, outcome)
    return case


def test_correction_rate_exact_example(
    world: World, agency_b: Agency, other_agency_user: User
) -> None:
    world_b = build_world(agency_b, other_agency_user, other_agency_user, prefix="B")
    # Agency A: corrected on litigation after an upheld reconsideration (counted once).
    _challenge(
        world,
        [
            (RECONSIDERATION, day(11, 9), day(11, 20), "upheld"),
            (LITIGATION, day(11, 23), day(11, 27), "changed"),
        ],
    )
    _challenge(world, [(RECONSIDERATION, day(11, 9), day(11, 20), "rejected")])
    _challenge(world, [(RECONSIDERATION, day(11, 9), None, "")])
    # Concluded on the first day of the period: counted.
    _challenge(world, [(RECONSIDERATION, day(11, 9), day(11, 10), "terminated")])
    # Agency B: one correction inside the period, one the day before it.
    _challenge(world_b, [(LITIGATION, day(11, 9), day(11, 25), "confirmed_void")])
    _challenge(world_b, [(RECONSIDERATION, day(11, 6), day(11, 9), "revoked")])

    report = correction_rate(Case.objects.all(), day(11, 10), day(11, 30))

    assert report.district == CorrectionRate(concluded=4, corrected=2)
    assert report.district.rate == Decimal("0.5000")
    assert report.by_agency[world.agency.pk] == CorrectionRate(concluded=3, corrected=1)
    assert report.by_agency[world.agency.pk].rate == Decimal("0.3333")
    assert report.by_agency[agency_b.pk] == CorrectionRate(concluded=1, corrected=1)
    assert report.by_agency[agency_b.pk].rate == Decimal("1.0000")

    only_a = correction_rate(Case.objects.filter(agency=world.agency), day(11, 10), day(11, 30))
    assert only_a.district == CorrectionRate(concluded=3, corrected=1)
    assert set(only_a.by_agency) == {world.agency.pk}


def test_correction_rate_empty_period(world: World) -> None:
    report = correction_rate(Case.objects.all(), day(1, 1), day(1, 31))
    assert report.district == CorrectionRate(concluded=0, corrected=0)
    assert report.district.rate is None
    assert report.by_agency == {}

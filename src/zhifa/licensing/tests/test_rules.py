"""The 行政许可法 time limits as pure functions, on a weekday calendar without holidays."""

import datetime

import pytest

from zhifa.cases.tests.steps_support import WeekdayCalendar
from zhifa.licensing import rules

CAL = WeekdayCalendar()
D = datetime.date
MONDAY = D(2026, 11, 2)


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (D(2026, 11, 2), D(2026, 11, 6), 5),
        (D(2026, 11, 6), D(2026, 11, 9), 2),
        (D(2026, 11, 7), D(2026, 11, 8), 0),
        (D(2026, 11, 9), D(2026, 11, 2), 0),
    ],
)
def test_working_days_between(start: datetime.date, end: datetime.date, days: int) -> None:
    assert rules.working_days_between(start, end, CAL) == days


@pytest.mark.parametrize(
    ("extensions", "periods", "deadline"),
    [
        (0, [], D(2026, 11, 30)),
        (1, [], D(2026, 12, 14)),
        (2, [], D(2026, 12, 14)),
        (0, [rules.ExcludedPeriod("testing", D(2026, 11, 9), D(2026, 11, 13))], D(2026, 12, 7)),
    ],
)
def test_decision_deadline(
    extensions: int, periods: list[rules.ExcludedPeriod], deadline: datetime.date
) -> None:
    assert rules.decision_deadline(MONDAY, extensions, periods, CAL) == deadline


@pytest.mark.parametrize(
    ("previous", "reason", "allowed"),
    [(0, "需要核查", True), (1, "需要核查", False), (0, " ", False)],
)
def test_check_extension(previous: int, reason: str, allowed: bool) -> None:
    assert rules.check_extension(previous, reason).allowed is allowed


@pytest.mark.parametrize(
    ("requested", "allowed"),
    [(D(2026, 11, 9), True), (D(2026, 11, 10), False), (D(2026, 10, 30), False)],
)
def test_check_hearing_request(requested: datetime.date, allowed: bool) -> None:
    assert rules.check_hearing_request(MONDAY, requested, CAL).allowed is allowed


@pytest.mark.parametrize(
    ("hearing", "requested", "allowed"),
    [
        (D(2026, 11, 11), None, True),
        (D(2026, 11, 10), None, False),
        (D(2026, 11, 30), MONDAY, True),
        (D(2026, 12, 1), MONDAY, False),
    ],
)
def test_check_hearing_dates(
    hearing: datetime.date, requested: datetime.date | None, allowed: bool
) -> None:
    assert rules.check_hearing_dates(MONDAY, hearing, requested, CAL).allowed is allowed


@pytest.mark.parametrize(
    ("received", "requested", "late"),
    [(MONDAY, D(2026, 11, 9), False), (MONDAY, D(2026, 11, 10), True)],
)
def test_deemed_accepted(received: datetime.date, requested: datetime.date, late: bool) -> None:
    assert rules.deemed_accepted(received, requested, CAL) is late


def test_excluded_period_checks() -> None:
    period = rules.ExcludedPeriod("expert_review", D(2026, 11, 9), D(2026, 11, 6))
    assert not rules.check_excluded_period(period, MONDAY).allowed
    unknown = rules.ExcludedPeriod("survey", D(2026, 11, 6), D(2026, 11, 9))
    assert not rules.check_excluded_period(unknown, MONDAY).allowed
    valid = rules.ExcludedPeriod("quarantine", D(2026, 11, 6), D(2026, 11, 9))
    assert rules.check_excluded_period(valid, MONDAY).allowed
    assert not rules.check_excluded_period(valid, None).allowed


def test_presiding_officer_not_reviewer() -> None:
    refused = rules.check_presiding_officer("王某", {7: "王某"}, 7)
    assert "王某参加过" in refused.reason
    assert rules.check_presiding_officer("李某", {7: "王某"}, 8).allowed

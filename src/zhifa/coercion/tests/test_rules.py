"""The coercion rules as tables: each limit at its edge, one row on each side."""

import datetime
from decimal import Decimal

import pytest

from zhifa.cases.rules.execution import Pause
from zhifa.cases.tests.steps_support import WeekdayCalendar, at
from zhifa.coercion import rules

CAL = WeekdayCalendar()
D = datetime.date
MINUTE = datetime.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("reported_at", "allowed"),
    [
        (at(11, 3, 10), True),
        (at(11, 3, 10) + MINUTE, False),
        (at(11, 2, 10) - MINUTE, False),
    ],
)
def test_emergency_report_within_24_hours(reported_at: datetime.datetime, allowed: bool) -> None:
    assert rules.check_emergency_report(at(11, 2, 10), reported_at).allowed is allowed


@pytest.mark.parametrize(
    ("imposed_on", "extension", "excluded", "due_on"),
    [
        (D(2026, 11, 2), 0, 0, D(2026, 12, 2)),
        (D(2026, 11, 2), 30, 0, D(2027, 1, 1)),
        (D(2026, 11, 2), 0, 10, D(2026, 12, 14)),
        (D(2026, 10, 8), 0, 0, D(2026, 11, 9)),
    ],
)
def test_measure_deadline(imposed_on: D, extension: int, excluded: int, due_on: D) -> None:
    deadline = rules.measure_deadline(
        imposed_on, CAL, extension_days=extension, excluded_days=excluded
    )
    assert deadline == due_on


@pytest.mark.parametrize(
    ("days", "already", "decided_on", "allowed", "reason"),
    [
        (30, False, D(2026, 12, 2), True, ""),
        (31, False, D(2026, 12, 2), False, "不得超过三十日"),
        (0, False, D(2026, 12, 2), False, "不得超过三十日"),
        (10, True, D(2026, 11, 20), False, "只能延长一次"),
        (10, False, D(2026, 12, 3), False, "已于2026年12月2日届满"),
    ],
)
def test_extension(days: int, already: bool, decided_on: D, allowed: bool, reason: str) -> None:
    outcome = rules.check_extension(
        days=days, already_extended=already, decided_on=decided_on, deadline=D(2026, 12, 2)
    )
    assert outcome.allowed is allowed
    assert reason in outcome.reason


@pytest.mark.parametrize(
    ("served_on", "allowed"),
    [(D(2026, 11, 5), True), (D(2026, 11, 6), False), (D(2026, 11, 1), False)],
)
def test_freezing_notice_three_working_days(served_on: D, allowed: bool) -> None:
    assert rules.check_freezing_notice(D(2026, 11, 2), served_on, CAL).allowed is allowed


@pytest.mark.parametrize(
    ("before", "amount", "allowed"),
    [
        (Decimal("0"), Decimal("1000"), True),
        (Decimal("0"), Decimal("1000.01"), False),
        (Decimal("600"), Decimal("400"), True),
        (Decimal("600"), Decimal("400.01"), False),
    ],
)
def test_charge_cap(before: Decimal, amount: Decimal, allowed: bool) -> None:
    assert rules.check_charge_cap(Decimal("1000"), before, amount).allowed is allowed


def test_counted_days_skip_pending_remedy() -> None:
    pauses = [Pause(D(2026, 11, 6), D(2026, 11, 10)), Pause(D(2026, 11, 19), None)]
    assert rules.counted_days(D(2026, 11, 1), D(2026, 11, 30), pauses) == 13


@pytest.mark.parametrize(
    ("decided_on", "evidence", "allowed"),
    [
        (D(2026, 11, 11), "", True),
        (D(2026, 11, 10), "", False),
        (D(2026, 11, 5), "当事人正在转移设备", True),
    ],
)
def test_enforcement_timing(decided_on: D, evidence: str, allowed: bool) -> None:
    outcome = rules.check_enforcement_timing(
        decided_on=decided_on, demand_deadline=D(2026, 11, 10), transfer_risk_evidence=evidence
    )
    assert outcome.allowed is allowed


def _time(
    starts: datetime.datetime, ends: datetime.datetime, **kwargs: object
) -> rules.EnforcementTime:
    values: dict[str, object] = {
        "rest_days_barred": set(),
        "night_starts_hour": 22,
        "night_ends_hour": 6,
        **kwargs,
    }
    return rules.EnforcementTime(starts, ends, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("starts", "ends", "barred", "emergency", "allowed"),
    [
        (at(11, 2, 6), at(11, 2, 22) - MINUTE, set(), "", True),
        (at(11, 2, 6) - MINUTE, at(11, 2, 9), set(), "", False),
        (at(11, 2, 9), at(11, 2, 22), set(), "", False),
        (at(11, 2, 23), at(11, 2, 23), set(), "堤坝险情", True),
        (at(11, 2, 9), at(11, 2, 11), {D(2026, 11, 2)}, "", False),
        (at(11, 2, 9), at(11, 2, 11), {D(2026, 11, 2)}, "道路塌陷", True),
        (at(11, 2, 11), at(11, 2, 9), set(), "", False),
    ],
)
def test_enforcement_time(
    starts: datetime.datetime,
    ends: datetime.datetime,
    barred: set[D],
    emergency: str,
    allowed: bool,
) -> None:
    outcome = rules.check_enforcement_time(_time(starts, ends, rest_days_barred=barred), emergency)
    assert outcome.allowed is allowed


def test_night_window_within_one_day() -> None:
    time = _time(at(11, 2, 12), at(11, 2, 13), night_starts_hour=0, night_ends_hour=6)
    assert rules.check_enforcement_time(time, "").allowed is True


@pytest.mark.parametrize(
    ("performed_on", "allowed"), [(D(2026, 11, 5), True), (D(2026, 11, 4), False)]
)
def test_substitute_demand_three_working_days(performed_on: D, allowed: bool) -> None:
    assert rules.check_substitute_demand(D(2026, 11, 2), performed_on, CAL).allowed is allowed

"""Deadlines on the official calendar: holidays, make-up days, year ends and time zones.

The cases use the holiday schedules seeded by the migrations (2004 to 2026); 2027 is not
loaded, so it stands for a year the calendar does not cover.
"""

import datetime

import pytest

from zhifa.core.workdays import (
    CalendarNotCovered,
    add_calendar_days,
    add_working_days,
    is_working_day,
    shanghai_date,
)

WORKING_DAY_CASES = [
    # (start, working days, expected last day, situation)
    ("2026-09-27", 7, "2026-10-12", "Mid-autumn and National Day, with the 10-10 make-up day"),
    ("2026-09-30", 1, "2026-10-08", "the National Day week is skipped"),
    ("2026-10-09", 1, "2026-10-10", "Saturday 10-10 is a make-up working day"),
    ("2026-02-13", 1, "2026-02-14", "Saturday 02-14 is a make-up working day"),
    ("2026-02-14", 1, "2026-02-24", "the Spring Festival break is skipped"),
    ("2025-12-31", 1, "2026-01-04", "across the year end onto the Sunday make-up day"),
    ("2024-12-31", 1, "2025-01-02", "across the year end over New Year's Day"),
    ("2026-12-30", 1, "2026-12-31", "the last day of the last covered year"),
    ("2026-06-18", 2, "2026-06-23", "Dragon Boat Festival and its weekend"),
    ("2026-03-06", 5, "2026-03-13", "an ordinary week: weekends are rest days"),
]

CALENDAR_DAY_CASES = [
    # (start, calendar days, expected last day, situation)
    ("2026-09-20", 15, "2026-10-08", "ends on a holiday, moved past the National Day week"),
    ("2026-03-01", 13, "2026-03-16", "ends on a Saturday, moved to Monday"),
    ("2025-12-29", 3, "2026-01-04", "ends on a holiday, moved to the Sunday make-up day"),
    ("2026-01-01", 3, "2026-01-04", "ends on a Sunday that is a make-up working day"),
    ("2026-03-02", 15, "2026-03-17", "ends on a working day, not moved"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "days", "expected", "situation"), WORKING_DAY_CASES)
def test_working_day_deadline(start: str, days: int, expected: str, situation: str) -> None:
    assert add_working_days(start, days).isoformat() == expected, situation


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "days", "expected", "situation"), CALENDAR_DAY_CASES)
def test_calendar_day_deadline(start: str, days: int, expected: str, situation: str) -> None:
    assert add_calendar_days(start, days).isoformat() == expected, situation


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-10-01", False),
        ("2026-10-10", True),
        ("2026-10-11", False),
        ("2026-10-12", True),
        ("2026-01-04", True),
        ("2026-05-05", False),
    ],
)
def test_is_working_day(day: str, expected: bool) -> None:
    assert is_working_day(day) is expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "start",
    [
        "2026-09-30T00:30:00+08:00",
        "2026-09-29T16:30:00Z",
        "2026-09-29T16:30:00+00:00",
        datetime.datetime(2026, 9, 29, 16, 30, tzinfo=datetime.UTC),
    ],
)
def test_start_just_after_midnight_counts_shanghai_date(start: str | datetime.datetime) -> None:
    # 00:30 in Shanghai is still 29 September in UTC; the Shanghai date 30 September counts.
    assert add_working_days(start, 1) == datetime.date(2026, 10, 8)


def test_naive_datetime_rejected() -> None:
    with pytest.raises(ValueError, match="缺少时区偏移"):
        shanghai_date("2026-09-30T00:30:00")


def test_malformed_date_rejected_in_chinese() -> None:
    with pytest.raises(ValueError, match="日期“2026-02-30”无效"):
        shanghai_date("2026-02-30")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("compute", "start", "days"),
    [
        (add_working_days, "2026-12-31", 1),
        (add_working_days, "2026-12-20", 10),
        (add_calendar_days, "2026-12-20", 15),
        (add_calendar_days, "2027-03-01", 1),
    ],
)
def test_uncovered_year_raises(compute: object, start: str, days: int) -> None:
    with pytest.raises(CalendarNotCovered) as caught:
        compute(start, days)  # type: ignore[operator]

    assert caught.value.year == 2027
    assert "2027 年" in caught.value.message
    assert "zhifa calendar import" in caught.value.message
    assert caught.value.status == 409


@pytest.mark.django_db
@pytest.mark.parametrize("days", [0, -1])
def test_period_below_one_day_rejected(days: int) -> None:
    with pytest.raises(ValueError, match="期限天数应在 1 至"):
        add_working_days("2026-03-02", days)

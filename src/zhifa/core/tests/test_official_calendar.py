"""Every day of 2024 to 2026 against an independent copy of the State Council schedules.

``data/official-holidays.csv`` was typed from the yearly notices of the General Office of the
State Council, separately from the chinese-calendar package that seeds the calendar table.
A listed day must have the listed status; every other day follows the weekday rule.
"""

import csv
import datetime
from pathlib import Path

import pytest

from zhifa.core.workdays import is_working_day

OFFICIAL_SCHEDULE = Path(__file__).parent / "data" / "official-holidays.csv"
YEARS = (2024, 2025, 2026)


def official_statuses() -> dict[datetime.date, bool]:
    """Return the listed days, each mapped to True for a working day."""
    statuses = {}
    with OFFICIAL_SCHEDULE.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            day = datetime.date.fromisoformat(row["date"])
            assert row["kind"] in {"holiday", "makeup_working_day"}, row
            statuses[day] = row["kind"] == "makeup_working_day"
    return statuses


def test_official_schedule_covers_each_year() -> None:
    years = {day.year for day in official_statuses()}

    assert years == set(YEARS)


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
def test_every_day_matches_official_schedule(year: int) -> None:
    official = official_statuses()
    mismatches = []
    day = datetime.date(year, 1, 1)
    while day.year == year:
        expected = official.get(day, day.weekday() < 5)
        if is_working_day(day) != expected:
            mismatches.append(f"{day.isoformat()}: expected working={expected}")
        day += datetime.timedelta(days=1)

    assert mismatches == []


@pytest.mark.django_db
def test_2026_has_248_working_days() -> None:
    days = [datetime.date(2026, 1, 1) + datetime.timedelta(days=n) for n in range(365)]

    assert sum(is_working_day(day) for day in days) == 248

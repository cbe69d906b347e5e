"""Sharing loaded calendar years within one request, and forgetting them after an import."""

import datetime
from typing import Any

import pytest

from zhifa.core import workdays
from zhifa.core.models import CalendarDay, DayKind

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 30)


def test_unshared_calls_read_year_each_time(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(4):
        workdays.add_working_days(MONDAY, 1)
        workdays.add_working_days(MONDAY, 2)


def test_shared_block_reads_year_once(django_assert_num_queries: Any) -> None:
    with workdays.shared_years(), django_assert_num_queries(2):
        workdays.add_working_days(MONDAY, 1)
        workdays.add_working_days(MONDAY, 2)
        workdays.is_working_day(MONDAY)


def test_forget_shows_changed_schedule() -> None:
    with workdays.shared_years():
        assert workdays.is_working_day(MONDAY)
        CalendarDay.objects.create(date=MONDAY, kind=DayKind.PUBLIC_HOLIDAY, festival="测试")
        assert workdays.is_working_day(MONDAY)
        workdays.forget_shared_years()
        assert not workdays.is_working_day(MONDAY)

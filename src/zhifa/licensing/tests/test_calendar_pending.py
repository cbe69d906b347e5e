"""A deadline in a year the working calendar lacks leaves the act recorded, the day pending.

Each test deletes the 2027 schedule, records on 2026-12-04, then imports 2027 again.
"""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.compliance import deadlines, evaluate, facts_for
from zhifa.cases.models import Case
from zhifa.cases.rules.common import show
from zhifa.core.errors import InvalidTransition
from zhifa.core.models import CalendarDay, CalendarYear
from zhifa.core.workdays import CalendarNotCovered
from zhifa.licensing import facts as lf
from zhifa.licensing.actions._support import unless_uncovered
from zhifa.licensing.models import Licence
from zhifa.licensing.tests import support
from zhifa.licensing.tests.support import LicensingWorld
from zhifa.licensing.tests.test_pages import client_for

pytestmark = pytest.mark.django_db

OPENED = datetime.date(2026, 11, 23)
DECIDED = datetime.date(2026, 12, 4)
FOLLOW_UP_DAYS = 60


@pytest.fixture
def world(agency_a: Any, agency_head_user: Any, officer_user: Any) -> LicensingWorld:
    return support.build(agency_a, agency_head_user, officer_user)


def drop_2027() -> list[CalendarDay]:
    saved = list(CalendarDay.objects.filter(date__year=2027))
    CalendarDay.objects.filter(date__year=2027).delete()
    CalendarYear.objects.filter(year=2027).delete()
    return saved


def import_2027(saved: list[CalendarDay]) -> None:
    CalendarYear.objects.create(year=2027, source="测试：重新导入2027年")
    CalendarDay.objects.bulk_create(
        CalendarDay(date=row.date, kind=row.kind, festival=row.festival, source=row.source)
        for row in saved
    )


def commitment_case(world: LicensingWorld) -> Case:
    case = support.open_licensing(world, opened_on=OPENED)
    support.apply(world, case, received=OPENED, commitment=True)
    support.accept(world, case, OPENED)
    support.review(world, case, support.wd(OPENED, 2))
    return case


def follow_up_item(case: Case) -> Any:
    case.refresh_from_db()
    items = evaluate(facts_for(case), CALENDAR)
    return next(row for row in items if row.label == "告知承诺核查")


def test_grant_recorded_without_next_year(world: LicensingWorld) -> None:
    case = commitment_case(world)
    saved = drop_2027()

    row = support.decide(world, case, DECIDED)

    assert row.details["follow_up_due"] is None
    assert row.details["follow_up_days"] == FOLLOW_UP_DAYS
    assert lf.PENDING_LABEL in follow_up_item(case).detail
    notes = [item.note for item in deadlines(facts_for(case), CALENDAR)]
    assert lf.PENDING_LABEL in notes

    import_2027(saved)
    expected = CALENDAR.add_calendar_days(DECIDED, FOLLOW_UP_DAYS)
    assert expected.year == 2027
    assert f"期限至{show(expected)}" in follow_up_item(case).detail


def test_licence_due_computed_after_import(world: LicensingWorld) -> None:
    case = commitment_case(world)
    saved = drop_2027()
    support.decide(world, case, DECIDED)
    support.issue(world, case, DECIDED)
    licence = Licence.objects.get(case=case)
    assert licence.follow_up_due is None
    assert licence.follow_up_pending

    client = client_for(world.officer_user)
    url = reverse("licensing:licence_detail", kwargs={"pk": licence.pk})
    assert "期限待日历导入后计算" in client.get(url).content.decode()
    licence.refresh_from_db()
    assert licence.follow_up_due is None

    import_2027(saved)
    page = client.get(url).content.decode()
    licence.refresh_from_db()
    expected = CALENDAR.add_calendar_days(DECIDED, FOLLOW_UP_DAYS)
    assert licence.follow_up_due == expected
    assert "期限待日历导入后计算" not in page


def test_register_list_computes_pending_due(world: LicensingWorld) -> None:
    case = commitment_case(world)
    saved = drop_2027()
    support.decide(world, case, DECIDED)
    support.issue(world, case, DECIDED)
    import_2027(saved)

    client_for(world.officer_user).get(reverse("licensing:licence_list"))

    licence = Licence.objects.get(case=case)
    assert licence.follow_up_due == CALENDAR.add_calendar_days(DECIDED, FOLLOW_UP_DAYS)


def test_second_decision_reports_once_rule(world: LicensingWorld) -> None:
    case = commitment_case(world)
    drop_2027()
    support.decide(world, case, DECIDED)
    with pytest.raises(InvalidTransition, match="已记录“许可决定”"):
        support.decide(world, case, DECIDED)


def test_uncovered_deadline_edge() -> None:
    CalendarYear.objects.filter(year=2027).delete()

    def compute() -> datetime.date:
        return CALENDAR.add_working_days(datetime.date(2026, 12, 28), 10)

    assert unless_uncovered(compute, None, datetime.date(2026, 12, 31)) is None
    with pytest.raises(CalendarNotCovered):
        unless_uncovered(compute, None, datetime.date(2027, 1, 4))

"""Coercive measures at their edges: time order, a missing calendar year, ended measures."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases import actions as case_actions
from zhifa.cases import compliance
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.models import Case, CaseKind
from zhifa.cases.tests.steps_support import World, at, build_world, cover_next_year, office
from zhifa.coercion import actions
from zhifa.coercion.models import CoerciveMeasure
from zhifa.coercion.tests.support import approve, approved_measure, impose, open_kind
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.core.models import CalendarYear

PENDING = "期限待日历导入后计算"


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    """A world whose calendar has 2026 and not 2027."""
    CalendarYear.objects.filter(year=2027).delete()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def case(world: World) -> Case:
    return open_kind(world, CaseKind.COERCIVE_MEASURE)


def _release(world: World, case: Case, measure: CoerciveMeasure, when: datetime.datetime) -> None:
    actions.end_measure(
        world.officer_user,
        case,
        office("measure_released", when, "解除扣押"),
        measure_id=measure.pk,
        data=actions.EndInput("measure_released", reason="无需继续扣押", items_returned=True),
    )


def _page(user: User, name: str, *args: int) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse(name, args=args)).content.decode()


# --- Time order --------------------------------------------------------------------------------


def test_release_before_imposition_rejected(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 8, 10))
    with pytest.raises(ValidationFailed) as error:
        _release(world, case, measure, at(10, 8, 9))
    message = error.value.message
    assert "“解除强制措施”的时间2026年10月8日09时00分" in message
    assert "早于“实施扣押”的时间2026年10月8日10时00分" in message
    _release(world, case, measure, at(10, 8, 10))


def test_imposition_before_approval_rejected(world: World, case: Case) -> None:
    approve(world, case, at(10, 8, 11))
    with pytest.raises(ValidationFailed) as error:
        impose(world, case, at(10, 8, 10))
    assert "早于“行政机关负责人批准实施强制措施”的时间2026年10月8日11时00分" in (
        error.value.message
    )
    impose(world, case, at(10, 8, 11))


def test_extension_before_imposition_rejected(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 8, 10))
    with pytest.raises(ValidationFailed, match="早于“实施扣押”的时间"):
        actions.extend_measure(
            world.head,
            case,
            office("measure_extended", at(10, 7)),
            measure_id=measure.pk,
            days=10,
            reason="案情复杂",
            notified_on=datetime.date(2026, 10, 7),
        )


def test_second_release_message_reads_once(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 8))
    _release(world, case, measure, at(10, 20))
    with pytest.raises(ValidationFailed) as error:
        _release(world, case, measure, at(10, 21))
    assert error.value.message == "该扣押措施已解除，不能再记录本环节。"


def test_second_case_opening_rejected(world: World, case: Case) -> None:
    with pytest.raises(InvalidTransition, match="不能重复记录"):
        case_actions.record_step(world.officer_user, case, office("case_opened", at(10, 9)))


# --- A measure whose period ends in a year not yet imported ------------------------------------


def test_measure_recorded_while_next_year_missing(world: World, case: Case) -> None:
    # 4 December 2026 plus 30 days is Sunday 3 January 2027, a year not imported.
    measure = approved_measure(world, case, at(12, 4, 10))
    assert measure.due_on is None
    assert measure.imposed_step.details["due_on"] == ""
    assert measure.imposed_step.details["due_on_pending"] is True

    assert PENDING in _page(world.officer_user, "coercion:measure_list")
    assert PENDING in _page(world.officer_user, "coercion:measure_detail", measure.pk)
    facts = compliance.facts_for(case)
    items = {item.label: item for item in compliance.evaluate(facts, CALENDAR)}
    period = items["扣押（2026年12月4日）期限与处理"]
    assert period.detail == f"实施中，{PENDING}。"
    deadlines = compliance.deadlines(facts, CALENDAR)
    assert [deadline.note for deadline in deadlines if deadline.due_on is None] == [PENDING]


def test_due_date_computed_once_year_imported(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(12, 4, 10))
    cover_next_year()
    body = _page(world.officer_user, "coercion:measure_list")
    measure.refresh_from_db()
    # The 2027 calendar of the tests has weekends only, so the Sunday end moves to Monday.
    assert measure.due_on == datetime.date(2027, 1, 4)
    assert PENDING not in body
    assert "2027-01-04" in body


def test_case_page_shows_due_date_after_import(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(12, 4, 10))
    before = _page(world.officer_user, "cases:case_detail", case.pk)
    assert PENDING in before

    cover_next_year()
    after = _page(world.officer_user, "cases:case_detail", case.pk)
    assert PENDING not in after
    assert "2027年1月4日" in after
    measure.refresh_from_db()
    assert measure.imposed_step.details["due_on"] == ""


def test_released_measure_shows_reason(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(11, 4, 10))
    _release(world, case, measure, at(11, 5))
    body = _page(world.officer_user, "cases:case_detail", case.pk)
    assert "解除理由" in body
    assert "无需继续扣押" in body


def test_actions_complete_due_date_after_import(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(12, 4, 10))
    cover_next_year()
    _release(world, case, measure, at(12, 4, 15))
    measure.refresh_from_db()
    assert measure.due_on == datetime.date(2027, 1, 4)


def test_extension_while_next_year_missing(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(12, 4, 10))
    actions.extend_measure(
        world.head,
        case,
        office("measure_extended", at(12, 4, 16)),
        measure_id=measure.pk,
        days=30,
        reason="案情复杂需要进一步调查",
        notified_on=datetime.date(2026, 12, 4),
    )
    measure.refresh_from_db()
    assert measure.extension_days == 30
    assert measure.due_on is None

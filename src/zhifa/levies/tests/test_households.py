"""Expropriation households: valuation, agreement or decision, publication, moving, court."""

import datetime
from decimal import Decimal

import pytest

from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.models import Stage
from zhifa.core.errors import ValidationFailed
from zhifa.levies import rules
from zhifa.levies.actions import households
from zhifa.levies.models import ExpropriationProject, Household
from zhifa.levies.tests import support
from zhifa.levies.tests.support import VALUE, D, agree, at, decide_for, office

pytestmark = pytest.mark.django_db


def test_valuation_date_is_announcement(gov: support.Bureau) -> None:
    project = support.new_project(gov, support.housing_bureau(), households=1)
    support.record_preconditions(gov.user, project.case)
    support.decide(gov.user, project.case)
    support.announce(gov.user, project.case)
    with pytest.raises(ValidationFailed, match="价值时点"):
        households.record_valuation(
            gov.user,
            project.case,
            office("household_valuation", at(3, 16)),
            household="001",
            valuation_firm="估价公司",
            value=VALUE,
            value_date=D(2026, 3, 5),
            reported_on=D(2026, 3, 16),
        )


def test_cash_below_valuation_refused(gov: support.Bureau, announced: ExpropriationProject) -> None:
    with pytest.raises(ValidationFailed, match="低于评估价值"):
        agree(gov, announced, "001", VALUE - Decimal("0.01"))
    agree(gov, announced, "001", VALUE)
    row = announced.households.get(number="001")
    assert row.settlement == "补偿协议"
    announced.case.refresh_from_db()
    assert announced.case.stage == Stage.EXECUTION


@pytest.mark.parametrize(("day", "allowed"), [(D(2026, 4, 5), False), (D(2026, 4, 6), True)])
def test_decision_after_signing_period(
    gov: support.Bureau, announced: ExpropriationProject, day: datetime.date, allowed: bool
) -> None:
    if allowed:
        decide_for(gov, announced, "002", day)
        assert announced.households.get(number="002").settlement == "补偿决定"
    else:
        with pytest.raises(ValidationFailed, match="签约期限"):
            decide_for(gov, announced, "002", day)


def test_no_decision_after_agreement(gov: support.Bureau, announced: ExpropriationProject) -> None:
    agree(gov, announced, "001", VALUE)
    with pytest.raises(ValidationFailed, match="已签订补偿协议"):
        decide_for(gov, announced, "001", D(2026, 4, 10))


def test_move_out_needs_compensation(gov: support.Bureau, announced: ExpropriationProject) -> None:
    step = office("household_moved_out", at(4, 15))
    with pytest.raises(ValidationFailed, match="先补偿、后搬迁"):
        households.record_move_out(
            gov.user, announced.case, step, household="003", moved_on=D(2026, 4, 15)
        )
    agree(gov, announced, "003", VALUE)
    households.record_move_out(
        gov.user, announced.case, step, household="003", moved_on=D(2026, 4, 15)
    )
    assert announced.households.get(number="003").moved_out_on == D(2026, 4, 15)


def test_results_publication_lists_households(
    gov: support.Bureau, announced: ExpropriationProject
) -> None:
    step = office("compensation_results_published", at(4, 20))
    with pytest.raises(ValidationFailed, match="无可公布"):
        households.publish_results(
            gov.user, announced.case, step, published_on=D(2026, 4, 20), places="公告栏"
        )
    agree(gov, announced, "001", VALUE)
    decide_for(gov, announced, "002", D(2026, 4, 10))
    row = households.publish_results(
        gov.user, announced.case, step, published_on=D(2026, 4, 20), places="公告栏"
    )
    assert [entry["settlement"] for entry in row.details["households"]] == ["补偿协议", "补偿决定"]


def apply_for(gov: support.Bureau, project: ExpropriationProject, day: datetime.date) -> None:
    households.apply_to_court(
        gov.user,
        project.case,
        office("court_move_application", at(day.month, day.day)),
        household="002",
        applied_on=day,
        court="上海市青浦区人民法院",
        demand_served_on=D(2026, 9, 1),
    )


def test_court_application_through_action(
    gov: support.Bureau, announced: ExpropriationProject
) -> None:
    decide_for(gov, announced, "002", D(2026, 4, 10))
    with pytest.raises(ValidationFailed, match="复议和诉讼期限"):
        apply_for(gov, announced, D(2026, 10, 13))
    apply_for(gov, announced, D(2026, 10, 14))
    row = Household.objects.get(project=announced, number="002")
    assert row.court_applied_on == D(2026, 10, 14)


def facts(**overrides: object) -> rules.CourtApplicationFacts:
    values: dict[str, object] = {
        "applied_on": D(2026, 10, 14),
        "decision_served_on": D(2026, 4, 13),
        "move_deadline": D(2026, 4, 30),
        "moved_out_on": None,
        "remedy_filed_on": None,
        "demand_served_on": D(2026, 9, 1),
    }
    values.update(overrides)
    return rules.CourtApplicationFacts(**values)  # type: ignore[arg-type]


# The decision is served on Monday 13 April 2026: the 6-month litigation period ends on
# Tuesday 13 October, and the 3-month window after it ends on 13 January 2027.
@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({}, ""),
        ({"applied_on": D(2026, 10, 13)}, "期限届满前不能申请"),
        ({"decision_served_on": None}, "没有已送达的补偿决定"),
        ({"moved_out_on": D(2026, 5, 1)}, "已于"),
        ({"remedy_filed_on": D(2026, 5, 10)}, "复议或诉讼结束后"),
        ({"move_deadline": D(2026, 10, 20)}, "搬迁期限"),
        ({"applied_on": D(2027, 1, 13)}, ""),
        ({"applied_on": D(2027, 1, 14)}, "三个月内"),
        ({"demand_served_on": None}, "催告"),
        ({"demand_served_on": D(2026, 10, 9)}, "十个工作日"),
    ],
)
def test_court_application_window(overrides: dict[str, object], reason: str) -> None:
    outcome = rules.check_court_application(facts(**overrides), CALENDAR)
    assert outcome.allowed is (reason == "")
    assert reason in outcome.reason


def test_demand_ten_working_days_edge() -> None:
    applied = D(2026, 10, 30)
    earliest_demand = D(2026, 10, 16)
    assert CALENDAR.add_working_days(earliest_demand, 10) == applied
    allowed = rules.check_court_application(
        facts(applied_on=applied, demand_served_on=earliest_demand), CALENDAR
    )
    assert allowed.allowed
    late = rules.check_court_application(
        facts(applied_on=applied, demand_served_on=D(2026, 10, 19)), CALENDAR
    )
    assert not late.allowed

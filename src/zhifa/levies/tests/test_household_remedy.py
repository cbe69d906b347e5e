"""An owner's reconsideration or lawsuit over a compensation decision, and the court application."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.cases.actions._common import CALENDAR
from zhifa.core.errors import ValidationFailed
from zhifa.levies import rules
from zhifa.levies.actions import households
from zhifa.levies.models import ExpropriationProject, Household
from zhifa.levies.tests import support
from zhifa.levies.tests.support import D, at, decide_for, office
from zhifa.remedies.models import RemedyOutcome

pytestmark = pytest.mark.django_db


def file(gov: support.Bureau, project: ExpropriationProject, day: datetime.date) -> None:
    households.record_household_remedy(
        gov.user,
        project.case,
        office("household_remedy", at(day.month, day.day)),
        household="002",
        filed_on=day,
    )


def end(
    gov: support.Bureau, project: ExpropriationProject, day: datetime.date, outcome: str
) -> None:
    households.record_household_remedy_end(
        gov.user,
        project.case,
        office("household_remedy_concluded", at(day.month, day.day)),
        household="002",
        concluded_on=day,
        remedy_outcome=outcome,
    )


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


def row(project: ExpropriationProject) -> Household:
    return Household.objects.get(project=project, number="002")


def test_upheld_remedy_allows_court_application(
    gov: support.Bureau, announced: ExpropriationProject
) -> None:
    decide_for(gov, announced, "002", D(2026, 4, 10))
    file(gov, announced, D(2026, 5, 10))
    with pytest.raises(ValidationFailed, match="尚未结束"):
        apply_for(gov, announced, D(2026, 10, 14))

    end(gov, announced, D(2026, 9, 30), "upheld")
    assert row(announced).remedy_outcome == RemedyOutcome.UPHELD
    apply_for(gov, announced, D(2026, 10, 14))
    assert row(announced).court_applied_on == D(2026, 10, 14)
    step = announced.case.steps.get(step="household_remedy_concluded")
    assert step.details["remedy_outcome_label"] == "维持"
    client = Client()
    client.force_login(gov.user)
    page = client.get(reverse("cases:case_detail", args=[announced.case.pk])).content.decode()
    assert page.count("复议或诉讼结果") == 1
    assert re.search("复议或诉讼结果.{0,80}维持", page, re.DOTALL)
    assert "被征收人复议或诉讼结束" in page


def test_revoked_decision_refuses_application(
    gov: support.Bureau, announced: ExpropriationProject
) -> None:
    decide_for(gov, announced, "002", D(2026, 4, 10))
    file(gov, announced, D(2026, 5, 10))
    end(gov, announced, D(2026, 9, 30), "revoked")
    with pytest.raises(ValidationFailed, match="补偿决定已被撤销"):
        apply_for(gov, announced, D(2026, 10, 14))
    assert row(announced).court_applied_on is None


def test_remedy_needs_compensation_decision(
    gov: support.Bureau, announced: ExpropriationProject
) -> None:
    with pytest.raises(ValidationFailed, match="户号“002”没有补偿决定，不能记录") as refused:
        file(gov, announced, D(2026, 5, 10))
    assert refused.value.field == "household"

    support.agree(gov, announced, "002", support.VALUE)
    with pytest.raises(ValidationFailed, match="只于2026-03-20签订了补偿协议"):
        file(gov, announced, D(2026, 5, 10))
    assert row(announced).remedy_filed_on is None
    assert not announced.case.steps.filter(step="household_remedy").exists()


def test_remedy_not_before_service(gov: support.Bureau, announced: ExpropriationProject) -> None:
    decide_for(gov, announced, "002", D(2026, 4, 10))
    with pytest.raises(ValidationFailed, match=r"2026-04-12早于.*送达日期2026-04-13") as refused:
        file(gov, announced, D(2026, 4, 12))
    assert refused.value.field == "filed_on"
    assert row(announced).remedy_filed_on is None

    file(gov, announced, D(2026, 4, 13))
    assert row(announced).remedy_filed_on == D(2026, 4, 13)


def test_end_needs_pending_remedy(gov: support.Bureau, announced: ExpropriationProject) -> None:
    decide_for(gov, announced, "002", D(2026, 4, 10))
    with pytest.raises(ValidationFailed, match="没有尚未结束的复议或诉讼"):
        end(gov, announced, D(2026, 9, 30), "upheld")
    file(gov, announced, D(2026, 5, 10))
    end(gov, announced, D(2026, 9, 30), "upheld")
    with pytest.raises(ValidationFailed, match="没有尚未结束的复议或诉讼"):
        end(gov, announced, D(2026, 10, 1), "upheld")


def test_end_not_before_filing(gov: support.Bureau, announced: ExpropriationProject) -> None:
    decide_for(gov, announced, "002", D(2026, 4, 10))
    file(gov, announced, D(2026, 5, 11))
    with pytest.raises(ValidationFailed, match="早于申请或起诉日期"):
        end(gov, announced, D(2026, 5, 10), "terminated")
    end(gov, announced, D(2026, 5, 11), "terminated")
    assert row(announced).remedy_concluded_on == D(2026, 5, 11)


def test_end_needs_outcome(gov: support.Bureau, announced: ExpropriationProject) -> None:
    decide_for(gov, announced, "002", D(2026, 4, 10))
    file(gov, announced, D(2026, 5, 10))
    with pytest.raises(ValidationFailed, match="复议或诉讼结果"):
        end(gov, announced, D(2026, 9, 30), "withdrawn")


def test_lawsuit_after_reconsideration(
    gov: support.Bureau, announced: ExpropriationProject
) -> None:
    decide_for(gov, announced, "002", D(2026, 4, 10))
    file(gov, announced, D(2026, 5, 10))
    with pytest.raises(ValidationFailed, match="尚未结束"):
        file(gov, announced, D(2026, 5, 20))
    end(gov, announced, D(2026, 7, 10), "upheld")
    with pytest.raises(ValidationFailed, match="早于该户上一次复议或诉讼的结束日期"):
        file(gov, announced, D(2026, 7, 9))

    # The lawsuit filed on the day the reconsideration ended is pending again.
    file(gov, announced, D(2026, 7, 10))
    household = row(announced)
    assert household.remedy_pending
    assert household.remedy_outcome == ""
    with pytest.raises(ValidationFailed, match="尚未结束"):
        apply_for(gov, announced, D(2026, 10, 14))


def facts(**overrides: object) -> rules.CourtApplicationFacts:
    # The decision is served on 13 April 2026; the remedy periods end on 13 October.
    values: dict[str, object] = {
        "applied_on": D(2026, 10, 14),
        "decision_served_on": D(2026, 4, 13),
        "move_deadline": D(2026, 4, 30),
        "moved_out_on": None,
        "remedy_filed_on": D(2026, 5, 10),
        "demand_served_on": D(2026, 9, 1),
        "remedy_concluded_on": D(2026, 9, 30),
        "remedy_outcome": "upheld",
    }
    values.update(overrides)
    return rules.CourtApplicationFacts(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({}, ""),
        ({"remedy_outcome": "rejected"}, ""),
        ({"remedy_outcome": "terminated"}, ""),
        ({"remedy_outcome": "changed"}, "补偿决定已被变更"),
        ({"remedy_outcome": "revoked"}, "补偿决定已被撤销"),
        ({"remedy_outcome": "confirmed_illegal"}, "补偿决定已被确认违法"),
        ({"remedy_outcome": "confirmed_void"}, "补偿决定已被确认无效"),
        ({"remedy_concluded_on": None, "remedy_outcome": ""}, "尚未结束"),
        ({"remedy_concluded_on": D(2026, 10, 14)}, ""),
        ({"remedy_concluded_on": D(2026, 10, 15)}, "早于复议或诉讼结束日期"),
    ],
)
def test_court_application_after_remedy(overrides: dict[str, object], reason: str) -> None:
    outcome = rules.check_court_application(facts(**overrides), CALENDAR)
    assert outcome.allowed is (reason == "")
    assert reason in outcome.reason


def test_every_remedy_outcome_classified() -> None:
    classified = rules.STANDING_OUTCOMES | set(rules.OVERTURNED_OUTCOMES)
    assert classified == set(RemedyOutcome.values)
    assert not rules.STANDING_OUTCOMES & set(rules.OVERTURNED_OUTCOMES)

"""Housing expropriation: the preconditions block the decision, listing each one missing."""

import datetime
from decimal import Decimal

import pytest

from zhifa.cases.models import Stage
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from zhifa.core.models import RuleParameter
from zhifa.levies.actions import expropriation
from zhifa.levies.actions.projects import register_project
from zhifa.levies.procedures import PRECONDITION_STEPS
from zhifa.levies.tests import support
from zhifa.levies.tests.support import D, at, office

pytestmark = pytest.mark.django_db

MISSING_TEXT = {
    "expropriation_ground": "公共利益事由",
    "compensation_plan_consultation": "征收补偿方案公布征求意见",
    "consultation_results_published": "征求意见情况和根据公众意见修改的情况公布",
    "stability_assessment": "社会稳定风险评估",
    "funds_deposited": "征收补偿费用足额到位、专户存储",
}


@pytest.fixture
def gov() -> support.Bureau:
    return support.government()


@pytest.fixture
def project(gov: support.Bureau) -> expropriation.ExpropriationProject:
    return support.new_project(gov, support.housing_bureau())


def test_project_records_department_and_owners(project: expropriation.ExpropriationProject) -> None:
    assert project.expropriation_department.short_name == "区房管局"
    assert project.households.count() == 3
    assert project.case.parties.count() == 3
    assert project.case.stage == Stage.INITIATION


def test_project_needs_district_government(gov: support.Bureau) -> None:
    bureau = support.make_bureau(
        "上海市青浦区应急管理局", "区应急局", "district_department", "qp-yj"
    )
    with pytest.raises(NotPermitted, match="区人民政府"):
        register_project(
            bureau.user,
            expropriation_input(bureau, gov.agency.pk),
        )


def expropriation_input(bureau: support.Bureau, department_id: int) -> support.ProjectInput:
    return support.ProjectInput(
        name="项目",
        area_description="范围",
        expropriation_department_id=department_id,
        budgeted_compensation=Decimal("1"),
        department_id=bureau.department.pk,
        opened_on=D(2026, 1, 12),
        officer_ids=[officer.pk for officer in bureau.officers],
        households=[support.household(1)],
    )


@pytest.mark.parametrize(
    ("closes_on", "allowed"), [(D(2026, 2, 13), False), (D(2026, 2, 14), True)]
)
def test_comment_period_thirty_days(
    gov: support.Bureau,
    project: expropriation.ExpropriationProject,
    closes_on: datetime.date,
    allowed: bool,
) -> None:
    step = office("compensation_plan_consultation", at(1, 15))
    record = lambda: expropriation.record_consultation(  # noqa: E731 - called in both branches
        gov.user,
        project.case,
        step,
        published_on=D(2026, 1, 15),
        closes_on=closes_on,
        plan_summary="方案",
    )
    if allowed:
        assert record().details["comment_days"] == 30
    else:
        with pytest.raises(ValidationFailed, match="29日"):
            record()


def test_decision_with_every_precondition(
    gov: support.Bureau, project: expropriation.ExpropriationProject
) -> None:
    support.record_preconditions(gov.user, project.case)
    support.decide(gov.user, project.case)
    project.case.refresh_from_db()
    assert project.case.stage == Stage.DECISION


@pytest.mark.parametrize("skipped", sorted(MISSING_TEXT))
def test_each_missing_precondition_blocks(
    gov: support.Bureau, project: expropriation.ExpropriationProject, skipped: str
) -> None:
    # The results of the consultation cannot be published without the consultation.
    skip = {skipped, "consultation_results_published"} if "plan" in skipped else {skipped}
    support.record_preconditions(gov.user, project.case, skip=frozenset(skip))
    with pytest.raises(InvalidTransition) as raised:
        support.decide(gov.user, project.case)
    assert MISSING_TEXT[skipped] in raised.value.message
    assert f"尚缺{len(skip)}项" in raised.value.message


def test_decision_lists_every_missing(
    gov: support.Bureau, project: expropriation.ExpropriationProject
) -> None:
    with pytest.raises(InvalidTransition) as raised:
        support.decide(gov.user, project.case)
    assert "尚缺5项" in raised.value.message
    for text in MISSING_TEXT.values():
        assert text in raised.value.message


def test_funds_short_by_one_yuan(
    gov: support.Bureau, project: expropriation.ExpropriationProject
) -> None:
    step = office("funds_deposited", at(3, 2))
    with pytest.raises(ValidationFailed, match=r"尚差1\.00元"):
        expropriation.record_funds(
            gov.user,
            project.case,
            step,
            amount=Decimal("8999999.00"),
            account="专户",
            confirmed_on=D(2026, 3, 2),
        )
    row = expropriation.record_funds(
        gov.user,
        project.case,
        step,
        amount=Decimal("9000000.00"),
        account="专户",
        confirmed_on=D(2026, 3, 2),
    )
    assert row.details["amount"] == "9000000.00"


@pytest.mark.parametrize(("threshold", "blocked"), [(Decimal("3"), True), (Decimal("4"), False)])
def test_executive_meeting_threshold(
    gov: support.Bureau,
    project: expropriation.ExpropriationProject,
    threshold: Decimal,
    blocked: bool,
) -> None:
    RuleParameter.objects.filter(key=expropriation.MEETING_THRESHOLD_KEY).update(value=threshold)
    support.record_preconditions(gov.user, project.case)
    if blocked:
        with pytest.raises(InvalidTransition, match="常务会议"):
            support.decide(gov.user, project.case)
        expropriation.record_executive_meeting(
            gov.user,
            project.case,
            office("executive_meeting", at(3, 3)),
            meeting_on=D(2026, 3, 3),
            session="第20次常务会议",
            conclusion="同意作出房屋征收决定",
        )
    support.decide(gov.user, project.case)


@pytest.mark.parametrize(("objecting", "needs_hearing"), [(1, False), (2, True)])
def test_old_town_hearing_when_majority_objects(
    gov: support.Bureau,
    project: expropriation.ExpropriationProject,
    objecting: int,
    needs_hearing: bool,
) -> None:
    support.record_preconditions(
        gov.user, project.case, skip=frozenset({"consultation_results_published"})
    )
    expropriation.record_consultation_results(
        gov.user,
        project.case,
        office("consultation_results_published", at(2, 24)),
        published_on=D(2026, 2, 24),
        comment_count=3,
        objecting_owners=objecting,
        changes="无",
    )
    if needs_hearing:
        with pytest.raises(InvalidTransition, match="听证会"):
            support.decide(gov.user, project.case)
    else:
        support.decide(gov.user, project.case)


def test_annual_plan_needed_for_old_town(
    gov: support.Bureau, project: expropriation.ExpropriationProject
) -> None:
    with pytest.raises(ValidationFailed, match="年度计划"):
        expropriation.record_ground(
            gov.user,
            project.case,
            office("expropriation_ground", at(1, 13)),
            ground="old_town_renovation",
            plan_conformity="符合规划",
            in_annual_plan=False,
        )


def test_announcement_needs_plan(
    gov: support.Bureau, project: expropriation.ExpropriationProject
) -> None:
    support.record_preconditions(gov.user, project.case)
    support.decide(gov.user, project.case)
    with pytest.raises(ValidationFailed, match="补偿方案"):
        expropriation.announce_decision(
            gov.user,
            project.case,
            office("expropriation_announcement", at(3, 6)),
            announced_on=D(2026, 3, 6),
            places="公告栏",
            plan_attached=False,
            remedy_channels="复议或诉讼",
        )


def test_preconditions_are_steps_of_investigation() -> None:
    from zhifa.cases.stages import procedure_for

    procedure = procedure_for("housing_expropriation")
    assert all(procedure.steps[code].stage == Stage.INVESTIGATION for code in PRECONDITION_STEPS)

"""The demo housing expropriation: an old-town block of 朱家角镇 decided by the district
government, from registration to a compensation decision and a court application.

Dates count back from the day of loading; every step goes through the real actions. The
addresses, owners and amounts are invented.
"""

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases import actions as case_actions
from zhifa.cases.actions import StepInput
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.models import PartyKind
from zhifa.levies import rules
from zhifa.levies.actions import expropriation, households
from zhifa.levies.actions.projects import HouseholdInput, ProjectInput, register_project
from zhifa.levies.demo_people import Team, person_id, person_name
from zhifa.levies.models import ExpropriationProject, Household
from zhifa.review import demo as review_demo

SHANGHAI = ZoneInfo("Asia/Shanghai")
PROJECT_NAME = "朱家角镇西井街旧区改建项目（演示）"
HOUSEHOLDS = 30
# Households that sign an agreement; one of the rest gets a compensation decision.
SIGNING = 24
UNIT_VALUE = Decimal("52000")  # Invented market value per square metre, in yuan.


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)


def step(code: str, day: datetime.date, summary: str) -> StepInput:
    return StepInput(step=code, occurred_at=at(day), summary=summary)


def _household(index: int) -> HouseholdInput:
    generator = random.Random(f"levies-household-{index}")  # noqa: S311 - reproducible demo data
    lane = 10 + index // 6
    address = f"上海市青浦区朱家角镇西井街{lane}弄{index % 6 + 1}号"
    return HouseholdInput(
        number=f"XJ-{index:03d}",
        owner=case_actions.PartyInput(
            kind=PartyKind.NATURAL_PERSON,
            name=person_name(generator),
            id_number=person_id(generator),
            address=address,
        ),
        address=address,
        floor_area=Decimal(generator.randrange(3200, 9800)) / 100,
    )


def project_exists() -> bool:
    return ExpropriationProject.objects.filter(name=PROJECT_NAME).exists()


def load_project(team: Team, today: datetime.date) -> ExpropriationProject:
    """Register the project 330 days ago and carry it through to the court application."""
    start = today - datetime.timedelta(days=330)
    department = Agency.objects.get(short_name="区房管局")
    rows = [_household(index) for index in range(1, HOUSEHOLDS + 1)]
    budget = sum((row.floor_area * UNIT_VALUE * Decimal("1.15") for row in rows), Decimal("0"))
    project = register_project(
        team.user,
        ProjectInput(
            name=PROJECT_NAME,
            area_description="西井街以北、漕河街以东、放生桥路以西地块（演示）",
            expropriation_department_id=department.pk,
            budgeted_compensation=budget.quantize(Decimal("1")),
            department_id=team.department.pk,
            opened_on=start,
            officer_ids=[officer.pk for officer in team.officers],
            households=rows,
        ),
    )
    _preconditions(team.user, project, start)
    _compensation(team.user, project, start + datetime.timedelta(days=43), today)
    return project


def _preconditions(user: User, project: ExpropriationProject, start: datetime.date) -> None:
    case = project.case

    def day(offset: int) -> datetime.date:
        return start + datetime.timedelta(days=offset)

    expropriation.record_ground(
        user,
        case,
        step("expropriation_ground", day(1), "确定旧城区改建公共利益事由"),
        ground="old_town_renovation",
        plan_conformity="符合青浦区国土空间总体规划、朱家角镇控制性详细规划和历史文化风貌区保护规划",
        in_annual_plan=True,
    )
    expropriation.record_consultation(
        user,
        case,
        step("compensation_plan_consultation", day(3), "公布征收补偿方案征求意见"),
        published_on=day(3),
        closes_on=day(33),
        plan_summary="货币补偿或房屋产权调换；评估单价不低于同区域类似房地产市场价格；另付搬迁费、临时安置费",
    )
    expropriation.record_consultation_results(
        user,
        case,
        step("consultation_results_published", day(36), "公布征求意见情况和修改情况"),
        published_on=day(36),
        comment_count=11,
        objecting_owners=4,
        changes="提高临时安置费标准，增加产权调换房源",
    )
    expropriation.record_stability_assessment(
        user,
        case,
        step("stability_assessment", day(38), "完成社会稳定风险评估"),
        completed_on=day(38),
        risk_level="low",
        conclusion="多数被征收人支持，风险等级低，可以实施",
    )
    expropriation.record_funds(
        user,
        case,
        step("funds_deposited", day(40), "补偿资金足额存入专户"),
        amount=project.budgeted_compensation,
        account="青浦区房屋征收补偿资金专户（演示）",
        confirmed_on=day(40),
    )
    review_demo.pass_review(case, "expropriation_decision", user)
    expropriation.decide_expropriation(
        user,
        case,
        step("expropriation_decision", day(42), "作出房屋征收决定"),
        decided_on=day(42),
        decision_number=f"青府征〔{day(42).year}〕1号（演示）",
        scope="西井街以北、漕河街以东、放生桥路以西地块",
        signing_deadline=day(87),
    )
    expropriation.announce_decision(
        user,
        case,
        step("expropriation_announcement", day(43), "公告房屋征收决定"),
        announced_on=day(43),
        places="征收范围内公告栏、青浦区人民政府网站",
        plan_attached=True,
        remedy_channels="自公告之日起六十日内向上海市人民政府申请行政复议，或六个月内向上海铁路运输法院提起行政诉讼",
    )


def _compensation(
    user: User, project: ExpropriationProject, announced: datetime.date, today: datetime.date
) -> None:
    case = project.case
    rows = list(project.households.order_by("number"))
    for row in rows:
        households.record_valuation(
            user,
            case,
            step(
                "household_valuation",
                announced + datetime.timedelta(days=12),
                f"户号{row.number}评估",
            ),
            household=row.number,
            valuation_firm="上海淀湖房地产估价有限公司（演示）",
            value=(row.floor_area * UNIT_VALUE).quantize(Decimal("0.01")),
            value_date=announced,
            reported_on=announced + datetime.timedelta(days=12),
        )
    for index, row in enumerate(rows[:SIGNING]):
        signed = announced + datetime.timedelta(days=17 + index)
        row.refresh_from_db()
        households.record_agreement(
            user,
            case,
            step("compensation_agreement", signed, f"户号{row.number}签订补偿协议"),
            household=row.number,
            signed_on=signed,
            method="cash" if index % 4 else "property_exchange",
            amount=(row.valuation or Decimal("0")) * Decimal("1.05"),
            move_deadline=signed + datetime.timedelta(days=30),
        )
        if index % 3 != 2:
            households.record_move_out(
                user,
                case,
                step(
                    "household_moved_out",
                    signed + datetime.timedelta(days=20),
                    f"户号{row.number}搬迁",
                ),
                household=row.number,
                moved_on=signed + datetime.timedelta(days=20),
            )
    _decision_and_court(user, project, rows[SIGNING], announced, today)


def _decision_and_court(
    user: User,
    project: ExpropriationProject,
    row: Household,
    announced: datetime.date,
    today: datetime.date,
) -> None:
    case = project.case
    number = row.number
    decided = announced + datetime.timedelta(days=52)
    served = decided + datetime.timedelta(days=2)
    households.decide_compensation(
        user,
        case,
        step("compensation_decision", decided, f"户号{number}签约期限内未达成协议，作出补偿决定"),
        household=number,
        decided_on=decided,
        method="cash",
        amount=(row.floor_area * UNIT_VALUE).quantize(Decimal("0.01")),
        move_deadline=served + datetime.timedelta(days=30),
        published_in_area_on=decided + datetime.timedelta(days=1),
        served_on=served,
    )
    published = decided + datetime.timedelta(days=5)
    households.publish_results(
        user,
        case,
        step("compensation_results_published", published, "在征收范围内公布分户补偿情况"),
        published_on=published,
        places="征收范围内公告栏",
    )
    applied = rules.remedy_periods_end(served, CALENDAR) + datetime.timedelta(days=10)
    if applied > today:
        return
    households.apply_to_court(
        user,
        case,
        step("court_move_application", applied, f"户号{number}逾期未搬迁，申请人民法院强制执行"),
        household=number,
        applied_on=applied,
        court="上海市青浦区人民法院",
        demand_served_on=applied - datetime.timedelta(days=30),
    )

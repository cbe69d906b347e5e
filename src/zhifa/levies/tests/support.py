"""Helpers of the levies tests: a district government with an expropriation project, and an
emergency bureau for levies and requisitions, all made through the real actions."""

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency, AgencyKind, Department, EnforcementDomain, Officer
from zhifa.cases import actions
from zhifa.cases.actions import StepInput
from zhifa.cases.models import Case, CaseKind
from zhifa.cases.tests.steps_support import at, make_officer, make_uscc, person_id
from zhifa.levies.actions import expropriation
from zhifa.levies.actions import households as household_actions
from zhifa.levies.actions.projects import HouseholdInput, ProjectInput, register_project
from zhifa.levies.models import ExpropriationProject
from zhifa.review.tests.support import pass_review

D = datetime.date
VALUE = Decimal("3000000.00")
_numbers = itertools.count(200)


@dataclass
class Bureau:
    agency: Agency
    user: User
    department: Department
    officers: list[Officer]


def make_bureau(name: str, short_name: str, kind: str, username: str) -> Bureau:
    agency = Agency.objects.create(name=name, short_name=short_name, kind=kind)
    department = Department.objects.create(agency=agency, name="业务科", handles_penalty=True)
    user = User.objects.create_user(
        username=username, password=None, agency=agency, full_name=f"{short_name}负责人"
    )
    user.groups.add(Group.objects.get(name=Role.AGENCY_HEAD))
    domain, _ = EnforcementDomain.objects.get_or_create(code="city", defaults={"name": "城市管理"})
    officers = [make_officer(user, agency, f"{short_name}{n}", domain) for n in ("甲", "乙")]
    return Bureau(agency, user, department, officers)


def government() -> Bureau:
    return make_bureau("上海市青浦区人民政府", "区政府", AgencyKind.DISTRICT_GOVERNMENT, "qp-gov")


def housing_bureau() -> Agency:
    return Agency.objects.create(
        name="上海市青浦区房屋管理局", short_name="区房管局", kind=AgencyKind.DISTRICT_DEPARTMENT
    )


def owner(index: int) -> actions.PartyInput:
    return actions.PartyInput(
        kind="natural_person",
        name=f"业主{index:02d}",
        id_number=person_id(index, "19700101"),
        address=f"上海市青浦区朱家角镇西湖街{index}号",
    )


def household(index: int) -> HouseholdInput:
    return HouseholdInput(
        number=f"{index:03d}",
        owner=owner(index),
        address=f"朱家角镇西湖街{index}号",
        floor_area=Decimal("60.50"),
    )


def new_project(bureau: Bureau, department: Agency, households: int = 3) -> ExpropriationProject:
    return register_project(
        bureau.user,
        ProjectInput(
            name="朱家角镇西湖街旧区改建项目",
            area_description="西湖街以东、漕平路以西地块",
            expropriation_department_id=department.pk,
            budgeted_compensation=Decimal("9000000.00"),
            department_id=bureau.department.pk,
            opened_on=D(2026, 1, 12),
            officer_ids=[officer.pk for officer in bureau.officers],
            households=[household(index) for index in range(1, households + 1)],
        ),
    )


def office(code: str, when: datetime.datetime, summary: str = "办理记录") -> StepInput:
    return StepInput(step=code, occurred_at=when, summary=summary)


def record_preconditions(user: User, case: Case, *, skip: frozenset[str] = frozenset()) -> None:
    """Record every precondition except ``skip``; the plan is commented on for 30 days."""
    if "expropriation_ground" not in skip:
        expropriation.record_ground(
            user,
            case,
            office("expropriation_ground", at(1, 13)),
            ground="old_town_renovation",
            plan_conformity="符合青浦区国土空间总体规划和朱家角镇控制性详细规划",
            in_annual_plan=True,
        )
    if "compensation_plan_consultation" not in skip:
        expropriation.record_consultation(
            user,
            case,
            office("compensation_plan_consultation", at(1, 15)),
            published_on=D(2026, 1, 15),
            closes_on=D(2026, 2, 14),
            plan_summary="货币补偿或房屋产权调换，评估单价不低于同区域类似房地产市场价格",
        )
    if "consultation_results_published" not in skip:
        expropriation.record_consultation_results(
            user,
            case,
            office("consultation_results_published", at(2, 24)),
            published_on=D(2026, 2, 24),
            comment_count=5,
            objecting_owners=0,
            changes="提高临时安置费标准",
        )
    if "stability_assessment" not in skip:
        expropriation.record_stability_assessment(
            user,
            case,
            office("stability_assessment", at(2, 26)),
            completed_on=D(2026, 2, 26),
            risk_level="low",
            conclusion="风险可控，可以实施",
        )
    if "funds_deposited" not in skip:
        expropriation.record_funds(
            user,
            case,
            office("funds_deposited", at(3, 2)),
            amount=Decimal("9000000.00"),
            account="区征收补偿资金专户（农业银行青浦支行）",
            confirmed_on=D(2026, 3, 2),
        )


DECIDED_AT = at(3, 5)


def decide(
    user: User, case: Case, when: datetime.datetime = DECIDED_AT, *, review: bool = True
) -> None:
    """Make the expropriation decision, passing its legal review first unless ``review`` is off."""
    if review:
        pass_review(case, "expropriation_decision", user)
    expropriation.decide_expropriation(
        user,
        case,
        office("expropriation_decision", when),
        decided_on=when.date(),
        decision_number="青府征〔2026〕1号",
        scope="西湖街以东、漕平路以西地块",
        signing_deadline=D(2026, 4, 5),
    )


def announce(user: User, case: Case) -> None:
    expropriation.announce_decision(
        user,
        case,
        office("expropriation_announcement", at(3, 6)),
        announced_on=D(2026, 3, 6),
        places="征收范围内公告栏、区政府网站",
        plan_attached=True,
        remedy_channels="六十日内向上海市人民政府申请行政复议，或六个月内向人民法院提起行政诉讼",
    )


def open_case_of(bureau: Bureau, kind: str, party_index: int) -> Case:
    party = actions.find_or_register_party(
        bureau.user,
        actions.PartyInput(
            kind="legal_person",
            name=f"上海青浦仓储有限公司{party_index}",
            uscc=make_uscc(f"MA1FL{party_index:03d}"),
            address="上海市青浦区华新镇华腾路1号",
        ),
    ).party
    return actions.open_case(
        bureau.user,
        actions.CaseInput(
            kind=kind,
            title="征用仓库案" if kind == CaseKind.REQUISITION else "征收费用案",
            department_id=bureau.department.pk,
            opened_on=D(2026, 7, 1),
            party_ids=[party.pk],
            officer_ids=[officer.pk for officer in bureau.officers],
        ),
    )


def agree(gov: Bureau, project: ExpropriationProject, number: str, amount: Decimal) -> None:
    household_actions.record_agreement(
        gov.user,
        project.case,
        office("compensation_agreement", at(3, 20)),
        household=number,
        signed_on=D(2026, 3, 20),
        method="cash",
        amount=amount,
        move_deadline=D(2026, 4, 20),
    )


def decide_for(gov: Bureau, project: ExpropriationProject, number: str, day: datetime.date) -> None:
    household_actions.decide_compensation(
        gov.user,
        project.case,
        office("compensation_decision", at(day.month, day.day)),
        household=number,
        decided_on=day,
        method="cash",
        amount=VALUE,
        move_deadline=D(2026, 4, 30),
        published_in_area_on=day,
        served_on=D(2026, 4, 13),
    )

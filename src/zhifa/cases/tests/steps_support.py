"""Helpers of the stage, rule and action tests: a calendar, officers, parties and a case timeline.

Every object is made through the real actions of the agencies, catalog and cases apps.
"""

import datetime
import itertools
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from zhifa.accounts.models import User
from zhifa.agencies import actions as agency_actions
from zhifa.agencies.models import (
    Agency,
    CredentialEventKind,
    Department,
    EnforcementDomain,
    Officer,
)
from zhifa.cases import actions
from zhifa.cases.models import Case, CaseKind, Party
from zhifa.catalog.actions import PowerItemContent, create_power_item
from zhifa.catalog.models import PowerCategory, PowerItem
from zhifa.core.identifiers import id_check_char
from zhifa.core.models import CalendarYear

SHANGHAI = ZoneInfo("Asia/Shanghai")


class WeekdayCalendar:
    """A calendar without holidays: Monday to Friday are working days."""

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        day, counted = start, 0
        while counted < days:
            day += datetime.timedelta(days=1)
            if day.weekday() < 5:
                counted += 1
        return day

    def add_calendar_days(self, start: datetime.date, days: int) -> datetime.date:
        day = start + datetime.timedelta(days=days)
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        return day


def at(month: int, day: int, hour: int = 10, year: int = 2026) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=SHANGHAI)


def person_id(sequence: int, born: str = "19850312") -> str:
    first17 = "310118" + born + f"{sequence % 100:02d}1"
    return first17 + id_check_char(first17)


def cover_next_year() -> None:
    """Load 2027 without holidays, so 90-day periods from late 2026 can be computed."""
    CalendarYear.objects.get_or_create(year=2027, defaults={"source": "测试：仅按周末计算"})


@dataclass
class World:
    """One agency's people and lists, ready to open cases."""

    agency: Agency
    head: User
    officer_user: User
    department: Department
    domain: EnforcementDomain
    power_item: PowerItem
    officers: list[Officer]
    presiding: Officer
    uncredentialed: Officer
    party: Party


_sequence = itertools.count(10)


def make_officer(
    head: User, agency: Agency, name: str, domain: EnforcementDomain | None
) -> Officer:
    officer = agency_actions.create_officer(
        head,
        agency,
        agency_actions.OfficerInput(
            full_name=name, gender="male", id_number=person_id(next(_sequence))
        ),
    )
    if domain is None:
        return officer
    on = datetime.date(2026, 1, 5)
    # The credential's domains are set when it is applied for.
    agency_actions.record_credential_event(
        head,
        officer,
        agency_actions.CredentialEventInput(
            kind=CredentialEventKind.APPLIED, occurred_on=on, domain_ids=[domain.pk]
        ),
    )
    agency_actions.record_credential_event(
        head,
        officer,
        agency_actions.CredentialEventInput(kind=CredentialEventKind.EXAM_PASSED, occurred_on=on),
    )
    agency_actions.record_credential_event(
        head,
        officer,
        agency_actions.CredentialEventInput(
            kind=CredentialEventKind.ISSUED,
            occurred_on=on,
            number=f"31{next(_sequence):06d}",
            valid_from=on,
            valid_until=datetime.date(2029, 1, 4),
        ),
    )
    return officer


def build_world(agency: Agency, head: User, officer_user: User, prefix: str = "") -> World:
    domain, _ = EnforcementDomain.objects.get_or_create(code="city", defaults={"name": "城市管理"})
    item = create_power_item(
        head,
        agency,
        f"{prefix}CG-001",
        PowerItemContent(
            name="擅自占用道路堆放物料的处罚",
            category=PowerCategory.PENALTY,
            legal_basis="《上海市市容环境卫生管理条例》第四十九条",
            domain=domain,
        ),
        effective_from=datetime.date(2026, 1, 1),
    )
    officers = [make_officer(head, agency, f"{prefix}执法{n}", domain) for n in ("甲", "乙")]
    presiding = make_officer(head, agency, f"{prefix}主持人", domain)
    uncredentialed = make_officer(head, agency, f"{prefix}无证", None)
    party = actions.find_or_register_party(
        officer_user,
        actions.PartyInput(
            kind="natural_person",
            name="张三",
            id_number=person_id(7, "19900101"),
            address="上海市青浦区朱家角镇新风路1号",
        ),
    ).party
    department = Department.objects.get(agency=agency, handles_penalty=True)
    return World(
        agency,
        head,
        officer_user,
        department,
        domain,
        item,
        officers,
        presiding,
        uncredentialed,
        party,
    )


def open_ordinary(world: World, user: User | None = None, **overrides: Any) -> Case:
    data = actions.CaseInput(
        kind=CaseKind.PENALTY_ORDINARY,
        title="擅自占用道路堆放物料案",
        department_id=world.department.pk,
        opened_on=datetime.date(2026, 10, 12),
        party_ids=[world.party.pk],
        officer_ids=[officer.pk for officer in world.officers],
        power_item_ids=[world.power_item.pk],
        violation_date=datetime.date(2026, 10, 10),
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return actions.open_case(user or world.officer_user, data)


def on_site(
    world: World, step: str, when: datetime.datetime, **overrides: Any
) -> actions.StepInput:
    data = actions.StepInput(
        step=step,
        occurred_at=when,
        summary="现场检查发现当事人在道路上堆放建筑材料",
        place="朱家角镇新风路1号门前",
        officer_ids=[officer.pk for officer in world.officers],
        credential_shown=True,
        uniform_worn=True,
        grounds_told=True,
        basis_told=True,
        rights_told=True,
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def office(step: str, when: datetime.datetime, summary: str = "办理记录") -> actions.StepInput:
    return actions.StepInput(step=step, occurred_at=when, summary=summary)


def default_penalty() -> actions.PenaltyInput:
    return actions.PenaltyInput(types=["fine"], fine="2000")


def notice_input(served_on: datetime.date, **overrides: Any) -> actions.PriorNoticeInput:
    data = actions.PriorNoticeInput(
        facts="当事人于2026年10月10日擅自占用道路堆放建筑材料",
        grounds="违反市容环境卫生管理规定",
        legal_basis="《上海市市容环境卫生管理条例》第二十条、第四十九条",
        penalty=default_penalty(),
        served_on=served_on,
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def decision_input(decided_on: datetime.date, **overrides: Any) -> actions.DecisionInput:
    data = actions.DecisionInput(
        decided_on=decided_on,
        facts_and_evidence="现场检查笔录、询问笔录、现场照片证明当事人擅自占用道路堆放物料",
        penalty=default_penalty(),
        penalty_basis="《上海市市容环境卫生管理条例》第四十九条",
        performance_manner="到指定银行或通过电子支付缴纳罚款",
        performance_deadline=decided_on + datetime.timedelta(days=20),
        remedy_channels="向上海市青浦区人民政府申请行政复议，或向上海市青浦区人民法院提起行政诉讼",
        remedy_deadlines="收到本决定书之日起六十日内申请行政复议，或六个月内提起行政诉讼",
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def advance_to_decision(world: World, case: Case) -> Case:
    """Record filing approval, an inquiry and the investigation report; the case is at review."""
    actions.record_step(world.head, case, office("filing_approval", at(10, 12, 15), "同意立案"))
    actions.record_step(world.officer_user, case, on_site(world, "inquiry_record", at(10, 13)))
    actions.record_step(
        world.officer_user, case, office("investigation_report", at(10, 26), "调查终结")
    )
    case.refresh_from_db()
    return case


def advance_to_service(world: World, case: Case) -> Case:
    """Continue to a decision issued on 5 November 2026 (prior notice served 28 October)."""
    advance_to_decision(world, case)
    actions.give_prior_notice(
        world.officer_user,
        case,
        office("prior_notice", at(10, 28)),
        notice_input(datetime.date(2026, 10, 28)),
    )
    actions.issue_decision(
        world.head,
        case,
        office("penalty_decision", at(11, 5)),
        decision_input(datetime.date(2026, 11, 5)),
    )
    case.refresh_from_db()
    return case


def make_uscc(org_body: str = "MA1FL8XQ") -> str:
    """Build a valid unified social credit code for Qingpu (310118) around an organisation code."""
    from zhifa.core.identifiers import org_code_check_char, uscc_check_char

    first17 = "91310118" + org_body + org_code_check_char(org_body)
    return first17 + uscc_check_char(first17)

"""Helpers of the licensing tests: an agency with a licence item, and a case at each stage.

Everything is made through the real actions, and dates fall on the platform's 2026 calendar.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency, Officer
from zhifa.cases import actions as case_actions
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.cases.tests.steps_support import SHANGHAI, World, build_world, make_officer
from zhifa.catalog.actions import PowerItemContent, create_power_item
from zhifa.catalog.models import PowerCategory, PowerItem
from zhifa.licensing import actions
from zhifa.review.tests.support import pass_review

RECEIVED = datetime.date(2026, 9, 1)


@dataclass
class LicensingWorld:
    base: World
    item: PowerItem
    reviewer: Officer

    @property
    def officer_user(self) -> User:
        return self.base.officer_user

    @property
    def head(self) -> User:
        return self.base.head


def build(agency: Agency, head: User, officer_user: User, prefix: str = "") -> LicensingWorld:
    base = build_world(agency, head, officer_user, prefix)
    item = create_power_item(
        head,
        agency,
        f"{prefix}XK-001",
        PowerItemContent(
            name="食品经营许可",
            category=PowerCategory.LICENSE,
            legal_basis="《中华人民共和国食品安全法》第三十五条",
            domain=base.domain,
        ),
        effective_from=datetime.date(2026, 1, 1),
    )
    reviewer = make_officer(head, agency, f"{prefix}审查员", base.domain)
    return LicensingWorld(base, item, reviewer)


def when(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def wd(start: datetime.date, days: int) -> datetime.date:
    return CALENDAR.add_working_days(start, days)


def step(
    code: str, day: datetime.date, summary: str = "办理记录", **overrides: Any
) -> case_actions.StepInput:
    data = case_actions.StepInput(step=code, occurred_at=when(day), summary=summary)
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def open_licensing(world: LicensingWorld, opened_on: datetime.date = RECEIVED) -> Case:
    return case_actions.open_case(
        world.officer_user,
        case_actions.CaseInput(
            kind=CaseKind.LICENSING,
            title="张三申请食品经营许可",
            department_id=world.base.department.pk,
            opened_on=opened_on,
            party_ids=[world.base.party.pk],
            officer_ids=[officer.pk for officer in world.base.officers],
            power_item_ids=[world.item.pk],
        ),
    )


def apply(
    world: LicensingWorld, case: Case, received: datetime.date = RECEIVED, commitment: bool = False
) -> CaseStep:
    return actions.record_application(
        world.officer_user,
        case,
        step("license_application", received),
        received_on=received,
        materials="食品经营许可申请书\n营业执照复印件",
        commitment_based=commitment,
    )


def accept(world: LicensingWorld, case: Case, day: datetime.date = RECEIVED) -> CaseStep:
    return actions.decide_acceptance(
        world.officer_user,
        case,
        step("acceptance_decision", day),
        outcome="accepted",
        decided_on=day,
        reasons="",
        remedy_channels="",
    )


def review(world: LicensingWorld, case: Case, day: datetime.date) -> CaseStep:
    return actions.record_review(
        world.officer_user,
        case,
        step("license_review", day, officer_ids=[world.reviewer.pk]),
        opinion="材料齐全，符合法定形式",
    )


def decide(
    world: LicensingWorld,
    case: Case,
    day: datetime.date,
    outcome: str = "granted",
    *,
    review: bool = True,
) -> CaseStep:
    """Decide the licence, passing its legal review first (when major) unless ``review`` is off."""
    if review:
        pass_review(case, "license_decision", world.head)
    return actions.decide_license(
        world.head,
        case,
        step("license_decision", day),
        outcome=outcome,
        decided_on=day,
        content="经营项目：预包装食品销售" if outcome == "granted" else "",
        legal_basis="《中华人民共和国食品安全法》第三十五条",
        reasons="经营场所不符合食品安全要求" if outcome == "refused" else "",
        remedy_channels="可以申请行政复议或者提起行政诉讼" if outcome == "refused" else "",
    )


def accepted_case(world: LicensingWorld, commitment: bool = False) -> Case:
    case = open_licensing(world)
    apply(world, case, commitment=commitment)
    accept(world, case)
    return case


def granted_case(world: LicensingWorld, commitment: bool = False) -> Case:
    case = accepted_case(world, commitment)
    review(world, case, wd(RECEIVED, 3))
    decide(world, case, wd(RECEIVED, 10))
    return case


def issue(
    world: LicensingWorld, case: Case, day: datetime.date, number: str = "JY13101180000001"
) -> CaseStep:
    return actions.issue_licence(
        world.officer_user,
        case,
        step("license_issued", day),
        licence_number=number,
        certificate_name="食品经营许可证",
        license_type="general",
        valid_from=day,
        valid_to=datetime.date(2031, 9, 14),
        scope="预包装食品销售（含冷藏冷冻食品）",
        issued_on=day,
    )

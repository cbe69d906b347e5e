"""The demo users and officers that handle the levies demo cases of one agency."""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies import actions as agency_actions
from zhifa.agencies.models import (
    Agency,
    CredentialEventKind,
    Department,
    EnforcementDomain,
    Officer,
)
from zhifa.core.identifiers import id_check_char
from zhifa.demo.people import GIVEN_CHARACTERS, QINGPU_AREA_CODE, SURNAMES


@dataclass
class Team:
    """The people of one agency's demo cases: a user who may also approve, and two officers."""

    agency: Agency
    department: Department
    user: User
    officers: list[Officer]


def person_name(generator: random.Random) -> str:
    given = "".join(generator.choice(GIVEN_CHARACTERS) for _ in range(generator.choice([1, 2])))
    return generator.choice(SURNAMES) + given


def person_id(generator: random.Random) -> str:
    born = datetime.date(1955, 1, 1) + datetime.timedelta(days=generator.randrange(0, 16000))
    first17 = f"{QINGPU_AREA_CODE}{born:%Y%m%d}{generator.randrange(0, 1000):03d}"
    return first17 + id_check_char(first17)


def demo_user(agency: Agency, department: Department) -> User:
    username = f"demo-levies-{agency.pk}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=None,
            full_name=f"{agency.short_name}征收征用经办负责人（演示）",
            agency=agency,
            department=department,
        )
        user.groups.add(Group.objects.get(name=Role.AGENCY_HEAD))
    return user


def eligible_officers(agency: Agency, since: datetime.date, until: datetime.date) -> list[Officer]:
    """Return active officers whose credential is active from ``since`` through ``until``."""
    officers = []
    for officer in Officer.objects.filter(agency=agency, is_active=True).order_by("pk"):
        credential = officer.current_credential()
        if (
            credential is not None
            and credential.valid_from is not None
            and credential.valid_until is not None
            and credential.valid_from <= since
            and credential.valid_until >= until
        ):
            officers.append(officer)
    return officers


def add_officers(user: User, agency: Agency, issued_on: datetime.date, count: int) -> None:
    """Register officers with credentials issued on ``issued_on`` for an agency that has none."""
    domain = EnforcementDomain.objects.filter(code="expropriation").first()
    for index in range(count):
        # Seeded on purpose: the demo data must be the same on every load.
        generator = random.Random(f"levies-officer-{agency.pk}-{index}")  # noqa: S311
        id_number = person_id(generator)
        officer = agency_actions.create_officer(
            user,
            agency,
            agency_actions.OfficerInput(
                full_name=person_name(generator),
                # The 17th digit of the ID number is odd for men (GB 11643).
                gender="male" if int(id_number[16]) % 2 else "female",
                id_number=id_number,
                post="房屋征收工作人员",
                domain_ids=[domain.pk] if domain else [],
            ),
        )
        events = (
            agency_actions.CredentialEventInput(
                kind=CredentialEventKind.APPLIED,
                occurred_on=issued_on - datetime.timedelta(days=40),
                domain_ids=[domain.pk] if domain else [],
            ),
            agency_actions.CredentialEventInput(
                kind=CredentialEventKind.EXAM_PASSED,
                occurred_on=issued_on - datetime.timedelta(days=10),
            ),
            agency_actions.CredentialEventInput(
                kind=CredentialEventKind.ISSUED,
                occurred_on=issued_on,
                number=f"311809{agency.pk:02d}{index:02d}",
                valid_from=issued_on,
                valid_until=issued_on + datetime.timedelta(days=365 * 3),
                issuing_authority="上海市人民政府",
            ),
        )
        for event in events:
            agency_actions.record_credential_event(user, officer, event)


def team_for(
    short_name: str, since: datetime.date, today: datetime.date, *, create: bool = False
) -> Team | None:
    """Return an agency's team, or None without two officers credentialed since ``since``.

    With ``create``, an agency without such officers (the district government) gets two.
    """
    agency = Agency.objects.filter(short_name=short_name).first()
    if agency is None:
        return None
    departments = Department.objects.filter(agency=agency).order_by("-handles_levy", "pk")
    department = departments.filter(is_legal_department=False).first()
    if department is None:
        department = Department.objects.create(
            agency=agency, name="征收征用办公室", handles_levy=True
        )
    user = demo_user(agency, department)
    officers = eligible_officers(agency, since, today)
    if len(officers) < 2 and create:
        add_officers(user, agency, since - datetime.timedelta(days=30), 2)
        officers = eligible_officers(agency, since, today)
    if len(officers) < 2:
        return None
    return Team(agency, department, user, officers[:2])

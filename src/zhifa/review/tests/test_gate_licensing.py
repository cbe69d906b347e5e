"""The decision gate on licensing decisions and on annulling a licence."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.agencies.models import JudicialOffice
from zhifa.cases import actions as case_actions
from zhifa.cases.models import Case, CaseKind
from zhifa.core.errors import InvalidTransition
from zhifa.licensing import actions as licensing_actions
from zhifa.licensing.models import Licence
from zhifa.licensing.tests import support
from zhifa.licensing.tests.support import RECEIVED, LicensingWorld, step, wd
from zhifa.review.actions import catalogs as catalog_actions
from zhifa.review.gate import decision_blocker
from zhifa.review.tests.support import approve_review, link_reviewer, no_pdf

__all__ = ["no_pdf"]  # fixtures used by name

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 2)


@pytest.fixture
def world(agency_a: Any, agency_head_user: User, officer_user: User) -> LicensingWorld:
    return support.build(agency_a, agency_head_user, officer_user)


@pytest.fixture
def office_reviewer(
    world: LicensingWorld, judicial_office: JudicialOffice, judicial_office_user: User
) -> User:
    link_reviewer(world.head, world.base.agency, judicial_office_user, "王司法")
    return judicial_office_user


def list_licensing_in_catalog(world: LicensingWorld, bureau: User) -> None:
    """File and accept a catalog that lists every licensing decision of the agency (rule 8)."""
    today = timezone.localdate()
    catalog = catalog_actions.create_catalog(world.head, world.base.agency.pk, effective_from=today)
    catalog_actions.add_entry(
        world.head,
        catalog.pk,
        catalog_actions.EntryInput(
            decision_kind="licensing", description="食品经营许可决定", applies_to_all=True
        ),
    )
    catalog_actions.file_catalog(world.head, catalog.pk)
    catalog_actions.accept_catalog(bureau, catalog.pk)


def test_licensing_decision_in_catalog(
    world: LicensingWorld, office_reviewer: User, supervisor_user: User, no_pdf: None
) -> None:
    list_licensing_in_catalog(world, supervisor_user)
    case = support.accepted_case(world)
    support.review(world, case, wd(RECEIVED, 3))

    with pytest.raises(InvalidTransition) as refused:
        support.decide(world, case, wd(RECEIVED, 10), review=False)
    assert "重大执法决定" in refused.value.message

    approve_review(case, world.officer_user, office_reviewer, decision="license_decision")
    support.decide(world, case, wd(RECEIVED, 10), review=False)
    assert case.steps.filter(step="license_decision").exists()


def open_annulment(world: LicensingWorld) -> Case:
    granted = support.granted_case(world)
    support.issue(world, granted, wd(RECEIVED, 11))
    licence = Licence.objects.get(case=granted)
    case = case_actions.open_case(
        world.officer_user,
        case_actions.CaseInput(
            kind=CaseKind.LICENSE_DISPOSAL,
            title=f"{licence.number}许可证件后续处理",
            department_id=world.base.department.pk,
            opened_on=DAY,
            party_ids=[licence.holder_id],
            officer_ids=[officer.pk for officer in world.base.officers],
            power_item_ids=[world.item.pk],
        ),
    )
    licensing_actions.select_licence(
        world.officer_user, case, step("disposal_licence", DAY), licence_number=licence.number
    )
    case_actions.record_step(
        world.officer_user, case, step("disposal_investigation", DAY, "核实被许可人情况")
    )
    return case


def annul(world: LicensingWorld, case: Case) -> None:
    licensing_actions.decide_disposal(
        world.head,
        case,
        step("disposal_decision", DAY),
        disposal_kind="license_annulment",
        decided_on=DAY,
        grounds="经调查核实，被许可人以欺骗手段取得许可",
        legal_basis="《中华人民共和国行政许可法》第六十九条",
        annulment_ground="fraud",
        damages="0",
    )


def test_annulment_blocked_then_released(
    world: LicensingWorld, office_reviewer: User, no_pdf: None
) -> None:
    case = open_annulment(world)
    decision = "disposal_decision:license_annulment"

    blocker = decision_blocker(case, decision)
    assert blocker is not None
    with pytest.raises(InvalidTransition):
        annul(world, case)

    approve_review(case, world.officer_user, office_reviewer, decision=decision)
    annul(world, case)
    assert case.steps.filter(step="disposal_decision").exists()

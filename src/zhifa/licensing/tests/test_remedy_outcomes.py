"""Reconsideration and litigation against licensing decisions, and their effect on the register."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from zhifa.accounts.models import AuditEntry
from zhifa.cases.models import Case
from zhifa.core.errors import InvalidTransition
from zhifa.licensing import actions
from zhifa.licensing.models import Licence, LicenceStatus
from zhifa.licensing.tests import support
from zhifa.licensing.tests.support import RECEIVED, LicensingWorld, step, wd
from zhifa.licensing.tests.test_pages import client_for
from zhifa.remedies.models import Remedy
from zhifa.remedies.tests.support import conclude, file

pytestmark = pytest.mark.django_db

FILED = datetime.date(2026, 10, 12)
CONCLUDED = datetime.date(2026, 11, 16)
REFERENCE = "青府复字〔2026〕1号"


@pytest.fixture
def world(agency_a: Any, agency_head_user: Any, officer_user: Any) -> LicensingWorld:
    return support.build(agency_a, agency_head_user, officer_user)


def rejected_case(world: LicensingWorld) -> Case:
    case = support.open_licensing(world)
    support.apply(world, case)
    actions.decide_acceptance(
        world.officer_user,
        case,
        step("acceptance_decision", wd(RECEIVED, 2)),
        outcome="rejected",
        decided_on=wd(RECEIVED, 2),
        reasons="申请事项依法不需要取得行政许可",
        remedy_channels="可以申请行政复议或者提起行政诉讼",
    )
    return case


def issued_case(world: LicensingWorld) -> Case:
    case = support.granted_case(world)
    support.issue(world, case, wd(RECEIVED, 11))
    return case


def correct(world: LicensingWorld, case: Case, outcome: str, capture: Any) -> Licence:
    file(world.base, case, FILED)
    with capture(execute=True):
        conclude(world.base, case, CONCLUDED, outcome)
    return Licence.objects.get(case=case)


def test_remedy_against_non_acceptance_recorded(world: LicensingWorld) -> None:
    case = rejected_case(world)
    file(world.base, case, FILED)
    remedy = Remedy.objects.get(case=case)
    assert remedy.decision_step.step == "acceptance_decision"


def test_remedy_before_any_decision_rejected(world: LicensingWorld) -> None:
    case = support.open_licensing(world)
    support.apply(world, case)
    with pytest.raises(InvalidTransition, match="尚未作出决定"):
        file(world.base, case, FILED)


def test_remedy_against_acceptance_rejected(world: LicensingWorld) -> None:
    # Accepting an application for review grants what the applicant asked. A remedy cannot
    # challenge it, so only a later licensing decision can be challenged.
    case = support.accepted_case(world)
    with pytest.raises(InvalidTransition, match="尚未作出决定"):
        file(world.base, case, FILED)
    assert not Remedy.objects.filter(case=case).exists()


def test_remedy_against_grant_links_grant(world: LicensingWorld) -> None:
    case = issued_case(world)
    file(world.base, case, FILED)
    assert Remedy.objects.get(case=case).decision_step.step == "license_decision"


def test_revoked_grant_ends_licence(
    world: LicensingWorld, django_capture_on_commit_callbacks: Any
) -> None:
    case = issued_case(world)
    licence = correct(world, case, "revoked", django_capture_on_commit_callbacks)

    assert licence.status == LicenceStatus.REVOKED_BY_REMEDY
    correction = licence.remedy_corrections.get()
    assert correction.reference == REFERENCE
    assert correction.concluded_on == CONCLUDED
    assert AuditEntry.objects.filter(action="licence_corrected_by_remedy").count() == 1

    page = client_for(world.officer_user).get(
        reverse("licensing:licence_detail", kwargs={"pk": licence.pk})
    )
    body = page.content.decode()
    assert "被复议或诉讼撤销" in body
    assert REFERENCE in body
    listed = client_for(world.officer_user).get(
        reverse("licensing:licence_list"), {"status": LicenceStatus.REVOKED_BY_REMEDY}
    )
    assert [row.pk for row in listed.context["object_list"]] == [licence.pk]


def test_void_grant_ends_licence(
    world: LicensingWorld, django_capture_on_commit_callbacks: Any
) -> None:
    case = issued_case(world)
    licence = correct(world, case, "confirmed_void", django_capture_on_commit_callbacks)
    assert licence.status == LicenceStatus.VOID_BY_REMEDY


def test_changed_grant_noted_without_status_change(
    world: LicensingWorld, django_capture_on_commit_callbacks: Any
) -> None:
    case = issued_case(world)
    licence = correct(world, case, "changed", django_capture_on_commit_callbacks)

    assert licence.status == LicenceStatus.VALID
    correction = licence.remedy_corrections.get()
    assert correction.outcome_label == "变更"
    client = client_for(world.officer_user)
    listed = client.get(reverse("licensing:licence_list"), {"remedy_corrected": "on"})
    assert [row.pk for row in listed.context["object_list"]] == [licence.pk]
    body = client.get(reverse("licensing:licence_detail", kwargs={"pk": licence.pk}))
    assert "许可决定被变更" in body.content.decode()


def test_upheld_grant_leaves_licence(
    world: LicensingWorld, django_capture_on_commit_callbacks: Any
) -> None:
    case = issued_case(world)
    licence = correct(world, case, "upheld", django_capture_on_commit_callbacks)
    assert licence.status == LicenceStatus.VALID
    assert not licence.remedy_corrections.exists()
    listed = client_for(world.officer_user).get(
        reverse("licensing:licence_list"), {"remedy_corrected": "on"}
    )
    assert list(listed.context["object_list"]) == []


def test_revoked_grant_blocks_issue(
    world: LicensingWorld, django_capture_on_commit_callbacks: Any
) -> None:
    case = support.granted_case(world)
    file(world.base, case, FILED)
    with django_capture_on_commit_callbacks(execute=True):
        conclude(world.base, case, CONCLUDED, "revoked")
    with pytest.raises(InvalidTransition, match="不能颁发许可证件"):
        support.issue(world, case, CONCLUDED)
    assert not Licence.objects.filter(case=case).exists()

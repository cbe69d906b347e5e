"""Later decisions on a licence: change, withdrawal, annulment and cancellation."""

import datetime
from decimal import Decimal
from typing import Any

import pytest

from zhifa.cases import actions as case_actions
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.compliance import MET, MISSING, evaluate, facts_for
from zhifa.cases.models import Case, CaseKind
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.licensing import actions
from zhifa.licensing.models import Licence, LicenceDecision, LicenceStatus
from zhifa.licensing.tests import support
from zhifa.licensing.tests.support import RECEIVED, LicensingWorld, step, wd
from zhifa.review.tests.support import pass_review

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 2)


@pytest.fixture
def world(agency_a: Any, agency_head_user: Any, officer_user: Any) -> LicensingWorld:
    return support.build(agency_a, agency_head_user, officer_user)


@pytest.fixture
def licence(world: LicensingWorld) -> Licence:
    case = support.granted_case(world)
    support.issue(world, case, wd(RECEIVED, 11))
    return Licence.objects.get(case=case)


def open_disposal(
    world: LicensingWorld, licence: Licence, party_ids: list[int] | None = None
) -> Case:
    case = case_actions.open_case(
        world.officer_user,
        case_actions.CaseInput(
            kind=CaseKind.LICENSE_DISPOSAL,
            title=f"{licence.number}许可证件后续处理",
            department_id=world.base.department.pk,
            opened_on=DAY,
            party_ids=party_ids or [licence.holder_id],
            officer_ids=[officer.pk for officer in world.base.officers],
            power_item_ids=[world.item.pk],
        ),
    )
    actions.select_licence(
        world.officer_user, case, step("disposal_licence", DAY), licence_number=licence.number
    )
    case_actions.record_step(
        world.officer_user, case, step("disposal_investigation", DAY, "核实被许可人情况")
    )
    return case


def decide(world: LicensingWorld, case: Case, kind: str, **values: Any) -> Any:
    pass_review(case, f"disposal_decision:{kind}", world.head)
    return actions.decide_disposal(
        world.head,
        case,
        step("disposal_decision", DAY),
        disposal_kind=kind,
        decided_on=DAY,
        grounds="经调查核实，事实清楚",
        legal_basis="《中华人民共和国行政许可法》",
        **values,
    )


def test_change_needs_compensation_plan(world: LicensingWorld, licence: Licence) -> None:
    case = open_disposal(world, licence)
    with pytest.raises(ValidationFailed, match="补偿方案"):
        decide(
            world,
            case,
            "license_change",
            public_interest_grounds="道路拓宽工程需要",
            changed_content="经营场所面积调整为80平方米",
        )
    decide(
        world,
        case,
        "license_change",
        public_interest_grounds="道路拓宽工程需要",
        compensation_plan="按评估价值补偿装修损失",
        changed_content="经营场所面积调整为80平方米",
    )
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.CHANGED
    row = LicenceDecision.objects.get(case=case)
    assert row.status_before == LicenceStatus.VALID
    assert row.details["compensation_plan"] == "按评估价值补偿装修损失"


def test_withdrawal_needs_public_interest(world: LicensingWorld, licence: Licence) -> None:
    case = open_disposal(world, licence)
    with pytest.raises(ValidationFailed, match="公共利益事由"):
        decide(world, case, "license_withdrawal", compensation_plan="补偿")
    decide(
        world,
        case,
        "license_withdrawal",
        public_interest_grounds="所在区域纳入水源保护区",
        compensation_plan="按经营损失予以补偿",
    )
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.WITHDRAWN


@pytest.mark.parametrize("ground", ["fraud", "bribery"])
def test_annulment_for_fraud_refuses_damages(
    world: LicensingWorld, licence: Licence, ground: str
) -> None:
    case = open_disposal(world, licence)
    with pytest.raises(ValidationFailed, match="不予赔偿"):
        decide(world, case, "license_annulment", annulment_ground=ground, damages=Decimal("0.01"))
    decide(world, case, "license_annulment", annulment_ground=ground, damages=Decimal("0"))
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.ANNULLED


def test_annulment_records_damages(world: LicensingWorld, licence: Licence) -> None:
    case = open_disposal(world, licence)
    decide(world, case, "license_annulment", annulment_ground="procedure_breach", damages="5000")
    assert LicenceDecision.objects.get(case=case).details["damages"] == "5000.00"


def test_annulment_needs_ground(world: LicensingWorld, licence: Licence) -> None:
    case = open_disposal(world, licence)
    with pytest.raises(ValidationFailed, match="撤销事由"):
        decide(world, case, "license_annulment", annulment_ground="")


def test_cancellation_after_annulment(world: LicensingWorld, licence: Licence) -> None:
    annulment = open_disposal(world, licence)
    decide(world, annulment, "license_annulment", annulment_ground="fraud", damages="0")
    cancellation = open_disposal(world, licence)
    with pytest.raises(ValidationFailed, match="注销情形"):
        decide(world, cancellation, "license_cancellation", cancellation_ground="unknown")
    decide(world, cancellation, "license_cancellation", cancellation_ground="revoked")
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.CANCELLED
    kinds = list(licence.decisions.values_list("kind", flat=True))
    assert kinds == ["license_annulment", "license_cancellation"]


def test_annulled_licence_cannot_change(world: LicensingWorld, licence: Licence) -> None:
    annulment = open_disposal(world, licence)
    decide(world, annulment, "license_annulment", annulment_ground="fraud", damages="0")
    change = open_disposal(world, licence)
    with pytest.raises(InvalidTransition, match="已撤销"):
        decide(
            world,
            change,
            "license_change",
            public_interest_grounds="规划调整",
            compensation_plan="补偿",
            changed_content="变更",
        )


def test_status_unchanged_when_decision_refused(world: LicensingWorld, licence: Licence) -> None:
    case = open_disposal(world, licence)
    with pytest.raises(ValidationFailed):
        decide(world, case, "license_withdrawal", public_interest_grounds="规划调整")
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.VALID
    assert not LicenceDecision.objects.exists()


def test_holder_must_be_case_party(world: LicensingWorld, licence: Licence) -> None:
    other = case_actions.find_or_register_party(
        world.officer_user,
        case_actions.PartyInput(kind="natural_person", name="王五", id_number=support_person_id()),
    ).party
    with pytest.raises(ValidationFailed, match="不是本案当事人"):
        open_disposal(world, licence, party_ids=[other.pk])


def support_person_id() -> str:
    from zhifa.cases.tests.steps_support import person_id

    return person_id(77, "19770707")


def test_licence_page_lists_decisions(world: LicensingWorld, licence: Licence) -> None:
    from django.test import Client
    from django.urls import reverse

    pending = open_disposal(world, licence)
    client = Client()
    client.force_login(world.officer_user, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("licensing:licence_detail", args=[licence.pk])
    assert pending.number in client.get(url).content.decode()

    decide(world, pending, "license_cancellation", cancellation_ground="holder_died")
    page = client.get(url).content.decode()
    assert "注销" in page
    assert "已注销" in page
    assert "办理中的案件" not in page


def test_disposal_panel(world: LicensingWorld, licence: Licence) -> None:
    case = open_disposal(world, licence)
    decide(world, case, "license_cancellation", cancellation_ground="organisation_ended")
    items = {row.label: row for row in evaluate(facts_for(case), CALENDAR)}
    assert items["决定载明法定事由"].status == MET
    assert items["送达决定书"].status == MISSING

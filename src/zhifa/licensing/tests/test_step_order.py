"""Steps recorded once per case, dates in the order of the steps they depend on, the applicant."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.cases import actions as case_actions
from zhifa.cases.models import Case, CaseKind, Party
from zhifa.cases.rules.common import show
from zhifa.cases.tests.steps_support import person_id
from zhifa.cases.views.steps import offered_steps
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.licensing import actions
from zhifa.licensing.models import Licence, LicenceStatus
from zhifa.licensing.procedures import LICENSE_DISPOSAL, LICENSING
from zhifa.licensing.tests import support
from zhifa.licensing.tests.support import RECEIVED, LicensingWorld, step, wd
from zhifa.licensing.tests.test_actions import finished_inspection, link, open_inspection
from zhifa.review.tests.support import pass_review

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# The days on which support.granted_case decides and these tests issue: 10 and 11 working
# days after RECEIVED on the platform's 2026 calendar.
DECIDED = datetime.date(2026, 9, 15)
ISSUED = datetime.date(2026, 9, 16)
ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(agency_a: Any, agency_head_user: Any, officer_user: Any) -> LicensingWorld:
    return support.build(agency_a, agency_head_user, officer_user)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def register(world: LicensingWorld, name: str, serial: int) -> Party:
    return case_actions.find_or_register_party(
        world.officer_user,
        case_actions.PartyInput(
            kind="natural_person",
            name=name,
            id_number=person_id(serial, "19850505"),
            address="上海市青浦区朱家角镇漕平路8号",
        ),
    ).party


def open_with(world: LicensingWorld, parties: list[Party]) -> Case:
    return case_actions.open_case(
        world.officer_user,
        case_actions.CaseInput(
            kind=CaseKind.LICENSING,
            title="李四申请食品经营许可",
            department_id=world.base.department.pk,
            opened_on=RECEIVED,
            party_ids=[party.pk for party in parties],
            officer_ids=[officer.pk for officer in world.base.officers],
            power_item_ids=[world.item.pk],
        ),
    )


def apply_as(world: LicensingWorld, case: Case, applicant_id: int | None) -> Any:
    return actions.record_application(
        world.officer_user,
        case,
        step("license_application", RECEIVED),
        received_on=RECEIVED,
        materials="食品经营许可申请书",
        commitment_based=False,
        applicant_id=applicant_id,
    )


def issue_from(world: LicensingWorld, case: Case, valid_from: datetime.date) -> Any:
    return actions.issue_licence(
        world.officer_user,
        case,
        step("license_issued", ISSUED),
        licence_number="JY13101180000009",
        certificate_name="食品经营许可证",
        license_type="general",
        valid_from=valid_from,
        valid_to=datetime.date(2031, 9, 14),
        scope="预包装食品销售",
        issued_on=ISSUED,
    )


# --- Steps recorded at most once -----------------------------------------------------------


def test_calendar_days_of_the_tests() -> None:
    assert wd(RECEIVED, 10) == DECIDED
    assert wd(RECEIVED, 11) == ISSUED


def test_once_steps_are_declared() -> None:
    for code in ("acceptance_decision", "license_decision", "license_issued"):
        assert code in LICENSING.once
    assert "commitment_follow_up" in LICENSING.once
    assert "license_review" not in LICENSING.once
    assert "license_hearing_record" not in LICENSING.once
    assert {"disposal_licence", "disposal_decision"} <= LICENSE_DISPOSAL.once


def test_second_decision_refused_by_action(world: LicensingWorld) -> None:
    case = support.granted_case(world)
    with pytest.raises(InvalidTransition, match=r"不能重复记录.*更正"):
        support.decide(world, case, wd(DECIDED, 1), outcome="refused")
    assert case.steps.filter(step="license_decision").count() == 1


def test_decision_corrected_through_correction(world: LicensingWorld) -> None:
    case = support.granted_case(world)
    original = case.steps.get(step="license_decision")
    case_actions.correct_step(
        world.head,
        case,
        original.pk,
        step("license_decision", DECIDED, "更正许可内容"),
        "许可内容笔误",
    )
    assert case.steps.filter(step="license_decision").count() == 2


def test_second_decision_refused_by_api(world: LicensingWorld) -> None:
    case = support.granted_case(world)
    payload = {
        "step": "license_decision",
        "occurred_at": f"{wd(DECIDED, 1).isoformat()}T10:00:00+08:00",
        "summary": "不予许可",
        "fields": {
            "outcome": "refused",
            "decided_on": wd(DECIDED, 1).isoformat(),
            "legal_basis": "《中华人民共和国行政许可法》第三十八条",
            "reasons": "经营场所不符合要求",
            "remedy_channels": "可以申请行政复议或者提起行政诉讼",
        },
    }
    response = client_for(world.head).post(
        f"/api/cases/{case.pk}/steps", payload, content_type="application/json"
    )
    assert response.status_code == 409, response.json()
    assert "不能重复记录" in response.json()["message"]
    assert case.steps.filter(step="license_decision").count() == 1


def test_second_decision_not_offered_on_page(world: LicensingWorld) -> None:
    case = support.granted_case(world)
    client = client_for(world.head)
    page = client.get(reverse("cases:case_detail", args=[case.pk]))
    codes = [code for code, _ in page.context["choice_form"].fields["step"].choices]
    assert "license_issued" in codes
    assert "license_decision" not in codes

    response = client.post(
        reverse("cases:step_record", args=[case.pk]),
        {"step": "license_decision", "occurred_at": f"{wd(DECIDED, 1).isoformat()} 10:00"},
    )
    assert response.status_code == 302
    assert case.steps.filter(step="license_decision").count() == 1


def test_second_disposal_decision_refused(world: LicensingWorld) -> None:
    granted = support.granted_case(world)
    support.issue(world, granted, ISSUED)
    licence = Licence.objects.get(case=granted)
    case = disposal_case(world, licence)
    decide_annulment(world, case, ISSUED)
    with pytest.raises(InvalidTransition, match="不能重复记录"):
        actions.decide_disposal(
            world.head,
            case,
            step("disposal_decision", DISPOSAL_DAY),
            disposal_kind="license_cancellation",
            decided_on=DISPOSAL_DAY,
            grounds="许可已被撤销",
            legal_basis="《中华人民共和国行政许可法》第七十条",
            cancellation_ground="revoked",
        )


# --- Withdrawal steps offered with distinct labels -------------------------------------------


def test_offered_labels_are_distinct(world: LicensingWorld) -> None:
    case = support.accepted_case(world)
    case.refresh_from_db()
    recorded = list(case.steps.values_list("step", flat=True))
    labels = [spec.label for spec in offered_steps(case, world.officer_user, recorded)]
    assert len(labels) == len(set(labels)), labels
    assert "申请人撤回申请（申请与受理阶段）" in labels
    assert "申请人撤回申请（审查阶段）" in labels


def test_procedure_labels_are_distinct() -> None:
    for procedure in (LICENSING, LICENSE_DISPOSAL):
        labels = [spec.label for spec in procedure.steps.values()]
        assert len(labels) == len(set(labels)), procedure.kind


# --- Dates not before the step they depend on ------------------------------------------------


def test_acceptance_timed_before_receipt_refused(world: LicensingWorld) -> None:
    case = support.open_licensing(world)
    support.apply(world, case)
    with pytest.raises(ValidationFailed, match=rf"发生时间.*{show(RECEIVED - ONE_DAY)}") as error:
        actions.decide_acceptance(
            world.officer_user,
            case,
            step("acceptance_decision", RECEIVED - ONE_DAY),
            outcome="accepted",
            decided_on=RECEIVED,
            reasons="",
            remedy_channels="",
        )
    assert show(RECEIVED) in error.value.message
    support.accept(world, case, RECEIVED)
    assert case.steps.filter(step="acceptance_decision").count() == 1


def test_acceptance_decided_before_receipt_refused(world: LicensingWorld) -> None:
    case = support.open_licensing(world)
    support.apply(world, case)
    with pytest.raises(ValidationFailed, match=r"“决定日期”.*早于收到申请材料日期") as error:
        actions.decide_acceptance(
            world.officer_user,
            case,
            step("acceptance_decision", RECEIVED),
            outcome="accepted",
            decided_on=RECEIVED - ONE_DAY,
            reasons="",
            remedy_channels="",
        )
    assert show(RECEIVED - ONE_DAY) in error.value.message
    assert show(RECEIVED) in error.value.message


def test_validity_before_decision_refused(world: LicensingWorld) -> None:
    case = support.granted_case(world)
    with pytest.raises(ValidationFailed, match=r"“有效期自”.*早于许可决定日期") as error:
        issue_from(world, case, DECIDED - ONE_DAY)
    assert error.value.field == "valid_from"
    assert show(DECIDED) in error.value.message
    issue_from(world, case, DECIDED)
    assert Licence.objects.get(case=case).valid_from == DECIDED


DISPOSAL_DAY = datetime.date(2026, 11, 2)


def disposal_case(world: LicensingWorld, licence: Licence) -> Case:
    case = case_actions.open_case(
        world.officer_user,
        case_actions.CaseInput(
            kind=CaseKind.LICENSE_DISPOSAL,
            title=f"撤销许可证件{licence.number}",
            department_id=world.base.department.pk,
            opened_on=DISPOSAL_DAY,
            party_ids=[licence.holder_id],
            officer_ids=[officer.pk for officer in world.base.officers],
            power_item_ids=[world.item.pk],
        ),
    )
    actions.select_licence(
        world.officer_user,
        case,
        step("disposal_licence", DISPOSAL_DAY),
        licence_number=licence.number,
    )
    case_actions.record_step(
        world.officer_user, case, step("disposal_investigation", DISPOSAL_DAY, "核实取得许可情况")
    )
    return case


def decide_annulment(world: LicensingWorld, case: Case, decided_on: datetime.date) -> Any:
    pass_review(case, "disposal_decision:license_annulment", world.head)
    return actions.decide_disposal(
        world.head,
        case,
        step("disposal_decision", DISPOSAL_DAY),
        disposal_kind="license_annulment",
        decided_on=decided_on,
        grounds="申请人隐瞒经营场所真实情况",
        legal_basis="《中华人民共和国行政许可法》第六十九条",
        annulment_ground="fraud",
        damages="0",
    )


def test_annulment_before_issue_refused(world: LicensingWorld) -> None:
    granted = support.granted_case(world)
    support.issue(world, granted, ISSUED)
    licence = Licence.objects.get(case=granted)
    case = disposal_case(world, licence)
    with pytest.raises(ValidationFailed, match=r"“决定日期”.*早于许可证件.*的发证日期") as error:
        decide_annulment(world, case, ISSUED - ONE_DAY)
    assert show(ISSUED) in error.value.message
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.VALID

    decide_annulment(world, case, ISSUED)
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.ANNULLED


# --- The commitment follow-up inspection ------------------------------------------------------


def commitment_licence(world: LicensingWorld) -> Case:
    case = support.granted_case(world, commitment=True)
    support.issue(world, case, ISSUED)
    actions.serve_license_decision(
        world.officer_user,
        case,
        step("license_decision_service", ISSUED),
        served_on=ISSUED,
        method="direct",
    )
    return case


def test_follow_up_of_other_party_refused(world: LicensingWorld) -> None:
    case = commitment_licence(world)
    stranger = register(world, "王五", 21)
    inspection = finished_inspection(world, wd(DECIDED, 5), party=stranger)
    with pytest.raises(ValidationFailed, match="不包括被许可人“张三”"):
        link(world, case, inspection.number, wd(DECIDED, 6))
    assert Licence.objects.get(case=case).follow_up_case is None


def test_follow_up_without_result_refused(world: LicensingWorld) -> None:
    case = commitment_licence(world)
    inspection = open_inspection(world, wd(DECIDED, 5))
    with pytest.raises(ValidationFailed, match="尚未记录“检查结果”"):
        link(world, case, inspection.number, wd(DECIDED, 6))
    assert Licence.objects.get(case=case).follow_up_case is None


def test_follow_up_opened_before_decision_refused(world: LicensingWorld) -> None:
    case = commitment_licence(world)
    inspection = finished_inspection(world, DECIDED - ONE_DAY)
    with pytest.raises(ValidationFailed, match=r"立案日期.*早于许可决定日期"):
        link(world, case, inspection.number, wd(DECIDED, 6))


def test_follow_up_opened_on_decision_day(world: LicensingWorld) -> None:
    case = commitment_licence(world)
    inspection = finished_inspection(world, DECIDED)
    link(world, case, inspection.number, wd(DECIDED, 6))
    assert Licence.objects.get(case=case).follow_up_case == inspection


# --- The applicant among several parties -------------------------------------------------------


def test_applicant_required_with_several_parties(world: LicensingWorld) -> None:
    second = register(world, "李四", 22)
    case = open_with(world, [world.base.party, second])
    with pytest.raises(ValidationFailed, match="请选择“申请人”"):
        apply_as(world, case, None)
    assert not case.steps.filter(step="license_application").exists()


def test_applicant_must_be_case_party(world: LicensingWorld) -> None:
    outsider = register(world, "赵六", 23)
    case = support.open_licensing(world)
    with pytest.raises(ValidationFailed, match="不是本案当事人"):
        apply_as(world, case, outsider.pk)


def test_chosen_applicant_holds_licence(world: LicensingWorld) -> None:
    second = register(world, "李四", 22)
    case = open_with(world, [world.base.party, second])
    row = apply_as(world, case, second.pk)
    assert row.details["applicant_name"] == "李四"
    support.accept(world, case)
    support.review(world, case, wd(RECEIVED, 3))
    support.decide(world, case, DECIDED)
    support.issue(world, case, ISSUED)
    assert Licence.objects.get(case=case).holder == second


def test_single_party_is_applicant(world: LicensingWorld) -> None:
    case = support.open_licensing(world)
    row = support.apply(world, case)
    assert row.details["applicant_id"] == world.base.party.pk


def test_page_offers_case_parties_as_applicant(world: LicensingWorld) -> None:
    second = register(world, "李四", 22)
    case = open_with(world, [world.base.party, second])
    page = client_for(world.officer_user).get(
        reverse("cases:case_detail", args=[case.pk]), {"step": "license_application"}
    )
    choices = page.context["step_form"].fields["applicant_id"].choices
    assert (second.pk, "李四") in choices
    assert (world.base.party.pk, "张三") in choices

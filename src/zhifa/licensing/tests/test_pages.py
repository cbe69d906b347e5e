"""The licence register pages, and licensing steps recorded through the page and the API."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.roles import Role
from zhifa.cases.models import Case
from zhifa.licensing.models import Licence
from zhifa.licensing.tests import support
from zhifa.licensing.tests.support import RECEIVED, LicensingWorld, wd
from zhifa.licensing.tests.test_actions import TOLD, request, told_case

pytestmark = pytest.mark.django_db
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def world(agency_a: Any, agency_head_user: Any, officer_user: Any) -> LicensingWorld:
    return support.build(agency_a, agency_head_user, officer_user)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def issued(world: LicensingWorld, commitment: bool, number: str) -> Licence:
    case = support.granted_case(world, commitment=commitment)
    support.issue(world, case, wd(RECEIVED, 11), number=number)
    return Licence.objects.get(case=case)


def numbers(response: Any) -> list[str]:
    return [licence.number for licence in response.context["object_list"]]


def test_register_filters(world: LicensingWorld) -> None:
    plain = issued(world, False, "JY1001")
    overdue = issued(world, True, "JY1002")
    client = client_for(world.officer_user)
    url = reverse("licensing:licence_list")

    assert sorted(numbers(client.get(url))) == ["JY1001", "JY1002"]
    assert numbers(client.get(url, {"commitment": "yes"})) == [overdue.number]
    assert numbers(client.get(url, {"commitment": "no"})) == [plain.number]
    assert numbers(client.get(url, {"overdue": "on"})) == [overdue.number]
    assert sorted(numbers(client.get(url, {"status": "valid"}))) == ["JY1001", "JY1002"]
    assert numbers(client.get(url, {"status": "cancelled"})) == []
    assert len(numbers(client.get(url, {"agency": world.base.agency.pk}))) == 2
    assert len(numbers(client.get(url, {"power_item": world.item.pk}))) == 2
    assert "核查逾期" in client.get(url).content.decode()


def test_detail_shows_overdue_follow_up(world: LicensingWorld) -> None:
    licence = issued(world, True, "JY2001")
    response = client_for(world.officer_user).get(
        reverse("licensing:licence_detail", args=[licence.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "告知承诺核查已逾期" in page
    assert licence.case.number in page
    assert "没有变更、撤回、撤销或注销决定" in page


def test_case_panel_shows_overdue_follow_up(world: LicensingWorld) -> None:
    licence = issued(world, True, "JY2002")
    page = client_for(world.officer_user).get(reverse("cases:case_detail", args=[licence.case_id]))
    assert "核查已逾期" in page.content.decode()


def test_other_agency_does_not_see_licence(world: LicensingWorld, other_agency_user: Any) -> None:
    licence = issued(world, False, "JY3001")
    client = client_for(other_agency_user)
    assert numbers(client.get(reverse("licensing:licence_list"))) == []
    detail = reverse("licensing:licence_detail", args=[licence.pk])
    assert client.get(detail).status_code == 404


def test_register_refuses_role_without_backoffice(world: LicensingWorld, make_user: Any) -> None:
    client = client_for(make_user("secadmin_l", Role.SECURITY_ADMIN))
    assert client.get(reverse("licensing:licence_list")).status_code == 403
    assert Client().get(reverse("licensing:licence_list")).status_code == 302


def test_application_recorded_through_page(world: LicensingWorld) -> None:
    case = support.open_licensing(world)
    client = client_for(world.officer_user)
    detail = reverse("cases:case_detail", args=[case.pk])
    form = client.get(detail, {"step": "license_application"}).context["step_form"]
    assert "commitment_based" in form.fields

    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("cases:step_record", args=[case.pk]),
        {
            "step": "license_application",
            "occurred_at": now,
            "summary": "窗口收件",
            "received_on": RECEIVED.isoformat(),
            "materials": "申请书\n营业执照",
            "commitment_based": "on",
        },
    )
    assert response.status_code == 302
    row = case.steps.get(step="license_application")
    assert row.details["commitment_based"] is True
    assert row.details["license_item"] == "食品经营许可"


def test_page_names_missing_plugin_field(world: LicensingWorld) -> None:
    case = support.open_licensing(world)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client_for(world.officer_user).post(
        reverse("cases:step_record", args=[case.pk]),
        {
            "step": "license_application",
            "occurred_at": now,
            "summary": "收件",
            "materials": "申请书",
        },
        follow=True,
    )
    assert "收到申请材料日期" in response.content.decode()
    assert not case.steps.filter(step="license_application").exists()


def test_acceptance_recorded_through_api(world: LicensingWorld) -> None:
    case = support.open_licensing(world)
    support.apply(world, case)
    client = client_for(world.officer_user)
    payload = {
        "step": "acceptance_decision",
        "occurred_at": "2026-09-01T15:00:00+08:00",
        "summary": "材料齐全，予以受理",
        "fields": {"outcome": "accepted", "decided_on": "2026-09-01"},
    }
    response = client.post(f"/api/cases/{case.pk}/steps", payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert case.steps.get(step="acceptance_decision").details["outcome"] == "accepted"


def test_api_reports_rule_refusal(world: LicensingWorld) -> None:
    case = support.accepted_case(world)
    support.review(world, case, wd(RECEIVED, 2))
    support.decide(world, case, wd(RECEIVED, 10))
    client = client_for(world.officer_user)
    payload = {
        "step": "license_issued",
        "occurred_at": "2026-09-16T10:00:00+08:00",
        "summary": "颁发许可证",
        "fields": {
            "licence_number": "JY4001",
            "certificate_name": "食品经营许可证",
            "valid_from": "2026-09-16",
            "valid_to": "2026-09-15",
            "scope": "预包装食品销售",
            "issued_on": "2026-09-16",
        },
    }
    response = client.post(f"/api/cases/{case.pk}/steps", payload, content_type="application/json")
    assert response.status_code == 400
    assert "有效期至" in response.json()["message"]
    assert not Case.objects.get(pk=case.pk).steps.filter(step="license_issued").exists()


def test_hearing_notice_form_offers_agency_officers(world: LicensingWorld) -> None:
    case = told_case(world)
    request(world, case, wd(TOLD, 1))
    client = client_for(world.officer_user)

    page = client.get(
        reverse("cases:case_detail", args=[case.pk]), {"step": "license_hearing_notice"}
    )
    names = [value for value, _ in page.context["step_form"].fields["presiding_officer"].choices]
    assert world.base.presiding.full_name in names
    assert world.reviewer.full_name in names

    notified = wd(TOLD, 1)
    refused = client.post(
        reverse("cases:step_record", args=[case.pk]),
        {
            "step": "license_hearing_notice",
            "occurred_at": f"{notified.isoformat()} 10:00",
            "summary": "通知听证",
            "notified_on": notified.isoformat(),
            "hearing_on": wd(notified, 8).isoformat(),
            "hearing_place": "第一听证室",
            "presiding_officer": world.reviewer.full_name,
        },
    )
    assert refused.status_code == 400
    assert f"听证主持人{world.reviewer.full_name}参加过" in refused.content.decode()

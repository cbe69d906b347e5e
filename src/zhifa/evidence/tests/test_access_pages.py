"""The access request pages: request form, my requests, approvals queue and decision."""

from pathlib import Path

import pytest
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.evidence.access.requests import request_access
from zhifa.evidence.models import AccessRequest, AccessRequestStatus, AvRecord, Sensitivity
from zhifa.evidence.tests.access_support import bytes_file, logged_client, record_from_file

PURPOSE = "核查案件当事人陈述的现场情况"


@pytest.fixture
def secret_record(agency_a: Agency, officer_user: User, tmp_path: Path) -> AvRecord:
    path = bytes_file(tmp_path / "secret.mp4", 100)
    return record_from_file(agency_a, officer_user, path, sensitivity=Sensitivity.PRIVATE)


def test_request_form_files_request(secret_record: AvRecord, officer_user: User) -> None:
    client = logged_client(officer_user)
    url = reverse("evidence:access_request_create", args=[secret_record.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"purpose": PURPOSE})

    filed = AccessRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evidence:access_request_detail", args=[filed.pk])
    mine = client.get(reverse("evidence:access_request_list"))
    assert PURPOSE in mine.content.decode()


def test_request_form_shows_short_purpose_error(
    secret_record: AvRecord, officer_user: User
) -> None:
    url = reverse("evidence:access_request_create", args=[secret_record.pk])

    response = logged_client(officer_user).post(url, {"purpose": "查看"})

    assert response.status_code == 200
    assert "至少4个字" in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_request_form_other_agency_404(secret_record: AvRecord, other_agency_user: User) -> None:
    url = reverse("evidence:access_request_create", args=[secret_record.pk])

    assert logged_client(other_agency_user).get(url).status_code == 404


def test_queue_and_approval(
    secret_record: AvRecord, officer_user: User, agency_head_user: User
) -> None:
    filed = request_access(officer_user, secret_record, PURPOSE)
    client = logged_client(agency_head_user)

    queue = client.get(reverse("evidence:access_request_queue"))
    detail_url = reverse("evidence:access_request_detail", args=[filed.pk])
    response = client.post(detail_url, {"decision": "approve", "hours": "12", "note": ""})

    assert PURPOSE in queue.content.decode()
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.status == AccessRequestStatus.APPROVED
    assert PURPOSE not in client.get(reverse("evidence:access_request_queue")).content.decode()


def test_page_refuses_self_approval(secret_record: AvRecord, agency_head_user: User) -> None:
    filed = request_access(agency_head_user, secret_record, PURPOSE)
    client = logged_client(agency_head_user)
    detail_url = reverse("evidence:access_request_detail", args=[filed.pk])

    page = client.get(detail_url)
    response = client.post(detail_url, {"decision": "approve", "hours": "12"})

    assert not page.context["can_decide"]
    assert "不能审批本人提出的调阅申请" in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == AccessRequestStatus.PENDING


def test_queue_needs_approver(officer_user: User) -> None:
    response = logged_client(officer_user).get(reverse("evidence:access_request_queue"))

    assert response.status_code == 403


def test_colleague_cannot_see_request(
    secret_record: AvRecord, officer_user: User, make_user, agency_a: Agency
) -> None:
    colleague = make_user("officer_a2", "officer", agency=agency_a)
    filed = request_access(officer_user, secret_record, PURPOSE)

    response = logged_client(colleague).get(
        reverse("evidence:access_request_detail", args=[filed.pk])
    )

    assert response.status_code == 404

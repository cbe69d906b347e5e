"""The access API: requests, decisions and the access log as JSON, with Chinese refusals."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.evidence.access.logging import log_access
from zhifa.evidence.models import AccessAction, AvRecord, Sensitivity
from zhifa.evidence.tests.access_support import bytes_file, logged_client, record_from_file

BASE = "/api/evidence/access"
PURPOSE = "核查案件当事人陈述的现场情况"


@pytest.fixture
def secret_record(agency_a: Agency, officer_user: User, tmp_path: Path) -> AvRecord:
    path = bytes_file(tmp_path / "secret.mp4", 100)
    return record_from_file(agency_a, officer_user, path, sensitivity=Sensitivity.TRADE_SECRET)


def _file(client: Client, record: AvRecord, **extra: object) -> Any:
    body = {"record_id": record.pk, "purpose": PURPOSE, **extra}
    return client.post(f"{BASE}/requests", body, content_type="application/json")


def test_request_and_decision(
    secret_record: AvRecord, officer_user: User, agency_head_user: User
) -> None:
    filed = _file(logged_client(officer_user), secret_record)
    assert filed.status_code == 201
    request_id = filed.json()["id"]

    approver = logged_client(agency_head_user)
    queue = approver.get(f"{BASE}/requests", {"view": "queue"}).json()
    decided = approver.post(
        f"{BASE}/requests/{request_id}/decision",
        {"approve": True, "hours": 4},
        content_type="application/json",
    )

    assert [row["id"] for row in queue] == [request_id]
    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"
    assert decided.json()["decided_by"] == "head_a"


def test_self_approval_refused(secret_record: AvRecord, agency_head_user: User) -> None:
    client = logged_client(agency_head_user)
    request_id = _file(client, secret_record).json()["id"]

    response = client.post(
        f"{BASE}/requests/{request_id}/decision",
        {"approve": True, "hours": 4},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert "不能审批本人提出的调阅申请" in response.json()["message"]


def test_other_agency_gets_404(
    secret_record: AvRecord, officer_user: User, other_agency_user: User
) -> None:
    request_id = _file(logged_client(officer_user), secret_record).json()["id"]
    other = logged_client(other_agency_user)

    assert other.get(f"{BASE}/requests/{request_id}").status_code == 404
    decided = other.post(
        f"{BASE}/requests/{request_id}/decision",
        {"approve": True, "hours": 4},
        content_type="application/json",
    )
    assert decided.status_code == 404
    assert _file(other, secret_record).status_code == 404


def test_state_secret_refused(secret_record: AvRecord, officer_user: User) -> None:
    response = _file(logged_client(officer_user), secret_record, classification="state_secret")

    assert response.status_code == 400
    assert response.json()["message"] == (
        "涉及国家秘密的内容不得在本系统存储或调阅，请通过涉密渠道办理。"
    )


def test_log_for_readers_only(
    secret_record: AvRecord, officer_user: User, supervisor_user: User
) -> None:
    log_access(officer_user, secret_record, AccessAction.VIEW, PURPOSE)

    listed = logged_client(supervisor_user).get(f"{BASE}/log", {"action": "view"})
    refused = logged_client(officer_user).get(f"{BASE}/log")

    assert listed.status_code == 200
    assert listed.json()["count"] == 1
    assert listed.json()["items"][0]["purpose"] == PURPOSE
    assert refused.status_code == 403
    assert "查阅调阅日志" in refused.json()["message"]

"""``POST /api/publicity/redact``: login, scope, size limits and the masks returned."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.publicity.redaction.actions import MethodChange, set_masking_method

from .support import ID_SHANGHAI

pytestmark = pytest.mark.django_db

URL = "/api/publicity/redact"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def post(client: Client, body: Any) -> Any:
    return client.post(URL, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def officer_client(client: Client, officer_user: User) -> Client:
    client.force_login(officer_user, backend=MODEL_BACKEND)
    return client


def test_redact_returns_masks(officer_client: Client) -> None:
    body = {
        "text": f"当事人张三，身份证号{ID_SHANGHAI}。",
        "parties": [{"name": "张三", "kind": "natural_person", "id_number": ID_SHANGHAI}],
    }
    response = post(officer_client, body)

    assert response.status_code == 200
    data = response.json()
    assert data["masked"] == "当事人张某某，身份证号310118********123X。"
    assert [mask["kind"] for mask in data["masks"]] == ["name", "id_number"]
    assert data["masks"][0] == {
        "start": 3,
        "end": 5,
        "kind": "name",
        "replacement": "张某某",
        "source": "party",
    }


def test_anonymous_rejected(client: Client) -> None:
    response = post(client, {"text": "张三"})
    assert response.status_code == 401


def test_security_admin_rejected(client: Client, security_admin_user: User) -> None:
    client.force_login(security_admin_user, backend=MODEL_BACKEND)
    response = post(client, {"text": "张三"})
    assert response.status_code == 403


def test_text_too_long(officer_client: Client) -> None:
    response = post(officer_client, {"text": "字" * 100_001})
    assert response.status_code == 400
    assert response.json()["field"] == "text"
    assert "不能超过100000字" in response.json()["message"]


def test_unknown_party_kind(officer_client: Client) -> None:
    response = post(
        officer_client, {"text": "张三", "parties": [{"name": "张三", "kind": "person"}]}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "parties.0.kind"


def test_own_agency_policy_by_default(
    officer_client: Client, make_user: Callable[..., User], agency_a: Agency
) -> None:
    head = make_user("head", Role.AGENCY_HEAD, agency=agency_a)
    set_masking_method(head, MethodChange(agency_a.pk, "natural_person", "name", "full"))
    body = {"text": "当事人张三", "parties": [{"name": "张三", "kind": "natural_person"}]}
    assert post(officer_client, body).json()["masked"] == "当事人某某"


def test_agency_outside_scope(officer_client: Client, agency_b: Agency) -> None:
    response = post(officer_client, {"text": "张三", "agency_id": agency_b.pk})
    assert response.status_code == 404
    assert response.json()["field"] == "agency_id"


def test_supervisor_chooses_agency(
    client: Client,
    supervisor_user: User,
    make_user: Callable[..., User],
    agency_b: Agency,
) -> None:
    head = make_user("head_b", Role.AGENCY_HEAD, agency=agency_b)
    set_masking_method(head, MethodChange(agency_b.pk, "natural_person", "id_number", "full"))
    client.force_login(supervisor_user, backend=MODEL_BACKEND)
    response = post(client, {"text": "身份证31011819850315123X", "agency_id": agency_b.pk})
    assert response.json()["masked"] == "身份证[身份证号已隐去]"


def test_redact_returns_suspects(officer_client: Client) -> None:
    body = {"text": "检查时李四也在店内，证人王五称。", "parties": []}
    response = post(officer_client, body)
    assert response.status_code == 200
    assert response.json()["suspects"] == ["李四"]
    assert response.json()["masked"] == "检查时李四也在店内，证人王某某称。"

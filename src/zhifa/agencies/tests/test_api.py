"""API: scoped lists, 404 outside the scope, 401 without login, masked ID numbers."""

import pytest

from zhifa.accounts.models import ApiToken
from zhifa.agencies.models import CredentialStatus


@pytest.mark.parametrize(
    "path", ["/api/agencies", "/api/officers", "/api/officers/1", "/api/agencies/1"]
)
def test_api_requires_login(client, db, path):
    assert client.get(path).status_code == 401


def test_api_refuses_role_without_capability(login, security_admin_user, agency_a):
    assert login(security_admin_user).get("/api/agencies").status_code == 403


def test_agency_list_is_scoped(login, agency_head_user, agency_a, agency_b):
    response = login(agency_head_user).get("/api/agencies")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()] == [agency_a.pk]


def test_agency_detail(login, agency_head_user, agency_a, agency_b):
    client = login(agency_head_user)
    body = client.get(f"/api/agencies/{agency_a.pk}").json()
    assert body["name"] == agency_a.name
    assert body["uscc_problem"] == "未填写统一社会信用代码"
    assert body["review_body_problem"] == "尚未指定法制审核机构"
    assert {item["name"] for item in body["departments"]} == {"综合行政执法队", "法制办"}
    assert body["reviewer_ratio"]["ratio"] is None
    assert body["reviewer_ratio"]["compliant"] is None

    response = client.get(f"/api/agencies/{agency_b.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_officer_list_excludes_other_agency(login, agency_head_user, officer_a, officer_b):
    body = login(agency_head_user).get("/api/officers").json()
    assert body["count"] == 1
    assert [item["full_name"] for item in body["items"]] == ["李明"]
    assert body["items"][0]["id_number"] == officer_a.id_number


def test_officer_detail_of_other_agency_is_404(login, agency_head_user, officer_b):
    response = login(agency_head_user).get(f"/api/officers/{officer_b.pk}")
    assert response.status_code == 404


def test_supervisor_sees_masked_id_numbers(login, supervisor_user, officer_a, officer_b):
    body = login(supervisor_user).get("/api/officers").json()
    assert body["count"] == 2
    for item in body["items"]:
        assert "*" in item["id_number"]
    detail = login(supervisor_user).get(f"/api/officers/{officer_a.pk}").json()
    assert detail["id_number"] == officer_a.masked_id_number


def test_officer_filters_and_pages(
    login, agency_head_user, agency_a, make_officer, issue_credential
):
    department = agency_a.departments.get(name="综合行政执法队")
    first = make_officer(agency_head_user, agency_a, "甲", department_id=department.pk)
    issue_credential(agency_head_user, first, "API-9")
    for name in ["乙", "丙", "丁"]:
        make_officer(agency_head_user, agency_a, name)
    client = login(agency_head_user)

    body = client.get("/api/officers", {"q": "API-9"}).json()
    assert [item["full_name"] for item in body["items"]] == ["甲"]
    assert body["items"][0]["credential"]["status"] == CredentialStatus.ACTIVE
    assert body["items"][0]["credential"]["validity_label"] == "有效"

    body = client.get("/api/officers", {"department_id": department.pk}).json()
    assert body["count"] == 1
    body = client.get("/api/officers", {"credential_status": "none"}).json()
    assert body["count"] == 3

    body = client.get("/api/officers", {"page_size": 2, "page": 2}).json()
    assert body["count"] == 4
    assert body["page"] == 2
    assert len(body["items"]) == 2

    response = client.get("/api/officers", {"credential_status": "lost"})
    assert response.status_code == 400
    assert response.json()["code"] == "validation_failed"


def test_officer_detail_fields(login, agency_head_user, officer_a):
    body = login(agency_head_user).get(f"/api/officers/{officer_a.pk}").json()
    assert body["full_name"] == "李明"
    assert body["credential"] is None
    assert body["training_hours_this_year"] == "0"


def test_bearer_token_is_scoped(client, agency_head_user, officer_a, officer_b):
    _, key = ApiToken.issue(agency_head_user, "测试")
    response = client.get("/api/officers", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert (
        client.get(f"/api/officers/{officer_b.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").status_code
        == 404
    )

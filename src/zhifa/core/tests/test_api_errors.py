import pytest


@pytest.mark.django_db
def test_unauthenticated_call_gets_chinese_401(client):
    response = client.get("/api/officers")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert "未登录" in response.json()["message"]


@pytest.mark.django_db
def test_bad_query_parameter_names_field(client, officer_user):
    client.force_login(officer_user)

    response = client.get("/api/calendar/deadline", {"start": "2026-09-27", "days": "x"})

    assert response.status_code == 422
    assert response.json()["field"] == "days"
    assert "days" in response.json()["message"]


@pytest.mark.django_db
def test_unknown_object_gets_chinese_404(client, officer_user):
    client.force_login(officer_user)

    response = client.get("/api/officers/999999")

    assert response.status_code == 404
    assert "不存在" in response.json()["message"]


@pytest.mark.django_db
def test_json_keeps_chinese_characters(client, officer_user):
    client.force_login(officer_user)

    response = client.get("/api/officers/999999")

    assert "不存在" in response.content.decode()


@pytest.mark.django_db
def test_docs_page_loads_only_local_assets(client):
    response = client.get("/api/docs")

    body = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "http://" not in body
    assert "https://" not in body

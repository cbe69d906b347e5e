"""Credential verification by QR token and by exact number, with the search limit."""

import datetime
import logging

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from zhifa.agencies.models import CredentialEventKind


@pytest.fixture
def valid_credential(make_credential):
    return make_credential("张建国", number="3101180001", photo=True)


def verify_page(client, credential):
    return client.get(reverse("portal:verify", args=[credential.verify_token]))


def test_valid_credential_page(client, valid_credential):
    response = verify_page(client, valid_credential)
    assert response.status_code == 200
    page = response.content.decode()
    assert "张建国" in page
    assert "有效" in page
    assert "3101180001" in page
    assert "上海市青浦区朱家角镇人民政府" in page
    assert "城市管理" in page
    assert "上海市人民政府" in page
    assert reverse("portal:verify_photo", args=[valid_credential.verify_token]) in page
    assert response.context["credential"].validity_label == "有效"


@pytest.mark.parametrize(
    ("then", "label"),
    [
        (CredentialEventKind.SUSPENDED, "已暂扣"),
        (CredentialEventKind.REVOKED, "已注销"),
    ],
)
def test_withdrawn_credential_states(client, make_credential, then, label):
    credential = make_credential("李卫东", number="3101180002", then=then)
    response = verify_page(client, credential)
    assert response.status_code == 200
    assert response.context["credential"].validity_label == label
    page = response.content.decode()
    assert label in page
    assert "不能用于执法" in page


def test_expired_credential(client, make_credential):
    start = timezone.localdate() - datetime.timedelta(days=3 * 365)
    credential = make_credential(
        "王晓明",
        number="3101180003",
        issued_on=start,
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = verify_page(client, credential)
    assert response.context["credential"].validity_label == "已过期"
    assert "已过期" in response.content.decode()


def test_credential_not_yet_issued(client, make_credential):
    credential = make_credential("赵申领")
    response = verify_page(client, credential)
    assert response.context["credential"].validity_label == "尚未核发"
    assert "尚未核发" in response.content.decode()


def test_unknown_token_gives_chinese_404(client, valid_credential):
    response = client.get(reverse("portal:verify", args=["not-a-real-token"]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "未找到该执法证件" in page
    assert "12345" in page
    assert "张建国" not in page


def test_photo_is_served_for_its_token(client, valid_credential):
    response = client.get(reverse("portal:verify_photo", args=[valid_credential.verify_token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_photo_missing_or_unknown_gives_404(client, make_credential):
    without_photo = make_credential("孙无照", number="3101180004")
    page = client.get(reverse("portal:verify", args=[without_photo.verify_token]))
    assert "暂无照片" in page.content.decode()
    assert (
        client.get(reverse("portal:verify_photo", args=[without_photo.verify_token])).status_code
        == 404
    )
    assert client.get(reverse("portal:verify_photo", args=["unknown"])).status_code == 404


def test_search_finds_exact_number(client, valid_credential):
    response = client.get(reverse("portal:credential_search"), {"number": " 3101180001 "})
    assert response.status_code == 200
    assert "张建国" in response.content.decode()
    assert response.context["credential"].validity_label == "有效"


@pytest.mark.parametrize(
    "partial", ["310118", "3101180", "101180001", "31011800011", "%", "3101_80001"]
)
def test_search_does_not_match_partially(client, valid_credential, partial):
    response = client.get(reverse("portal:credential_search"), {"number": partial})
    assert response.status_code == 200
    page = response.content.decode()
    assert "张建国" not in page
    assert "未找到证号为" in page


def test_search_shows_suspended_state(client, make_credential):
    make_credential("周暂扣", number="3101180005", then=CredentialEventKind.SUSPENDED)
    response = client.get(reverse("portal:credential_search"), {"number": "3101180005"})
    assert "已暂扣" in response.content.decode()


def test_empty_search_shows_form(client, db):
    response = client.get(reverse("portal:credential_search"))
    assert response.status_code == 200
    assert "请输入完整的执法证号" in response.content.decode()


def test_search_is_rate_limited(client, settings, valid_credential):
    settings.ZHIFA_CREDENTIAL_SEARCH_LIMIT = 3
    url = reverse("portal:credential_search")
    for _ in range(3):
        assert client.get(url, {"number": "nothing"}).status_code == 200

    refused = client.get(url, {"number": "3101180001"})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "每小时最多查询 3 次" in page
    assert "张建国" not in page

    # Another address has its own count.
    other = client.get(url, {"number": "3101180001"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_rate_limit_works_on_database_cache(client, settings, valid_credential):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "zhifa_cache",
        }
    }
    call_command("createcachetable")
    cache.clear()
    settings.ZHIFA_CREDENTIAL_SEARCH_LIMIT = 2
    url = reverse("portal:credential_search")
    assert client.get(url, {"number": "a"}).status_code == 200
    assert client.get(url, {"number": "b"}).status_code == 200
    assert client.get(url, {"number": "3101180001"}).status_code == 429


def test_lookups_are_logged_without_personal_data(client, valid_credential, caplog):
    caplog.set_level(logging.INFO, logger="zhifa.portal.views")
    verify_page(client, valid_credential)
    client.get(reverse("portal:credential_search"), {"number": "3101180001"})
    client.get(reverse("portal:verify", args=["unknown-token"]))

    messages = [
        record.getMessage() for record in caplog.records if record.name == "zhifa.portal.views"
    ]
    assert messages == [
        "credential verification by token: valid",
        "credential verification by number: valid",
        "credential verification by token: not found",
    ]
    text = " ".join(messages)
    assert "张建国" not in text
    assert "3101180001" not in text
    assert valid_credential.verify_token not in text

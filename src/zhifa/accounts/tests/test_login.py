"""Login, logout, lockout and the session idle timeout."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import AuditEntry
from zhifa.conftest import PASSWORD


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_page_is_chinese(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "用户名" in page
    assert "密码" in page
    assert "css/office.css" in page


def test_login_success_writes_audit_entry(client, officer_user):
    response = login(client, "officer_a", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:home")
    entry = AuditEntry.objects.get(action="login")
    assert entry.actor == officer_user
    assert entry.ip_address == "127.0.0.1"


def test_login_failure_writes_audit_entry(client, officer_user):
    response = login(client, "officer_a", "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.actor is None
    assert entry.actor_username == "officer_a"
    assert not AuditEntry.objects.filter(action="login").exists()


def test_lockout_after_five_failures(client, officer_user):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert login(client, "officer_a", "wrong-password").status_code == 200

    fifth = login(client, "officer_a", "wrong-password")
    assert fifth.status_code == 429

    # The right password no longer helps while the lockout lasts.
    locked = login(client, "officer_a", PASSWORD)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "账号已锁定" in page
    assert "连续 5 次登录失败" in page
    assert f"{settings.AXES_COOLOFF_TIME * 60:.0f} 分钟" in page
    assert "安全管理员" in page
    assert "_auth_user_id" not in client.session


def test_lockout_writes_audit_entry(client, officer_user):
    for _ in range(5):
        login(client, "officer_a", "wrong-password")
    locked = AuditEntry.objects.filter(action="login_locked")
    assert locked.count() == 1
    assert locked.get().actor_username == "officer_a"
    assert AuditEntry.objects.filter(action="login_failed").count() == 5


def test_session_idles_out_after_thirty_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_request_renews_session_expiry(client, officer_user):
    client.force_login(officer_user)
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=5))

    assert client.get(reverse("backoffice:home")).status_code == 200

    expires = Session.objects.get().expire_date
    remaining = expires - timezone.now()
    assert datetime.timedelta(minutes=29) < remaining <= datetime.timedelta(minutes=30)


def test_idle_session_requires_new_login(client, officer_user):
    client.force_login(officer_user)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_logout_by_post_writes_audit_entry(client, officer_user):
    client.force_login(officer_user)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="logout", actor=officer_user).exists()


def test_logout_by_get_is_refused(client, officer_user):
    client.force_login(officer_user)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("name", ["accounts:profile", "accounts:user_list", "accounts:audit_log"])
def test_pages_require_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

"""The profile page: who the user is, password change and API tokens."""

from django.urls import reverse

from zhifa.accounts.models import ApiToken, AuditEntry, hash_token
from zhifa.conftest import PASSWORD

NEW_PASSWORD = "Qingpu-river-2027"


def test_profile_shows_name_agency_and_roles(client, agency_head_user):
    client.force_login(agency_head_user)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "个人设置" in page
    assert agency_head_user.agency.name in page
    assert "执法单位负责人" in page


def test_password_change_succeeds_and_is_audited(client, officer_user):
    client.force_login(officer_user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    officer_user.refresh_from_db()
    assert officer_user.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="password_changed", actor=officer_user).exists()
    # The session survives its own password change.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_password_change_rejects_wrong_old_password(client, officer_user):
    client.force_login(officer_user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "原密码不正确" in response.content.decode()
    officer_user.refresh_from_db()
    assert officer_user.check_password(PASSWORD)


def test_password_change_validator_messages_are_chinese(client, officer_user):
    client.force_login(officer_user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    page = response.content.decode()
    assert "密码太短，至少需要 10 个字符" in page
    assert "不能全部是数字" in page
    assert "too short" not in page
    officer_user.refresh_from_db()
    assert officer_user.check_password(PASSWORD)


def test_password_change_rejects_mismatch(client, officer_user):
    client.force_login(officer_user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "other-1234x"},
    )
    assert "两次输入的新密码不一致" in response.content.decode()


def test_token_is_shown_once(client, officer_user):
    client.force_login(officer_user)
    response = client.post(reverse("accounts:token_issue"), {"name": "市执法系统对接"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    key = response.context["new_token_key"]
    assert key in response.content.decode()

    token = ApiToken.objects.get(user=officer_user)
    assert token.digest == hash_token(key)
    entry = AuditEntry.objects.get(action="api_token_issued")
    assert entry.detail == {
        "name": "市执法系统对接",
        "prefix": key[:8],
        "days": 90,
        "expires_at": token.expires_at.isoformat(),
    }
    assert key not in str(entry.detail.values())

    again = client.get(reverse("accounts:profile"))
    assert key not in again.content.decode()
    assert "市执法系统对接" in again.content.decode()


def test_issued_token_authenticates_api(client, officer_user):
    client.force_login(officer_user)
    key = client.post(reverse("accounts:token_issue"), {"name": "测试"}).context["new_token_key"]
    client.logout()
    response = client.get("/api/docs", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code in {200, 301, 302}


def test_token_requires_name(client, officer_user):
    client.force_login(officer_user)
    response = client.post(reverse("accounts:token_issue"), {"name": ""})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()


def test_token_revoke_is_audited(client, officer_user):
    client.force_login(officer_user)
    client.post(reverse("accounts:token_issue"), {"name": "对接"})
    token = ApiToken.objects.get()

    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="api_token_revoked", target_id=str(token.pk)).exists()

    twice = client.post(reverse("accounts:token_revoke", args=[token.pk]), follow=True)
    assert "该令牌已经作废" in twice.content.decode()
    assert AuditEntry.objects.filter(action="api_token_revoked").count() == 1


def test_token_of_another_user_gives_404(client, officer_user, other_agency_user):
    client.force_login(other_agency_user)
    client.post(reverse("accounts:token_issue"), {"name": "乙单位"})
    token = ApiToken.objects.get()

    client.force_login(officer_user)
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_administrator_without_backoffice_gets_no_tokens(client, audit_admin_user):
    client.force_login(audit_admin_user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "签发令牌" not in page

    response = client.post(reverse("accounts:token_issue"), {"name": "审计"})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()

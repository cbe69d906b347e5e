"""The security administrator unlocks accounts, resets passwords and re-enables accounts."""

import pytest
from django.conf import settings
from django.urls import reverse

from zhifa.accounts import actions, lockout
from zhifa.accounts.models import AuditEntry, User
from zhifa.conftest import PASSWORD
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed

INITIAL_PASSWORD = "Chonggu-reset-2027"
OWN_PASSWORD = "Zhujiajiao-own-2028"


def fail_logins(client, username, times):
    for _ in range(times):
        client.post(reverse("accounts:login"), {"username": username, "password": "wrong-pass"})


@pytest.fixture
def locked_officer(client, officer_user):
    fail_logins(client, officer_user.username, settings.AXES_FAILURE_LIMIT)
    assert lockout.is_locked_out(officer_user.username)
    return officer_user


# Lockout -------------------------------------------------------------------------------------


def test_lockout_needs_failure_limit(client, officer_user):
    fail_logins(client, officer_user.username, settings.AXES_FAILURE_LIMIT - 1)
    assert not lockout.is_locked_out(officer_user.username)


def test_user_detail_shows_lock_and_unlock_button(client, security_admin_user, locked_officer):
    client.force_login(security_admin_user)
    response = client.get(reverse("accounts:user_detail", args=[locked_officer.pk]))
    page = response.content.decode()
    assert response.context["is_locked_out"]
    assert "已锁定" in page
    assert reverse("accounts:user_unlock", args=[locked_officer.pk]) in page


def test_user_detail_without_lock_has_no_unlock_button(client, security_admin_user, officer_user):
    client.force_login(security_admin_user)
    page = client.get(reverse("accounts:user_detail", args=[officer_user.pk])).content.decode()
    assert "未锁定" in page
    assert reverse("accounts:user_unlock", args=[officer_user.pk]) not in page


def test_unlock_lets_user_log_in_and_is_audited(client, security_admin_user, locked_officer):
    client.force_login(security_admin_user)
    response = client.post(reverse("accounts:user_unlock", args=[locked_officer.pk]))
    assert response.status_code == 302
    assert not lockout.is_locked_out(locked_officer.username)

    entry = AuditEntry.objects.get(action="user_unlocked")
    assert entry.actor == security_admin_user
    assert entry.target_id == str(locked_officer.pk)
    assert entry.detail == {"attempts": 1}

    client.logout()
    login = client.post(
        reverse("accounts:login"), {"username": locked_officer.username, "password": PASSWORD}
    )
    assert login.status_code == 302


def test_unlock_of_unlocked_account_is_rejected(security_admin_user, officer_user):
    with pytest.raises(InvalidTransition):
        actions.unlock_user(security_admin_user, officer_user)
    assert not AuditEntry.objects.filter(action="user_unlocked").exists()


def test_unlock_keeps_other_accounts_locked(client, security_admin_user, locked_officer, make_user):
    other = make_user("other_officer")
    fail_logins(client, other.username, settings.AXES_FAILURE_LIMIT)
    actions.unlock_user(security_admin_user, locked_officer)
    assert lockout.is_locked_out(other.username)


def test_reset_attempts_ignores_empty_username(locked_officer):
    assert lockout.reset_attempts("") == 0
    assert lockout.is_locked_out(locked_officer.username)


# Password reset ------------------------------------------------------------------------------


def reset_form(password=INITIAL_PASSWORD, again=None):
    return {"password1": password, "password2": again if again is not None else password}


def test_password_reset_sets_flag_and_is_audited(client, security_admin_user, officer_user):
    client.force_login(security_admin_user)
    response = client.post(
        reverse("accounts:user_password_reset", args=[officer_user.pk]), reset_form()
    )
    assert response.status_code == 302
    officer_user.refresh_from_db()
    assert officer_user.check_password(INITIAL_PASSWORD)
    assert officer_user.must_change_password

    entry = AuditEntry.objects.get(action="password_reset")
    assert entry.actor == security_admin_user
    assert entry.target_id == str(officer_user.pk)
    assert INITIAL_PASSWORD not in str(entry.detail)


def test_password_reset_rejects_weak_password(client, security_admin_user, officer_user):
    client.force_login(security_admin_user)
    response = client.post(
        reverse("accounts:user_password_reset", args=[officer_user.pk]), reset_form("qingpu2026")
    )
    assert response.status_code == 200
    assert "至少 3 类" in response.content.decode()
    officer_user.refresh_from_db()
    assert officer_user.check_password(PASSWORD)
    assert not officer_user.must_change_password


def test_password_reset_rejects_mismatch(client, security_admin_user, officer_user):
    client.force_login(security_admin_user)
    response = client.post(
        reverse("accounts:user_password_reset", args=[officer_user.pk]),
        reset_form(again="Something-else-2027"),
    )
    assert "两次输入的初始密码不一致" in response.content.decode()
    assert not AuditEntry.objects.filter(action="password_reset").exists()


def test_password_reset_of_own_account_is_rejected(security_admin_user):
    with pytest.raises(ValidationFailed):
        actions.reset_password(security_admin_user, security_admin_user, INITIAL_PASSWORD)


def test_password_reset_of_inactive_account_is_rejected(security_admin_user, officer_user):
    actions.deactivate_user(security_admin_user, officer_user)
    with pytest.raises(InvalidTransition):
        actions.reset_password(security_admin_user, officer_user, INITIAL_PASSWORD)


def test_password_reset_ends_open_sessions(client, security_admin_user, officer_user):
    client.force_login(officer_user)
    actions.reset_password(security_admin_user, officer_user, INITIAL_PASSWORD)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_reset_user_is_sent_to_password_page(client, security_admin_user, officer_user):
    actions.reset_password(security_admin_user, officer_user, INITIAL_PASSWORD)
    login = client.post(
        reverse("accounts:login"),
        {"username": officer_user.username, "password": INITIAL_PASSWORD},
        follow=True,
    )
    assert login.redirect_chain[-1][0] == reverse("accounts:profile") + "#password"
    assert "安全管理员已重置您的密码" in login.content.decode()

    for url in [reverse("backoffice:home"), reverse("agencies:officer_list")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("accounts:profile") + "#password"

    api = client.get("/api/officers")
    assert api.status_code == 403
    assert api.json()["code"] == "password_change_required"


def test_reset_user_may_not_issue_token(client, security_admin_user, officer_user):
    actions.reset_password(security_admin_user, officer_user, INITIAL_PASSWORD)
    client.force_login(officer_user)
    response = client.post(reverse("accounts:token_issue"), {"name": "对接"})
    assert response.status_code == 302
    assert not officer_user.api_tokens.exists()


def test_password_change_clears_flag(client, security_admin_user, officer_user):
    actions.reset_password(security_admin_user, officer_user, INITIAL_PASSWORD)
    officer_user.refresh_from_db()
    client.force_login(officer_user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": INITIAL_PASSWORD,
            "new_password1": OWN_PASSWORD,
            "new_password2": OWN_PASSWORD,
        },
    )
    assert response.status_code == 302
    officer_user.refresh_from_db()
    assert not officer_user.must_change_password
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_password_change_rejects_same_password(client, security_admin_user, officer_user):
    actions.reset_password(security_admin_user, officer_user, INITIAL_PASSWORD)
    officer_user.refresh_from_db()
    client.force_login(officer_user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": INITIAL_PASSWORD,
            "new_password1": INITIAL_PASSWORD,
            "new_password2": INITIAL_PASSWORD,
        },
    )
    assert "新密码不能与原密码相同" in response.content.decode()
    officer_user.refresh_from_db()
    assert officer_user.must_change_password


def test_own_account_has_no_reset_form(client, security_admin_user):
    client.force_login(security_admin_user)
    page = client.get(
        reverse("accounts:user_detail", args=[security_admin_user.pk])
    ).content.decode()
    assert reverse("accounts:user_password_reset", args=[security_admin_user.pk]) not in page


# Reactivation --------------------------------------------------------------------------------


def test_reactivate_restores_login_and_is_audited(client, security_admin_user, officer_user):
    actions.deactivate_user(security_admin_user, officer_user)
    client.force_login(security_admin_user)
    page = client.get(reverse("accounts:user_detail", args=[officer_user.pk])).content.decode()
    assert "重新启用账号" in page

    response = client.post(reverse("accounts:user_reactivate", args=[officer_user.pk]))
    assert response.status_code == 302
    officer_user = User.objects.get(pk=officer_user.pk)
    assert officer_user.is_active
    assert officer_user.roles == {"officer"}
    entry = AuditEntry.objects.get(action="user_reactivated")
    assert entry.actor == security_admin_user
    assert entry.detail == {"roles": ["officer"]}


def test_reactivate_of_active_account_is_rejected(client, security_admin_user, officer_user):
    client.force_login(security_admin_user)
    response = client.post(reverse("accounts:user_reactivate", args=[officer_user.pk]), follow=True)
    assert "该账号没有停用" in response.content.decode()
    assert not AuditEntry.objects.filter(action="user_reactivated").exists()


# Refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["user_unlock", "user_password_reset", "user_reactivate"])
@pytest.mark.parametrize(
    "persona", ["agency_head_user", "system_admin_user", "audit_admin_user", "supervisor_user"]
)
def test_recovery_pages_refuse_others(client, request, officer_user, name, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse(f"accounts:{name}", args=[officer_user.pk]), reset_form())
    assert response.status_code == 403
    officer_user.refresh_from_db()
    assert officer_user.check_password(PASSWORD)


@pytest.mark.parametrize("name", ["user_unlock", "user_password_reset", "user_reactivate"])
def test_recovery_pages_give_404_for_unknown_user(client, security_admin_user, name):
    client.force_login(security_admin_user)
    response = client.post(reverse(f"accounts:{name}", args=[999999]), reset_form())
    assert response.status_code == 404


@pytest.mark.parametrize(
    "call",
    [
        lambda actor, target: actions.unlock_user(actor, target),
        lambda actor, target: actions.reset_password(actor, target, INITIAL_PASSWORD),
        lambda actor, target: actions.reactivate_user(actor, target),
    ],
)
def test_recovery_actions_require_grant_roles(agency_head_user, officer_user, call):
    with pytest.raises(NotPermitted):
        call(agency_head_user, officer_user)

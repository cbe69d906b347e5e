"""The audit administrator's read-only audit log, and the separation of the three administrators."""

import datetime
import itertools

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts import actions
from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import ADMINISTRATOR_ROLES, Role, role_capabilities


@pytest.fixture
def granted(security_admin_user, officer_user):
    """An administrator action and a non-administrator action in the log."""
    actions.set_roles(security_admin_user, officer_user, [Role.OFFICER, Role.DEPARTMENT_HEAD])
    actions.issue_api_token(officer_user, "对接")
    return officer_user


def test_three_administrators_capabilities_are_disjoint():
    for first, second in itertools.combinations(sorted(ADMINISTRATOR_ROLES), 2):
        overlap = role_capabilities(first) & role_capabilities(second)
        assert overlap == frozenset(), (first, second, overlap)


@pytest.mark.parametrize(
    "persona", ["system_admin_user", "security_admin_user", "agency_head_user", "supervisor_user"]
)
def test_audit_log_refuses_others(client, db, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("accounts:audit_log")).status_code == 403


def test_audit_log_shows_administrator_actions_by_default(client, audit_admin_user, granted):
    client.force_login(audit_admin_user)
    response = client.get(reverse("accounts:audit_log"))
    assert response.status_code == 200
    actions_shown = {row["entry"].action for row in response.context["rows"]}
    assert "roles_granted" in actions_shown
    assert "api_token_issued" not in actions_shown
    assert all(row["entry"].is_administrator_action for row in response.context["rows"])
    page = response.content.decode()
    assert "分配角色" in page
    assert "安全管理员" in page


def test_audit_log_filters(client, audit_admin_user, granted):
    client.force_login(audit_admin_user)
    url = reverse("accounts:audit_log")

    everything = client.get(url, {"scope": "all"})
    assert {row["entry"].action for row in everything.context["rows"]} >= {
        "roles_granted",
        "api_token_issued",
    }

    by_action = client.get(url, {"scope": "all", "action": "api_token_issued"})
    assert [row["entry"].action for row in by_action.context["rows"]] == ["api_token_issued"]
    assert "签发接口令牌" in by_action.content.decode()

    by_user = client.get(url, {"scope": "all", "user": "secadmin"})
    assert {row["entry"].actor_username for row in by_user.context["rows"]} == {"secadmin"}

    today = timezone.localdate()
    in_range = client.get(url, {"scope": "all", "date_from": today, "date_to": today})
    assert len(in_range.context["rows"]) >= 2
    yesterday = today - datetime.timedelta(days=1)
    before = client.get(url, {"scope": "all", "date_to": yesterday})
    assert before.context["rows"] == []


def test_audit_log_rejects_reversed_dates(client, audit_admin_user):
    client.force_login(audit_admin_user)
    today = timezone.localdate()
    response = client.get(
        reverse("accounts:audit_log"),
        {"date_from": today, "date_to": today - datetime.timedelta(days=3)},
    )
    assert "截止日期不能早于起始日期" in response.content.decode()


def test_audit_log_is_paginated(client, audit_admin_user, security_admin_user, officer_user):
    for index in range(51):
        roles = [Role.OFFICER, Role.DEPARTMENT_HEAD] if index % 2 == 0 else [Role.OFFICER]
        actions.set_roles(security_admin_user, officer_user, roles)
    client.force_login(audit_admin_user)
    total = AuditEntry.objects.filter(is_administrator_action=True).count()

    first = client.get(reverse("accounts:audit_log"))
    assert first.context["is_paginated"]
    assert len(first.context["rows"]) == 50
    second = client.get(reverse("accounts:audit_log"), {"page": 2})
    assert len(second.context["rows"]) == total - 50


def test_audit_admin_can_change_nothing(client, audit_admin_user, officer_user, agency_a, granted):
    client.force_login(audit_admin_user)
    before = AuditEntry.objects.count()
    posts = [
        (reverse("accounts:audit_log"), {}),
        (reverse("accounts:user_create"), {"username": "x", "full_name": "x"}),
        (reverse("accounts:user_roles", args=[officer_user.pk]), {"roles": [Role.AGENCY_HEAD]}),
        (reverse("accounts:user_deactivate", args=[officer_user.pk]), {}),
        (reverse("accounts:user_roles", args=[audit_admin_user.pk]), {"roles": []}),
        (reverse("accounts:token_issue"), {"name": "审计"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in {403, 405}, url

    officer_user = User.objects.get(pk=officer_user.pk)
    assert officer_user.is_active
    assert officer_user.roles == {Role.OFFICER, Role.DEPARTMENT_HEAD}
    assert User.objects.get(pk=audit_admin_user.pk).roles == {Role.AUDIT_ADMIN}
    assert AuditEntry.objects.count() == before


def test_audit_log_page_has_no_forms_that_post(client, audit_admin_user, granted):
    client.force_login(audit_admin_user)
    page = client.get(reverse("accounts:audit_log"), {"scope": "all"}).content.decode()
    # The only POST form on the page is the logout button in the header.
    assert page.count('method="post"') == 1


def _run_in_atomic(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL zhifa.allow_purge = off")
        cursor.execute(sql, params)


@pytest.fixture
def purge_closed(settings):
    # Test teardown opens the delete door on SQLite; close it as in production.
    settings.ZHIFA_ALLOW_PURGE = False


def test_database_refuses_audit_update(granted, purge_closed):
    entry = AuditEntry.objects.filter(action="roles_granted").get()
    table = AuditEntry._meta.db_table
    with pytest.raises(DatabaseError):
        _run_in_atomic(f"UPDATE {table} SET action = %s WHERE id = %s", ["login", entry.pk])  # noqa: S608
    assert AuditEntry.objects.get(pk=entry.pk).action == "roles_granted"


def test_database_refuses_audit_delete(granted, purge_closed):
    entry = AuditEntry.objects.filter(action="roles_granted").get()
    table = AuditEntry._meta.db_table
    with pytest.raises(DatabaseError):
        _run_in_atomic(f"DELETE FROM {table} WHERE id = %s", [entry.pk])  # noqa: S608
    assert AuditEntry.objects.filter(pk=entry.pk).exists()

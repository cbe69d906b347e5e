"""The security administrator's user and role pages, and the actions behind them."""

import pytest
from django.urls import reverse

from zhifa.accounts import actions
from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import Role
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed

STRONG_PASSWORD = "Dianshan-lake-2027"


def create_form(**overrides):
    data = {
        "username": "new_officer",
        "full_name": "王新",
        "agency": "",
        "department": "",
        "judicial_office": "",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("name", ["accounts:user_list", "accounts:user_create"])
@pytest.mark.parametrize(
    "persona", ["agency_head_user", "supervisor_user", "system_admin_user", "audit_admin_user"]
)
def test_user_pages_refuse_others(client, db, request, name, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name)).status_code == 403


def test_user_detail_refuses_others(client, agency_head_user, officer_user):
    client.force_login(agency_head_user)
    response = client.get(reverse("accounts:user_detail", args=[officer_user.pk]))
    assert response.status_code == 403


def test_unknown_user_gives_404(client, security_admin_user):
    client.force_login(security_admin_user)
    assert client.get(reverse("accounts:user_detail", args=[999999])).status_code == 404


def test_user_list_searches_and_filters(
    client, security_admin_user, officer_user, agency_head_user
):
    client.force_login(security_admin_user)
    page = client.get(reverse("accounts:user_list")).content.decode()
    assert "officer_a" in page
    assert "head_a" in page

    by_text = client.get(reverse("accounts:user_list"), {"q": "officer"}).content.decode()
    assert "officer_a" in by_text
    assert "head_a" not in by_text

    by_role = client.get(reverse("accounts:user_list"), {"role": Role.AGENCY_HEAD})
    names = [user.username for user in by_role.context["users"]]
    assert names == ["head_a"]


def test_create_user_is_audited(client, security_admin_user, agency_a):
    client.force_login(security_admin_user)
    department = agency_a.departments.first()
    response = client.post(
        reverse("accounts:user_create"),
        create_form(agency=agency_a.pk, department=department.pk),
    )
    user = User.objects.get(username="new_officer")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_detail", args=[user.pk])
    assert user.check_password(STRONG_PASSWORD)
    assert user.roles == set()
    assert user.agency == agency_a
    entry = AuditEntry.objects.get(action="user_created")
    assert entry.actor == security_admin_user
    assert entry.is_administrator_action
    assert entry.target_id == str(user.pk)


def test_create_user_rejects_weak_password_in_chinese(client, security_admin_user):
    client.force_login(security_admin_user)
    response = client.post(
        reverse("accounts:user_create"), create_form(password1="1234", password2="1234")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "密码太短" in page
    assert "不能全部是数字" in page
    assert not User.objects.filter(username="new_officer").exists()


def test_create_user_rejects_duplicate_username(client, security_admin_user, officer_user):
    client.force_login(security_admin_user)
    response = client.post(reverse("accounts:user_create"), create_form(username="OFFICER_A"))
    assert "已被使用" in response.content.decode()


def test_create_user_rejects_department_of_other_agency(
    client, security_admin_user, agency_a, agency_b
):
    client.force_login(security_admin_user)
    response = client.post(
        reverse("accounts:user_create"),
        create_form(agency=agency_a.pk, department=agency_b.departments.first().pk),
    )
    assert "所属部门必须是所属单位的内设部门" in response.content.decode()
    assert not User.objects.filter(username="new_officer").exists()


def test_grant_roles_is_audited_with_before_and_after(client, security_admin_user, officer_user):
    client.force_login(security_admin_user)
    response = client.post(
        reverse("accounts:user_roles", args=[officer_user.pk]),
        {"roles": [Role.OFFICER, Role.DEPARTMENT_HEAD]},
    )
    assert response.status_code == 302
    officer_user = User.objects.get(pk=officer_user.pk)
    assert officer_user.roles == {Role.OFFICER, Role.DEPARTMENT_HEAD}
    entry = AuditEntry.objects.get(action="roles_granted")
    assert entry.detail["before"] == [Role.OFFICER]
    assert entry.detail["after"] == sorted([Role.OFFICER, Role.DEPARTMENT_HEAD])
    assert entry.detail["added"] == [Role.DEPARTMENT_HEAD]
    assert entry.detail["removed"] == []


def test_remove_roles(client, security_admin_user, other_agency_user):
    client.force_login(security_admin_user)
    client.post(
        reverse("accounts:user_roles", args=[other_agency_user.pk]), {"roles": [Role.OFFICER]}
    )
    assert User.objects.get(pk=other_agency_user.pk).roles == {Role.OFFICER}
    entry = AuditEntry.objects.get(action="roles_granted")
    assert entry.detail["removed"] == [Role.AGENCY_HEAD]


def test_unchanged_roles_write_nothing(security_admin_user, officer_user):
    actions.set_roles(security_admin_user, officer_user, [Role.OFFICER])
    assert not AuditEntry.objects.filter(action="roles_granted").exists()


def test_security_admin_cannot_grant_own_roles(client, security_admin_user):
    client.force_login(security_admin_user)
    response = client.post(
        reverse("accounts:user_roles", args=[security_admin_user.pk]),
        {"roles": [Role.SECURITY_ADMIN, Role.SUPERVISOR]},
    )
    assert response.status_code == 200
    assert "不能调整本人账号的角色" in response.content.decode()
    assert User.objects.get(pk=security_admin_user.pk).roles == {Role.SECURITY_ADMIN}


def test_two_administrator_roles_refused(client, security_admin_user, system_admin_user):
    client.force_login(security_admin_user)
    response = client.post(
        reverse("accounts:user_roles", args=[system_admin_user.pk]),
        {"roles": [Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN]},
    )
    assert "必须由不同账号担任" in response.content.decode()
    assert User.objects.get(pk=system_admin_user.pk).roles == {Role.SYSTEM_ADMIN}
    assert not AuditEntry.objects.filter(action="roles_granted").exists()


def test_judicial_office_reviewer_needs_office(security_admin_user, officer_user):
    with pytest.raises(ValidationFailed, match="所属司法所") as raised:
        actions.set_roles(security_admin_user, officer_user, [Role.JUDICIAL_OFFICE_REVIEWER])
    assert raised.value.field == "roles"


def test_judicial_office_reviewer_with_office(security_admin_user, judicial_office_user):
    actions.set_roles(
        security_admin_user, judicial_office_user, [Role.JUDICIAL_OFFICE_REVIEWER]
    )  # it already has the role, so nothing changes
    user = actions.create_user(
        security_admin_user,
        username="sifasuo2",
        full_name="李审",
        password=STRONG_PASSWORD,
        judicial_office=judicial_office_user.judicial_office,
    )
    actions.set_roles(security_admin_user, user, [Role.JUDICIAL_OFFICE_REVIEWER])
    assert User.objects.get(pk=user.pk).roles == {Role.JUDICIAL_OFFICE_REVIEWER}


def test_agency_role_needs_agency(security_admin_user, supervisor_user):
    with pytest.raises(ValidationFailed, match="所属单位"):
        actions.set_roles(security_admin_user, supervisor_user, [Role.SUPERVISOR, Role.OFFICER])


def test_only_security_admin_may_grant(system_admin_user, officer_user):
    with pytest.raises(NotPermitted):
        actions.set_roles(system_admin_user, officer_user, [Role.AGENCY_HEAD])


def test_deactivate_user_is_audited(client, security_admin_user, officer_user):
    client.force_login(security_admin_user)
    response = client.post(reverse("accounts:user_deactivate", args=[officer_user.pk]))
    assert response.status_code == 302
    assert not User.objects.get(pk=officer_user.pk).is_active
    assert AuditEntry.objects.filter(action="user_deactivated", target_id=str(officer_user.pk))

    again = client.post(reverse("accounts:user_deactivate", args=[officer_user.pk]), follow=True)
    assert "该账号已经停用" in again.content.decode()


def test_deactivated_user_cannot_log_in(client, security_admin_user, officer_user):
    actions.deactivate_user(security_admin_user, officer_user)
    client.force_login(officer_user)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302


def test_security_admin_cannot_deactivate_self(client, security_admin_user):
    client.force_login(security_admin_user)
    response = client.post(
        reverse("accounts:user_deactivate", args=[security_admin_user.pk]), follow=True
    )
    assert "不能停用本人账号" in response.content.decode()
    assert User.objects.get(pk=security_admin_user.pk).is_active


def test_deactivated_user_gets_no_roles(security_admin_user, officer_user):
    actions.deactivate_user(security_admin_user, officer_user)
    with pytest.raises(InvalidTransition, match="已停用"):
        actions.set_roles(security_admin_user, officer_user, [Role.AGENCY_HEAD])


def test_set_roles_rejects_administrator_with_business_role(
    client, security_admin_user, make_user, agency_a
):
    admin = make_user("sysadmin_two", Role.SYSTEM_ADMIN, agency=agency_a)
    client.force_login(security_admin_user)
    response = client.post(
        reverse("accounts:user_roles", args=[admin.pk]),
        {"roles": [Role.SYSTEM_ADMIN, Role.OFFICER]},
    )
    assert response.status_code == 200
    assert "不能再担任其他角色" in response.content.decode()
    assert User.objects.get(pk=admin.pk).roles == {Role.SYSTEM_ADMIN}

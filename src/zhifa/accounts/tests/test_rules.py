"""Role grant rules, as a table of cases."""

import pytest

from zhifa.accounts.roles import Role
from zhifa.accounts.rules import role_grant_problems

# (own account, roles after the change, has agency, has judicial office, expected phrase or None)
CASES = [
    (False, {Role.OFFICER}, True, False, None),
    (False, {Role.OFFICER, Role.AGENCY_HEAD}, True, False, None),
    (False, {Role.OFFICER}, False, False, "所属单位"),
    (False, {Role.ARCHIVIST}, False, False, "所属单位"),
    (False, {Role.SUPERVISOR}, False, False, None),
    (False, {Role.ARCHIVES_BUREAU}, False, False, None),
    (False, {Role.JUDICIAL_OFFICE_REVIEWER}, False, True, None),
    (False, {Role.JUDICIAL_OFFICE_REVIEWER}, True, False, "司法所"),
    (False, {Role.SYSTEM_ADMIN}, False, False, None),
    (False, {Role.SECURITY_ADMIN}, False, False, None),
    (False, {Role.AUDIT_ADMIN}, False, False, None),
    (False, {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}, False, False, "不同账号"),
    (False, {Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN}, False, False, "不同账号"),
    (False, {Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}, False, False, "不同账号"),
    (False, {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}, False, False, "不同账号"),
    (False, {Role.SYSTEM_ADMIN, Role.SUPERVISOR}, False, False, "不能再担任其他角色"),
    (False, {Role.SECURITY_ADMIN, Role.ARCHIVES_BUREAU}, False, False, "不能再担任其他角色"),
    (False, {Role.AUDIT_ADMIN, Role.OFFICER}, True, False, "不能再担任其他角色"),
    (False, {Role.AUDIT_ADMIN, Role.JUDICIAL_OFFICE_REVIEWER}, False, True, "不能再担任其他角色"),
    (False, {Role.SYSTEM_ADMIN, Role.AGENCY_HEAD}, True, False, "不能再担任其他角色"),
    (True, {Role.SECURITY_ADMIN}, False, False, "本人账号"),
    (True, set(), False, False, "本人账号"),
    (False, set(), False, False, None),
    (False, {"no_such_role"}, True, True, "不存在"),
]


@pytest.mark.parametrize(("own", "roles", "has_agency", "has_office", "expected"), CASES)
def test_role_grant_rules(own, roles, has_agency, has_office, expected):
    problems = role_grant_problems(
        granting_own_account=own,
        roles=frozenset(roles),
        has_agency=has_agency,
        has_judicial_office=has_office,
    )
    if expected is None:
        assert problems == []
    else:
        assert any(expected in problem for problem in problems), problems


def test_every_problem_is_chinese():
    problems = role_grant_problems(
        granting_own_account=True,
        roles=frozenset({Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN, Role.OFFICER}),
        has_agency=False,
        has_judicial_office=False,
    )
    # Own account, two administrator roles, an administrator with another role, no agency.
    assert len(problems) == 4
    for problem in problems:
        assert any("\u4e00" <= char <= "\u9fff" for char in problem)


@pytest.mark.parametrize(
    "administrator", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN]
)
@pytest.mark.parametrize(
    "other", sorted(set(Role.values) - {"system_admin", "security_admin", "audit_admin"})
)
def test_administrator_holds_no_other_role(administrator, other):
    problems = role_grant_problems(
        granting_own_account=False,
        roles=frozenset({administrator, other}),
        has_agency=True,
        has_judicial_office=True,
    )
    assert len(problems) == 1
    assert "不能再担任其他角色" in problems[0]
    assert Role(other).label in problems[0]

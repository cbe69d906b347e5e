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
    assert len(problems) == 3
    for problem in problems:
        assert any("\u4e00" <= char <= "\u9fff" for char in problem)

"""Rules for granting roles, as pure functions over plain values.

Sources:
- Separation of the three administrators (三员分立): GB/T 22239-2019 (网络安全等级保护基本要求)
  requires the duties of system, security and audit administration to be separated, so one
  account never has two of these roles, and the security administrator, who grants roles,
  cannot change the roles of their own account. An administrator account holds no business
  role either, so that no one both handles cases and administers or audits the platform.
- Scope of the judicial office (司法所): a judicial office reviews the major decisions of the
  towns and street offices it covers, so its reviewers are defined by their office.
- Agency roles: officers, department heads, reviewers, publication approvers, agency heads and
  archivists act for one enforcement agency, so the account must name it.
"""

from collections.abc import Iterable

from zhifa.accounts.roles import ADMINISTRATOR_ROLES, Role

# Roles that act for one agency; the account's agency decides their scope.
AGENCY_ROLES = frozenset(
    {
        Role.OFFICER,
        Role.DEPARTMENT_HEAD,
        Role.PUBLICATION_APPROVER,
        Role.REVIEWER,
        Role.AGENCY_HEAD,
        Role.ARCHIVIST,
    }
)


def _labels(roles: Iterable[str]) -> str:
    return "、".join(Role(role).label for role in sorted(roles))


def role_grant_problems(
    *,
    granting_own_account: bool,
    roles: frozenset[str],
    has_agency: bool,
    has_judicial_office: bool,
) -> list[str]:
    """Return the Chinese reasons why an account may not hold ``roles``; empty if it may.

    ``roles`` is the complete set the account would hold after the change.
    """
    problems: list[str] = []

    unknown = sorted(set(roles) - set(Role.values))
    if unknown:
        problems.append(f"角色“{'、'.join(unknown)}”不存在，请从列表中选择。")
        return problems

    if granting_own_account:
        problems.append("安全管理员不能调整本人账号的角色，请由另一名安全管理员办理。")

    administrator_roles = roles & ADMINISTRATOR_ROLES
    other_roles = roles - ADMINISTRATOR_ROLES
    if len(administrator_roles) > 1:
        problems.append(
            f"同一账号不能同时担任{_labels(administrator_roles)}；"
            "系统管理员、安全管理员、安全审计员必须由不同账号担任。"
        )
    if administrator_roles and other_roles:
        problems.append(
            f"担任{_labels(administrator_roles)}的账号不能再担任其他角色"
            f"（{_labels(other_roles)}），请为业务工作另建账号。"
        )

    if Role.JUDICIAL_OFFICE_REVIEWER in roles and not has_judicial_office:
        problems.append("司法所审核人员必须指定所属司法所，请先在账号中填写所属司法所。")

    agency_roles = roles & AGENCY_ROLES
    if agency_roles and not has_agency:
        problems.append(f"角色{_labels(agency_roles)}须代表某一执法单位，请先为账号填写所属单位。")

    return problems

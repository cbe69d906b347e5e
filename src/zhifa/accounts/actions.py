"""Actions on accounts: users, roles, passwords, login lockouts and API tokens.

Each action checks the capability, writes inside one transaction and appends its audit entry
in that transaction, so an entry exists exactly when the change was committed.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from zhifa.accounts import lockout, rules
from zhifa.accounts.audit import record
from zhifa.accounts.models import ApiToken, User
from zhifa.accounts.passwords import check_password_strength
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Agency, Department, JudicialOffice
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed

logger = logging.getLogger(__name__)


def _require(user: User, capability: str) -> None:
    if not user.can(capability):
        raise NotPermitted(f"您的角色没有“{Capability(capability).label}”权限。")


def _clean_username(username: str) -> str:
    username = username.strip()
    if not username:
        raise ValidationFailed("请填写用户名。", field="username")
    if len(username) > 150:
        raise ValidationFailed("用户名不能超过 150 个字符。", field="username")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as error:
        raise ValidationFailed(
            "用户名只能包含字母、数字和 @ . + - _ 这几个符号。", field="username"
        ) from error
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(f"用户名“{username}”已被使用，请换一个。", field="username")
    return username


def create_user(
    actor: User,
    *,
    username: str,
    full_name: str,
    password: str,
    agency: Agency | None = None,
    department: Department | None = None,
    judicial_office: JudicialOffice | None = None,
    request: HttpRequest | None = None,
) -> User:
    """Create an account with no roles; roles are granted afterwards with ``set_roles``."""
    _require(actor, Capability.GRANT_ROLES)
    username = _clean_username(username)
    full_name = full_name.strip()
    if not full_name:
        raise ValidationFailed("请填写姓名。", field="full_name")
    if department is not None and (agency is None or department.agency_id != agency.pk):
        raise ValidationFailed("所属部门必须是所属单位的内设部门。", field="department")

    candidate = User(username=username, full_name=full_name)
    check_password_strength(password, candidate, field="password")

    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=password,
            full_name=full_name,
            agency=agency,
            department=department,
            judicial_office=judicial_office,
        )
        record(
            "user_created",
            actor=actor,
            target=user,
            agency_id=user.agency_id,
            request=request,
            detail={
                "username": user.username,
                "full_name": user.full_name,
                "agency_id": user.agency_id,
                "department_id": user.department_id,
                "judicial_office_id": user.judicial_office_id,
            },
        )
    logger.info("user %s created by %s", user.pk, actor.pk)
    return user


def set_roles(
    actor: User, target: User, roles: Iterable[str], *, request: HttpRequest | None = None
) -> User:
    """Replace the target's roles with ``roles``, checked against ``rules.role_grant_problems``."""
    _require(actor, Capability.GRANT_ROLES)
    after = frozenset(str(role) for role in roles)

    with transaction.atomic():
        # Locking the row makes two simultaneous grants on one account run one after the other.
        target = User.objects.select_for_update().get(pk=target.pk)
        if not target.is_active:
            raise InvalidTransition("该账号已停用，不能再分配角色。", field="roles")
        before = frozenset(target.roles)
        if after == before:
            return target

        problems = rules.role_grant_problems(
            granting_own_account=actor.pk == target.pk,
            roles=after,
            has_agency=target.agency_id is not None,
            has_judicial_office=target.judicial_office_id is not None,
        )
        if problems:
            raise ValidationFailed("".join(problems), field="roles")

        target.groups.set(Group.objects.filter(name__in=after))
        target._role_cache = set(after)
        target.__dict__.pop("_scope_cache", None)
        record(
            "roles_granted",
            actor=actor,
            target=target,
            agency_id=target.agency_id,
            request=request,
            detail={
                "before": sorted(before),
                "after": sorted(after),
                "added": sorted(after - before),
                "removed": sorted(before - after),
            },
        )
    logger.info("roles of user %s set by %s", target.pk, actor.pk)
    return target


def deactivate_user(actor: User, target: User, *, request: HttpRequest | None = None) -> User:
    """Stop an account from logging in or using its API tokens; its records stay."""
    _require(actor, Capability.GRANT_ROLES)
    if actor.pk == target.pk:
        raise ValidationFailed("不能停用本人账号，请由另一名安全管理员办理。", field="user")

    with transaction.atomic():
        target = User.objects.select_for_update().get(pk=target.pk)
        if not target.is_active:
            raise InvalidTransition("该账号已经停用。", field="user")
        target.is_active = False
        target.save(update_fields=["is_active"])
        record(
            "user_deactivated",
            actor=actor,
            target=target,
            agency_id=target.agency_id,
            request=request,
            detail={"roles": sorted(target.roles)},
        )
    logger.info("user %s deactivated by %s", target.pk, actor.pk)
    return target


def reactivate_user(actor: User, target: User, *, request: HttpRequest | None = None) -> User:
    """Let a deactivated account log in again, with the roles it had when it was stopped.

    Its API tokens that are neither revoked nor expired work again too.
    """
    _require(actor, Capability.GRANT_ROLES)

    with transaction.atomic():
        target = User.objects.select_for_update().get(pk=target.pk)
        if target.is_active:
            raise InvalidTransition("该账号没有停用，无需重新启用。", field="user")
        target.is_active = True
        target.save(update_fields=["is_active"])
        record(
            "user_reactivated",
            actor=actor,
            target=target,
            agency_id=target.agency_id,
            request=request,
            detail={"roles": sorted(target.roles)},
        )
    logger.info("user %s reactivated by %s", target.pk, actor.pk)
    return target


def unlock_user(actor: User, target: User, *, request: HttpRequest | None = None) -> int:
    """Lift the login lockout of the target's username and return how many records went."""
    _require(actor, Capability.GRANT_ROLES)

    with transaction.atomic():
        if not lockout.is_locked_out(target.username):
            raise InvalidTransition("该账号当前没有被锁定。", field="user")
        removed = lockout.reset_attempts(target.username)
        record(
            "user_unlocked",
            actor=actor,
            target=target,
            agency_id=target.agency_id,
            request=request,
            detail={"attempts": removed},
        )
    logger.info("login lockout of user %s lifted by %s", target.pk, actor.pk)
    return removed


def reset_password(
    actor: User, target: User, new_password: str, *, request: HttpRequest | None = None
) -> User:
    """Give the target a new initial password, which they must change at their next login.

    Setting the password ends the target's open sessions, because Django ties each session to
    the password hash.
    """
    _require(actor, Capability.GRANT_ROLES)
    if actor.pk == target.pk:
        raise ValidationFailed(
            "不能重置本人的密码，请在“个人设置”中修改本人密码。", field="password1"
        )
    check_password_strength(new_password, target, field="password1")

    with transaction.atomic():
        target = User.objects.select_for_update().get(pk=target.pk)
        if not target.is_active:
            raise InvalidTransition("该账号已停用，请先重新启用再重置密码。", field="password1")
        target.set_password(new_password)
        target.must_change_password = True
        target.save(update_fields=["password", "must_change_password"])
        record(
            "password_reset",
            actor=actor,
            target=target,
            agency_id=target.agency_id,
            request=request,
        )
    logger.info("password of user %s reset by %s", target.pk, actor.pk)
    return target


def change_password(user: User, new_password: str, *, request: HttpRequest | None = None) -> None:
    """Set the user's own password; the caller has already checked the old one.

    This also clears ``must_change_password`` after a reset by the security administrator.
    """
    if user.check_password(new_password):
        raise ValidationFailed("新密码不能与原密码相同。", field="new_password1")
    check_password_strength(new_password, user, field="new_password1")
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        record(
            "password_changed", actor=user, target=user, agency_id=user.agency_id, request=request
        )
    logger.info("user %s changed their password", user.pk)


# Lifetimes offered when issuing an API token, in days; the configured default is added.
API_TOKEN_DAY_CHOICES = (30, 90, 180)


def api_token_day_choices() -> list[int]:
    return sorted({*API_TOKEN_DAY_CHOICES, settings.ZHIFA_API_TOKEN_DAYS})


def issue_api_token(
    user: User, name: str, *, days: int | None = None, request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """Issue a token for the user's own API access; the key is returned once and not stored.

    The token expires after ``days`` days, one of ``api_token_day_choices()``; by default
    after ``settings.ZHIFA_API_TOKEN_DAYS``.
    """
    _require(user, Capability.VIEW_BACKOFFICE)
    name = name.strip()
    if not name:
        raise ValidationFailed("请填写令牌用途，例如“市执法系统对接”。", field="name")
    if len(name) > 60:
        raise ValidationFailed("令牌用途不能超过 60 个字符。", field="name")
    if days is None:
        days = settings.ZHIFA_API_TOKEN_DAYS
    choices = api_token_day_choices()
    if days not in choices:
        allowed = "、".join(str(choice) for choice in choices)
        raise ValidationFailed(f"有效期只能选择 {allowed} 天之一。", field="days")

    with transaction.atomic():
        token, key = ApiToken.issue(user, name, days=days)
        record(
            "api_token_issued",
            actor=user,
            target=token,
            agency_id=user.agency_id,
            request=request,
            detail={
                "name": token.name,
                "prefix": token.prefix,
                "days": days,
                "expires_at": token.expires_at.isoformat(),
            },
        )
    logger.info("api token %s issued to user %s", token.pk, user.pk)
    return token, key


def revoke_api_token(
    user: User, token: ApiToken, *, request: HttpRequest | None = None
) -> ApiToken:
    """Revoke one of the user's own tokens; a revoked token stops working at once."""
    if token.user_id != user.pk:
        raise NotFound("令牌不存在。", field="token")

    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise InvalidTransition("该令牌已经作废。", field="token")
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            "api_token_revoked",
            actor=user,
            target=token,
            agency_id=user.agency_id,
            request=request,
            detail={"name": token.name, "prefix": token.prefix},
        )
    logger.info("api token %s revoked by user %s", token.pk, user.pk)
    return token

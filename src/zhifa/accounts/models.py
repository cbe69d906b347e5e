"""Users, API tokens and the append-only audit log."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from zhifa.accounts.roles import ADMINISTRATOR_ROLES, Role, capabilities_of


class User(AbstractUser):
    """A platform user; the agency (or judicial office) decides what the user can see."""

    # Only district-wide roles manage accounts, so this path only matters if that changes.
    SCOPE_PATH = "agency"

    full_name = models.CharField("姓名", max_length=40, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    department = models.ForeignKey(
        "agencies.Department",
        verbose_name="所属部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    officer = models.OneToOneField(
        "agencies.Officer",
        verbose_name="对应执法人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user",
    )
    judicial_office = models.ForeignKey(
        "agencies.JudicialOffice",
        verbose_name="所属司法所",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    must_change_password = models.BooleanField(
        "须修改密码",
        default=False,
        help_text="安全管理员重置密码后为真；用户修改本人密码前只能访问修改密码页面。",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def roles(self) -> set[str]:
        cached: set[str] | None = getattr(self, "_role_cache", None)
        if cached is None:
            valid = set(Role.values)
            cached = {name for name in self.groups.values_list("name", flat=True) if name in valid}
            self._role_cache = cached
        return cached

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def can(self, capability: str) -> bool:
        return self.is_active and capability in capabilities_of(self.roles)

    @property
    def is_administrator(self) -> bool:
        return bool(self.roles & ADMINISTRATOR_ROLES)

    @property
    def role_labels(self) -> list[str]:
        return [Role(role).label for role in sorted(self.roles)]


def hash_token(key: str) -> str:
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API; only its digest is stored, the key is shown once."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField("用途", max_length=60)
    prefix = models.CharField("前缀", max_length=8)
    digest = models.CharField("摘要值", max_length=80, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)
    expires_at = models.DateTimeField("有效期至")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user: User, name: str, *, days: int | None = None) -> tuple["ApiToken", str]:
        """Create a token and return it with its key, which is not stored.

        The token is valid for ``days`` days, by default ``settings.ZHIFA_API_TOKEN_DAYS``.
        """
        if days is None:
            days = settings.ZHIFA_API_TOKEN_DAYS
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=key[:8],
            digest=hash_token(key),
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
        return token, key

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class AuditEntry(models.Model):
    """One security-relevant event; the database refuses UPDATE and DELETE on this table.

    The actor's name and roles are copied in, so the entry stays readable even if the account
    is later renamed; the account itself can never be deleted while entries point at it.
    """

    # A plain column, not a foreign key, so that entries outlive any agency row.
    SCOPE_PATH = "agency_id"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField("账号", max_length=150, blank=True)
    actor_roles = models.CharField("角色", max_length=300, blank=True)
    is_administrator_action = models.BooleanField("管理员操作", default=False, db_index=True)
    action = models.CharField("操作", max_length=60, db_index=True)
    target_type = models.CharField("对象类型", max_length=60, blank=True)
    target_id = models.CharField("对象编号", max_length=60, blank=True)
    target_label = models.CharField("对象", max_length=200, blank=True)
    agency_id = models.BigIntegerField("单位编号", null=True, blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

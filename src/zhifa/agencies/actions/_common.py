"""Checks shared by the agency actions."""

import datetime
import logging
from typing import Any, TypeVar

from django.db.models import Model
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import (
    Agency,
    Department,
    EnforcementDomain,
)
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed

logger = logging.getLogger(__name__)


ModelT = TypeVar("ModelT", bound=Model)

MAX_PHOTO_BYTES = 5 * 1024 * 1024
# Minimum width and height of an officer photo, in pixels.
MIN_PHOTO_SIDE = 100
# Pillow format name to the file extension the photo is stored under.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PHOTO_FOLDER = "officers/photos/"


# --- Shared checks -----------------------------------------------------------------------------


def _require(user: User, capability: str) -> None:
    if not user.can(capability):
        raise NotPermitted(f"您的角色没有“{Capability(capability).label}”权限。")


def _lock_in_scope(user: User, model: type[ModelT], pk: Any, label: str) -> ModelT:
    """Return the row locked for update, or raise ``NotFound`` when it is outside the scope."""
    manager = model._default_manager
    if not restrict(manager.filter(pk=pk), user).exists():
        raise NotFound(f"{label}不存在或不在您的管理范围内。")
    return manager.select_for_update().get(pk=pk)


def _today() -> datetime.date:
    return timezone.localdate()


def _required_text(value: str, field_name: str, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(f"请填写“{label}”。", field=field_name)
    if len(text) > max_length:
        raise ValidationFailed(f"“{label}”不能超过{max_length}个字。", field=field_name)
    return text


def _optional_text(value: str, field_name: str, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if len(text) > max_length:
        raise ValidationFailed(f"“{label}”不能超过{max_length}个字。", field=field_name)
    return text


def _not_in_future(day: datetime.date, field_name: str, label: str) -> None:
    if day > _today():
        raise ValidationFailed(
            f"“{label}”{day.isoformat()}晚于今天，请填写已经发生的日期。", field=field_name
        )


def _department_of(agency: Agency, department_id: int | None, field_name: str) -> Department | None:
    if department_id is None:
        return None
    department = Department.objects.filter(pk=department_id, agency=agency).first()
    if department is None:
        raise ValidationFailed(f"所选部门不是“{agency.short_name}”的内设部门。", field=field_name)
    return department


def _domains(domain_ids: list[int]) -> list[EnforcementDomain]:
    domains = list(EnforcementDomain.objects.filter(pk__in=domain_ids))
    if len(domains) != len(set(domain_ids)):
        raise ValidationFailed("所选执法领域不存在，请重新选择。", field="domains")
    return domains

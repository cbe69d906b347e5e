"""Recording officers' training hours (执法培训学时)."""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.actions._common import (
    _lock_in_scope,
    _not_in_future,
    _optional_text,
    _require,
    _required_text,
)
from zhifa.agencies.models import (
    Officer,
    TrainingRecord,
)
from zhifa.core.errors import ValidationFailed

logger = logging.getLogger(__name__)


# --- Training ----------------------------------------------------------------------------------


@dataclass
class TrainingInput:
    attended_on: datetime.date
    course: str
    hours: Decimal
    provider: str = ""


MAX_TRAINING_HOURS = Decimal("1000")


def record_training(
    user: User, officer: Officer, data: TrainingInput, *, request: HttpRequest | None = None
) -> TrainingRecord:
    """Record hours of enforcement training that an officer attended."""
    _require(user, Capability.MANAGE_OFFICERS)
    with transaction.atomic():
        officer = _lock_in_scope(user, Officer, officer.pk, "执法人员")
        course = _required_text(data.course, "course", "培训内容", 100)
        provider = _optional_text(data.provider, "provider", "组织单位", 100)
        _not_in_future(data.attended_on, "attended_on", "培训日期")
        hours = data.hours
        if hours is None or not Decimal(0) < hours < MAX_TRAINING_HOURS:
            raise ValidationFailed(
                f"“学时”应大于0且小于{MAX_TRAINING_HOURS}，实际为{hours}。", field="hours"
            )
        if hours != hours.quantize(Decimal("0.1")):
            raise ValidationFailed("“学时”最多保留一位小数。", field="hours")

        record = TrainingRecord.objects.create(
            officer=officer,
            attended_on=data.attended_on,
            course=course,
            hours=hours,
            provider=provider,
        )
        audit.record(
            "training_recorded",
            actor=user,
            target=record,
            agency_id=officer.agency_id,
            request=request,
            detail={"officer": officer.pk, "hours": str(hours)},
        )
    logger.info("training of %s hours recorded for officer %s", hours, officer.pk)
    return record

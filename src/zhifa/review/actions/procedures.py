"""Review procedures (法制审核工作程序): each agency records versions, and the review period.

A version states the materials, the method, the time limits, the responsibilities and how
objections are handled. It may override the district's review and extension periods in
working days; otherwise the rule parameters ``review_working_days`` and
``review_extension_working_days`` apply.
"""

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import scope_for
from zhifa.agencies.models import Agency
from zhifa.cases.actions._common import require, required_text
from zhifa.core.errors import NotFound, ValidationFailed
from zhifa.core.rules import parameter
from zhifa.review.models import ReviewProcedure

logger = logging.getLogger(__name__)

# A period beyond this many working days (about three months) is a typing error, not a rule.
MAX_PERIOD_WORKING_DAYS = 60


@dataclass
class ProcedureInput:
    effective_from: datetime.date | None
    materials: str
    method: str
    time_limits: str
    responsibilities: str
    objections: str
    review_working_days: int | None = None
    extension_working_days: int | None = None


def _period(value: int | None, field_name: str, label: str) -> int | None:
    if value is None:
        return None
    if not 1 <= value <= MAX_PERIOD_WORKING_DAYS:
        raise ValidationFailed(
            f"“{label}”应为 1 至 {MAX_PERIOD_WORKING_DAYS} 个工作日，或留空适用全区默认期限。",
            field=field_name,
        )
    return value


def record_procedure(
    user: User, agency_id: int, data: ProcedureInput, *, request: Any = None
) -> ReviewProcedure:
    """Record the agency's next procedure version; earlier versions stay as they were."""
    require(user, Capability.MANAGE_REVIEW_CATALOG)
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None or not scope_for(user).includes(agency_id):
        raise NotFound("执法主体不存在或不在您的管理范围内。", field="agency")
    if data.effective_from is None:
        raise ValidationFailed("请填写“施行日期”。", field="effective_from")
    values = {
        "effective_from": data.effective_from,
        "materials": required_text(data.materials, "materials", "送审材料"),
        "method": required_text(data.method, "method", "审核方式"),
        "time_limits": required_text(data.time_limits, "time_limits", "审核时限"),
        "responsibilities": required_text(data.responsibilities, "responsibilities", "责任划分"),
        "objections": required_text(data.objections, "objections", "意见分歧处理"),
        "review_working_days": _period(data.review_working_days, "review_working_days", "审核期限"),
        "extension_working_days": _period(
            data.extension_working_days, "extension_working_days", "延长期限"
        ),
    }

    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        last = ReviewProcedure.objects.filter(agency=agency).aggregate(last=Max("version"))
        procedure = ReviewProcedure.objects.create(
            agency=agency, version=(last["last"] or 0) + 1, created_by=user, **values
        )
        audit.record(
            "review_procedure_recorded",
            actor=user,
            target=procedure,
            agency_id=agency.pk,
            request=request,
            detail={"version": procedure.version},
        )
    logger.info("review procedure %s recorded", procedure.pk, extra={"agency_id": agency.pk})
    return procedure


def procedure_in_force(agency_id: int, day: datetime.date) -> ReviewProcedure | None:
    """Return the latest version already effective on ``day``, or None."""
    return (
        ReviewProcedure.objects.filter(agency_id=agency_id, effective_from__lte=day)
        .order_by("-effective_from", "-version")
        .first()
    )


def review_period(agency_id: int, day: datetime.date) -> tuple[int, int]:
    """Return (review working days, extension working days) for a review starting on ``day``.

    The agency's procedure in force on that day overrides each figure it sets; the district
    rule parameters supply the rest.
    """
    procedure = procedure_in_force(agency_id, day)
    working_days = procedure.review_working_days if procedure else None
    extension_days = procedure.extension_working_days if procedure else None
    if working_days is None:
        working_days = int(parameter("review_working_days"))
    if extension_days is None:
        extension_days = int(parameter("review_extension_working_days"))
    return working_days, extension_days

"""Assigning and ending legal reviewers (法制审核人员)."""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies import rules
from zhifa.agencies.actions._common import (
    _lock_in_scope,
    _not_in_future,
    _optional_text,
    _require,
    _required_text,
)
from zhifa.agencies.models import (
    Agency,
    Officer,
    Reviewer,
    ReviewerKind,
)
from zhifa.core.errors import ValidationFailed

logger = logging.getLogger(__name__)


# --- Reviewers ---------------------------------------------------------------------------------


@dataclass
class ReviewerInput:
    """A person to assign to legal review; ``officer_id`` links an officer of the same agency."""

    started_on: datetime.date
    kind: str = ReviewerKind.STAFF
    full_name: str = ""
    officer_id: int | None = None
    legal_qualification: bool = False
    legal_qualification_number: str = ""


def _reviewer_officer(agency: Agency, data: ReviewerInput) -> Officer | None:
    if data.officer_id is None:
        return None
    officer = Officer.objects.filter(pk=data.officer_id, agency=agency).first()
    if officer is None:
        raise ValidationFailed(
            f"所选执法人员不属于“{agency.short_name}”，请重新选择。", field="officer"
        )
    already = Reviewer.objects.filter(agency=agency, officer=officer, ended_on__isnull=True)
    if already.exists():
        raise ValidationFailed(f"{officer.full_name}已是本单位的法制审核人员。", field="officer")
    return officer


def assign_reviewer(
    user: User, agency: Agency, data: ReviewerInput, *, request: HttpRequest | None = None
) -> Reviewer:
    """Assign a person to the agency's legal review, enforcing the qualification rule."""
    _require(user, Capability.MANAGE_REVIEWERS)
    with transaction.atomic():
        agency = _lock_in_scope(user, Agency, agency.pk, "执法主体")
        if data.kind not in ReviewerKind.values:
            raise ValidationFailed("请从列表中选择“类别”。", field="kind")
        officer = _reviewer_officer(agency, data)

        full_name = data.full_name.strip() or (officer.full_name if officer else "")
        full_name = _required_text(full_name, "full_name", "姓名", 40)
        qualified = data.legal_qualification or bool(officer and officer.legal_qualification)
        number = data.legal_qualification_number.strip() or (
            officer.legal_qualification_number if officer else ""
        )
        number = _optional_text(number, "legal_qualification_number", "法律职业资格证书编号", 40)
        if qualified and not number:
            raise ValidationFailed(
                "已取得法律职业资格的，请填写“法律职业资格证书编号”。",
                field="legal_qualification_number",
            )
        _not_in_future(data.started_on, "started_on", "开始从事法制审核日期")
        outcome = rules.check_reviewer_qualification(data.started_on, qualified)
        if not outcome.allowed:
            raise ValidationFailed(outcome.reason, field="legal_qualification")

        reviewer = Reviewer.objects.create(
            agency=agency,
            full_name=full_name,
            kind=data.kind,
            officer=officer,
            started_on=data.started_on,
            legal_qualification=qualified,
            legal_qualification_number=number if qualified else "",
        )
        audit.record(
            "reviewer_assigned",
            actor=user,
            target=reviewer,
            agency_id=agency.pk,
            request=request,
            detail={"kind": data.kind, "started_on": data.started_on.isoformat()},
        )
    logger.info("reviewer %s assigned in agency %s", reviewer.pk, agency.pk)
    return reviewer


def end_reviewer(
    user: User,
    reviewer: Reviewer,
    ended_on: datetime.date,
    *,
    request: HttpRequest | None = None,
) -> Reviewer:
    """Record the last day a person does legal review for the agency."""
    _require(user, Capability.MANAGE_REVIEWERS)
    with transaction.atomic():
        reviewer = _lock_in_scope(user, Reviewer, reviewer.pk, "法制审核人员")
        if reviewer.ended_on is not None:
            raise ValidationFailed(
                f"{reviewer.full_name}已于{reviewer.ended_on.isoformat()}离岗。", field="ended_on"
            )
        if ended_on < reviewer.started_on:
            raise ValidationFailed(
                f"“结束日期”不能早于开始日期{reviewer.started_on.isoformat()}。", field="ended_on"
            )
        reviewer.ended_on = ended_on
        reviewer.save(update_fields=["ended_on"])
        audit.record(
            "reviewer_ended",
            actor=user,
            target=reviewer,
            agency_id=reviewer.agency_id,
            request=request,
            detail={"ended_on": ended_on.isoformat()},
        )
    logger.info("reviewer %s ended on %s", reviewer.pk, ended_on)
    return reviewer

"""Helpers the complaint actions share: loading in scope, due dates, history and audit."""

import datetime
import logging
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.core.rules import parameter
from zhifa.core.workdays import CalendarNotCovered, add_working_days, shanghai_date
from zhifa.supervision.complaints.models import Complaint, ComplaintEvent, ComplaintEventKind

logger = logging.getLogger(__name__)

REPLY_DAYS_KEY = "complaint_reply_working_days"
TRANSFER_DAYS_KEY = "complaint_transfer_working_days"

# The names written in the audit log and the history for steps without a signed-in user.
PUBLIC_ACTOR = "公众"
HOTLINE_ACTOR = "12345市民服务热线"


def require_any(user: User, *capabilities: Capability) -> None:
    if not any(user.can(capability) for capability in capabilities):
        labels = "或".join(f"“{capability.label}”" for capability in capabilities)
        raise NotPermitted(f"您的角色没有{labels}权限。")


def complaint_for_update(user: User, complaint_id: int) -> Complaint:
    """Lock and return a complaint in the user's scope; one outside it is not found."""
    queryset: QuerySet[Complaint] = Complaint.objects.select_for_update()
    complaint = restrict(queryset, user).filter(pk=complaint_id).first()
    if complaint is None:
        raise NotFound("投诉举报不存在或不在您的办理范围内。", field="complaint")
    return complaint


def working_days_due(start: datetime.datetime, key: str) -> datetime.date | None:
    """Return the deadline ``parameter(key)`` working days after the Shanghai date of ``start``.

    Returns None when the calendar does not cover the year the deadline falls in. Complaint
    intake must not fail for that reason, so the daily job computes the date once the
    holiday schedule is imported.
    """
    days = int(parameter(key))
    try:
        return add_working_days(shanghai_date(start), days)
    except CalendarNotCovered as error:
        logger.warning("complaint deadline %s not computed: calendar lacks %s", key, error.year)
        return None


def set_due_dates(complaint: Complaint, start: datetime.datetime) -> None:
    complaint.reply_due_on = working_days_due(start, REPLY_DAYS_KEY)
    complaint.transfer_due_on = working_days_due(start, TRANSFER_DAYS_KEY)


def step_time(complaint: Complaint, occurred_at: datetime.datetime | None) -> datetime.datetime:
    """Return when a handling step happened: now, or a given earlier time for imports and demos.

    A given time must lie between the complaint's receipt and now, so the history stays in order.
    """
    now = timezone.now()
    if occurred_at is None:
        return now
    if occurred_at > now:
        raise ValidationFailed("办理时间晚于当前时间，请核对。", field="occurred_at")
    if occurred_at < complaint.received_at:
        raise ValidationFailed("办理时间早于收到投诉举报的时间，请核对。", field="occurred_at")
    return occurred_at


def add_event(
    complaint: Complaint,
    kind: ComplaintEventKind,
    actor: User | None,
    note: str = "",
    name: str = "",
    occurred_at: datetime.datetime | None = None,
) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=complaint,
        kind=kind,
        note=note,
        agency_id=complaint.agency_id,
        actor=actor,
        actor_name=str(actor) if actor is not None else name,
        occurred_at=occurred_at or timezone.now(),
    )


def record_audit(
    action: str,
    complaint: Complaint,
    actor: User | None,
    detail: dict[str, Any] | None = None,
    name: str = "",
) -> None:
    audit.record(
        action,
        actor=actor,
        target=complaint,
        agency_id=complaint.agency_id,
        username=name,
        detail={"status": complaint.status, **(detail or {})},
    )

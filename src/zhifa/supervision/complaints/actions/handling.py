"""The bureau's routing and the agency's handling of a complaint.

Allowed steps, by the status they start from:

    待分办  --route-->     办理中            (bureau, ROUTE_COMPLAINTS)
    办理中  --accept-->    办理中, accepted  (agency, HANDLE_COMPLAINTS)
    办理中  --reply-->     已答复
    办理中  --reject-->    不予受理
    办理中  --transfer-->  办理中 at another agency of the platform, or 已移送 outside it

Routing and a transfer within the platform restart the working-day deadlines from the day the
new agency receives the complaint, because the agency's period runs from its own receipt.

Each step takes an optional ``occurred_at`` for steps recorded after they happened, as in the
demo data. Pages never pass it, so their steps carry the current time.
"""

import datetime
import logging

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Agency
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.core.workdays import shanghai_date
from zhifa.supervision.complaints import rules
from zhifa.supervision.complaints.actions._common import (
    add_event,
    complaint_for_update,
    record_audit,
    require_any,
    set_due_dates,
    step_time,
)
from zhifa.supervision.complaints.models import Complaint, ComplaintEventKind, ComplaintStatus

logger = logging.getLogger(__name__)

MAX_BODY_NAME_CHARS = 100


def _require_status(complaint: Complaint, *allowed: ComplaintStatus, step: str) -> None:
    if complaint.status not in allowed:
        names = "、".join(status.label for status in allowed)
        raise InvalidTransition(
            f"该投诉举报当前为“{complaint.get_status_display()}”，只有“{names}”的才能{step}。",
            field="status",
        )


def _agency(agency_id: int | None, field: str) -> Agency:
    agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    if agency is None:
        raise ValidationFailed("请选择办理单位。", field=field)
    return agency


def route_complaint(
    user: User,
    complaint_id: int,
    agency_id: int | None,
    note: str = "",
    *,
    occurred_at: datetime.datetime | None = None,
) -> Complaint:
    """Assign an unrouted complaint to the agency that must handle it (分办)."""
    require_any(user, Capability.ROUTE_COMPLAINTS)
    with transaction.atomic():
        complaint = complaint_for_update(user, complaint_id)
        _require_status(complaint, ComplaintStatus.UNROUTED, step="分办")
        agency = _agency(agency_id, "agency")

        now = step_time(complaint, occurred_at)
        complaint.agency = agency
        complaint.routed_at = now
        complaint.status = ComplaintStatus.HANDLING
        set_due_dates(complaint, now)
        complaint.save(
            update_fields=[
                "agency",
                "routed_at",
                "status",
                "reply_due_on",
                "transfer_due_on",
                "updated_at",
            ]
        )
        note = f"分办至{agency.name}。{note}".strip()
        add_event(complaint, ComplaintEventKind.ROUTED, user, note, occurred_at=now)
        record_audit("complaint_routed", complaint, user, {"agency": agency.pk})
    logger.info("complaint %s routed to agency %s", complaint.pk, agency.pk)
    return complaint


def accept_complaint(
    user: User, complaint_id: int, *, occurred_at: datetime.datetime | None = None
) -> Complaint:
    """Record that the agency accepted the complaint for handling (受理)."""
    require_any(user, Capability.HANDLE_COMPLAINTS)
    with transaction.atomic():
        complaint = complaint_for_update(user, complaint_id)
        _require_status(complaint, ComplaintStatus.HANDLING, step="受理")
        if complaint.accepted_at is not None:
            raise InvalidTransition("该投诉举报已受理，无需重复受理。", field="status")

        complaint.accepted_at = step_time(complaint, occurred_at)
        complaint.save(update_fields=["accepted_at", "updated_at"])
        add_event(complaint, ComplaintEventKind.ACCEPTED, user, occurred_at=complaint.accepted_at)
        record_audit("complaint_accepted", complaint, user)
    return complaint


# TODO: no email or SMS goes to the complainant on a reply; the lookup code is the only way.
def reply_to_complaint(
    user: User, complaint_id: int, text: str, *, occurred_at: datetime.datetime | None = None
) -> Complaint:
    """Close the complaint with a reasoned reply; an unaccepted one is accepted at the same time."""
    return _close(user, complaint_id, text, ComplaintStatus.REPLIED, occurred_at)


def reject_complaint(
    user: User, complaint_id: int, text: str, *, occurred_at: datetime.datetime | None = None
) -> Complaint:
    """Close the complaint as not accepted (不予受理), with the reasons given to the complainant."""
    return _close(user, complaint_id, text, ComplaintStatus.NOT_ACCEPTED, occurred_at)


def _close(
    user: User,
    complaint_id: int,
    text: str,
    status: ComplaintStatus,
    occurred_at: datetime.datetime | None,
) -> Complaint:
    require_any(user, Capability.HANDLE_COMPLAINTS)
    reply = rules.check_reply(text)
    with transaction.atomic():
        complaint = complaint_for_update(user, complaint_id)
        _require_status(complaint, ComplaintStatus.HANDLING, step=status.label)

        now = step_time(complaint, occurred_at)
        fields = ["status", "reply", "replied_at", "replied_by", "updated_at"]
        if status == ComplaintStatus.REPLIED and complaint.accepted_at is None:
            complaint.accepted_at = now
            fields.append("accepted_at")
        complaint.status = status
        complaint.reply = reply
        complaint.replied_at = now
        complaint.replied_by = user
        complaint.save(update_fields=fields)

        kind = (
            ComplaintEventKind.REPLIED
            if status == ComplaintStatus.REPLIED
            else ComplaintEventKind.NOT_ACCEPTED
        )
        add_event(complaint, kind, user, reply, occurred_at=now)
        on_time = complaint.reply_due_on is None or shanghai_date(now) <= complaint.reply_due_on
        record_audit(f"complaint_{kind.value}", complaint, user, {"on_time": on_time})
    logger.info("complaint %s closed as %s", complaint.pk, status.value)
    return complaint


def transfer_complaint(
    user: User,
    complaint_id: int,
    reason: str,
    *,
    agency_id: int | None = None,
    outside_body: str = "",
    occurred_at: datetime.datetime | None = None,
) -> Complaint:
    """Transfer a complaint outside the agency's remit (移送), with the reason.

    With ``agency_id`` the complaint moves to that agency of the platform and stays open
    there. With ``outside_body`` it goes to an organ outside the platform, and the complaint
    closes here as 已移送. The lookup page shows the organ's name and the reason.
    """
    require_any(user, Capability.HANDLE_COMPLAINTS)
    reason = rules.check_reason(reason, field="reason", label="移送理由")
    outside_body = (outside_body or "").strip()
    if bool(agency_id) == bool(outside_body):
        raise ValidationFailed(
            "请选择移送的执法主体，或填写平台以外的受移送机关名称，二者填一项。", field="agency"
        )
    if len(outside_body) > MAX_BODY_NAME_CHARS:
        raise ValidationFailed(
            f"受移送机关名称不超过{MAX_BODY_NAME_CHARS}个字。", field="outside_body"
        )

    with transaction.atomic():
        complaint = complaint_for_update(user, complaint_id)
        _require_status(complaint, ComplaintStatus.HANDLING, step="移送")
        from_agency = complaint.agency
        now = step_time(complaint, occurred_at)
        on_time = (
            complaint.transfer_due_on is None or shanghai_date(now) <= complaint.transfer_due_on
        )

        if agency_id:
            target = _agency(agency_id, "agency")
            if target.pk == complaint.agency_id:
                raise ValidationFailed("不能移送给本单位，请选择其他执法主体。", field="agency")
            complaint.agency = target
            complaint.routed_at = now
            complaint.accepted_at = None
            set_due_dates(complaint, now)
            destination = target.name
        else:
            complaint.status = ComplaintStatus.TRANSFERRED
            complaint.transferred_to = outside_body
            destination = outside_body
        complaint.transfer_reason = reason
        complaint.save()

        note = f"由{from_agency.name if from_agency else '—'}移送至{destination}。理由：{reason}"
        add_event(complaint, ComplaintEventKind.TRANSFERRED, user, note, occurred_at=now)
        record_audit(
            "complaint_transferred",
            complaint,
            user,
            {
                "from": from_agency.pk if from_agency else None,
                "to": destination,
                "on_time": on_time,
            },
        )
    logger.info("complaint %s transferred to %s", complaint.pk, destination)
    return complaint

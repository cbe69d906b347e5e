"""Receiving a complaint or report from the public (投诉举报) through the portal or by hand."""

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.core.errors import ValidationFailed
from zhifa.supervision.complaints import rules
from zhifa.supervision.complaints.actions._common import (
    PUBLIC_ACTOR,
    add_event,
    record_audit,
    set_due_dates,
)
from zhifa.supervision.complaints.models import (
    Channel,
    Complaint,
    ComplaintEventKind,
    ComplaintKind,
    ComplaintStatus,
)

logger = logging.getLogger(__name__)

MAX_NAME_CHARS = 100
MAX_DECISION_NUMBER_CHARS = 100
LOOKUP_CODE_ATTEMPTS = 5


@dataclass(frozen=True)
class ComplaintInput:
    """The fields of one submitted complaint; contact details are optional only when anonymous."""

    kind: str
    content: str
    is_anonymous: bool = False
    name: str = ""
    phone: str = ""
    email: str = ""
    agency_id: int | None = None
    subject_agency_name: str = ""
    decision_number: str = ""


@dataclass(frozen=True)
class CheckedInput:
    kind: str
    content: str
    is_anonymous: bool
    name: str
    phone: str
    email: str
    agency: Agency | None
    subject_agency_name: str
    decision_number: str


def check_input(data: ComplaintInput) -> CheckedInput:
    """Return the cleaned input, or raise ``ValidationFailed`` naming the first bad field."""
    if data.kind not in ComplaintKind.values:
        raise ValidationFailed("请选择类别：投诉或举报。", field="kind")
    content = rules.check_content(data.content)
    name = (data.name or "").strip()
    phone = rules.check_phone(data.phone)
    email = _check_email(data.email)
    if len(name) > MAX_NAME_CHARS:
        raise ValidationFailed(f"姓名或名称不超过{MAX_NAME_CHARS}个字。", field="name")
    if not data.is_anonymous:
        if not name:
            raise ValidationFailed(
                "实名投诉举报请填写姓名或名称；不愿留名的请勾选“匿名”。", field="name"
            )
        if not phone and not email:
            raise ValidationFailed(
                "实名投诉举报请至少填写联系电话或电子邮箱中的一项，以便办理单位联系答复。",
                field="phone",
            )

    agency = _find_agency(data.agency_id)
    subject = (data.subject_agency_name or "").strip()[:MAX_NAME_CHARS]
    if agency is not None and not subject:
        subject = agency.name
    decision_number = (data.decision_number or "").strip()
    if len(decision_number) > MAX_DECISION_NUMBER_CHARS:
        raise ValidationFailed(
            f"决定书文号不超过{MAX_DECISION_NUMBER_CHARS}个字。", field="decision_number"
        )
    return CheckedInput(
        kind=data.kind,
        content=content,
        is_anonymous=data.is_anonymous,
        name=name,
        phone=phone,
        email=email,
        agency=agency,
        subject_agency_name=subject,
        decision_number=decision_number,
    )


def _check_email(text: str) -> str:
    email = (text or "").strip()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationFailed(
            f"电子邮箱“{email}”格式无效，例如 name@example.com。", field="email"
        ) from error
    return email


def _find_agency(agency_id: int | None) -> Agency | None:
    if agency_id is None:
        return None
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise ValidationFailed("所选被投诉举报单位不存在，请重新选择。", field="agency")
    return agency


def submit_complaint(
    data: ComplaintInput,
    *,
    channel: str = Channel.PORTAL,
    received_at: datetime.datetime | None = None,
) -> Complaint:
    """Store a complaint; one that names an agency goes straight to it, others to the bureau."""
    checked = check_input(data)
    with transaction.atomic():
        return create_complaint(checked, channel, received_at or timezone.now())


def unused_lookup_code() -> str:
    """Draw codes until one is not stored yet; with 31**12 codes a second draw is rare."""
    for _ in range(LOOKUP_CODE_ATTEMPTS):
        code = rules.new_lookup_code()
        if not Complaint.objects.filter(lookup_code=code).exists():
            return code
    raise RuntimeError("could not draw an unused complaint lookup code")


def create_complaint(
    checked: CheckedInput, channel: str, received: datetime.datetime, source_id: str = ""
) -> Complaint:
    """Write a checked complaint with its first history entry inside the caller's transaction."""
    complaint = Complaint(
        kind=checked.kind,
        channel=channel,
        source_id=source_id,
        lookup_code=unused_lookup_code(),
        is_anonymous=checked.is_anonymous,
        name=checked.name,
        phone=checked.phone,
        email=checked.email,
        subject_agency_name=checked.subject_agency_name,
        agency=checked.agency,
        decision_number=checked.decision_number,
        content=checked.content,
        received_at=received,
    )
    if checked.agency is not None:
        complaint.status = ComplaintStatus.HANDLING
        complaint.routed_at = received
    set_due_dates(complaint, received)
    complaint.save()

    name = PUBLIC_ACTOR if channel == Channel.PORTAL else Channel(channel).label
    add_event(complaint, ComplaintEventKind.RECEIVED, None, Channel(channel).label, name=name)
    record_audit("complaint_received", complaint, None, {"channel": channel}, name=name)
    logger.info(
        "complaint %s received via %s",
        complaint.pk,
        channel,
        extra={"agency_id": complaint.agency_id},
    )
    return complaint

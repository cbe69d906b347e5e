"""Receiving a complaint or report from the public (投诉举报) through the portal or by hand."""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

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

_T = TypeVar("_T")


@dataclass(frozen=True)
class ComplaintInput:
    """The fields of one submitted complaint, whose contact details are ignored if anonymous."""

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


@dataclass(frozen=True)
class ContactWording:
    """The messages for a named complaint that lacks a name or a way to reply, per channel."""

    missing_name: str
    missing_contact: str


PORTAL_WORDING = ContactWording(
    missing_name="实名投诉举报请填写姓名或名称；不愿留名的请勾选“匿名”。",
    missing_contact="实名投诉举报请至少填写联系电话或电子邮箱中的一项，以便办理单位联系答复。",
)


class InputInvalid(ValidationFailed):
    """Every problem found in one complaint, whose ``message`` and ``field`` are the first's."""

    def __init__(self, problems: list[ValidationFailed]):
        super().__init__(problems[0].message, field=problems[0].field)
        self.problems = problems


def check_input(data: ComplaintInput, wording: ContactWording = PORTAL_WORDING) -> CheckedInput:
    """Return the cleaned input, or raise ``InputInvalid`` listing every bad field.

    An anonymous complaint keeps no contact details: the name, phone and email given with it
    are dropped unchecked, so the agency cannot identify or call the complainant.
    """
    problems: list[ValidationFailed] = []

    def checked(check: Callable[[], _T], default: _T) -> _T:
        try:
            return check()
        except ValidationFailed as error:
            problems.append(error)
            return default

    if data.kind not in ComplaintKind.values:
        problems.append(ValidationFailed("请选择类别：投诉或举报。", field="kind"))
    content = checked(lambda: rules.check_content(data.content), "")
    name = phone = email = ""
    if not data.is_anonymous:
        name = checked(lambda: _check_name(data.name, wording), "")
        phone = checked(lambda: rules.check_phone(data.phone), "")
        email = checked(lambda: _check_email(data.email), "")
        contact_invalid = any(problem.field in ("phone", "email") for problem in problems)
        if not contact_invalid and not phone and not email:
            problems.append(ValidationFailed(wording.missing_contact, field="phone"))
    agency = checked(lambda: _find_agency(data.agency_id), None)
    decision_number = checked(lambda: _check_decision_number(data.decision_number), "")
    if problems:
        raise InputInvalid(problems)

    subject = (data.subject_agency_name or "").strip()[:MAX_NAME_CHARS]
    if agency is not None and not subject:
        subject = agency.name
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


def _check_name(text: str, wording: ContactWording) -> str:
    name = (text or "").strip()
    if not name:
        raise ValidationFailed(wording.missing_name, field="name")
    if len(name) > MAX_NAME_CHARS:
        raise ValidationFailed(f"姓名或名称不超过{MAX_NAME_CHARS}个字。", field="name")
    return name


def _check_decision_number(text: str) -> str:
    decision_number = (text or "").strip()
    if len(decision_number) > MAX_DECISION_NUMBER_CHARS:
        raise ValidationFailed(
            f"决定书文号不超过{MAX_DECISION_NUMBER_CHARS}个字。", field="decision_number"
        )
    return decision_number


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
    add_event(
        complaint,
        ComplaintEventKind.RECEIVED,
        None,
        Channel(channel).label,
        name=name,
        occurred_at=received,
    )
    record_audit("complaint_received", complaint, None, {"channel": channel}, name=name)
    logger.info(
        "complaint %s received via %s",
        complaint.pk,
        channel,
        extra={"agency_id": complaint.agency_id},
    )
    return complaint

"""Importing 12345 hotline tickets through the data exchange, all or nothing.

Each file is recorded as an ``ExchangeBatch`` of the exchange source with code ``12345``, which
the first import registers. Every ticket is checked before anything is written: one bad ticket
rejects the whole file, and the rejected batch keeps the errors by row. A ticket imported
again (same 工单编号) updates its complaint instead of adding a second one.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Agency
from zhifa.cases.models import ExchangeBatch, ExchangeBatchStatus, ExchangeSource
from zhifa.core.errors import ValidationFailed
from zhifa.supervision.complaints import hotline_format
from zhifa.supervision.complaints.actions._common import (
    HOTLINE_ACTOR,
    add_event,
    record_audit,
    require_any,
    set_due_dates,
)
from zhifa.supervision.complaints.actions.intake import (
    CheckedInput,
    ComplaintInput,
    check_input,
    create_complaint,
)
from zhifa.supervision.complaints.hotline_format import FIELD_LABELS, TicketRow
from zhifa.supervision.complaints.models import (
    Channel,
    Complaint,
    ComplaintEventKind,
    ComplaintKind,
    ComplaintStatus,
)

logger = logging.getLogger(__name__)

HOTLINE_SOURCE_CODE = "12345"
HOTLINE_SOURCE_NAME = "12345市民服务热线"
MAX_TICKET_ID_CHARS = 60
KIND_WORDS = {label: value for value, label in ComplaintKind.choices}
YES_WORDS = {"是", "y", "yes", "true", "1", "匿名"}
NO_WORDS = {"否", "n", "no", "false", "0", "实名", ""}
# Fields a repeated ticket may change on its complaint, with their names in the history.
UPDATABLE_FIELDS = ("kind", "content", "is_anonymous", "name", "phone", "decision_number")
UPDATE_LABELS = {**FIELD_LABELS, "is_anonymous": "是否匿名", "agency": "承办单位"}


@dataclass(frozen=True)
class TicketError:
    """One problem in one ticket; the keys of ``as_dict`` match the case exchange's errors."""

    location: str
    ticket_id: str
    field: str
    message: str

    def __str__(self) -> str:
        where = self.location
        if self.ticket_id:
            where += f"（工单编号 {self.ticket_id}）"
        if self.field:
            where += f"「{FIELD_LABELS.get(self.field, self.field)}」"
        return f"{where}：{self.message}"

    def as_dict(self) -> dict[str, str]:
        return {
            "location": self.location,
            "source_id": self.ticket_id,
            "field": self.field,
            "message": self.message,
            "text": str(self),
        }


@dataclass(frozen=True)
class CheckedTicket:
    ticket_id: str
    received_at: Any
    complaint: CheckedInput


@dataclass
class HotlineImportReport:
    """The outcome of one file; ``errors`` is empty exactly when it was imported."""

    batch: ExchangeBatch
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[TicketError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_hotline_file(user: User | None, file_name: str, content: bytes) -> HotlineImportReport:
    """Import a file of tickets; ``user`` None means the command line."""
    if user is not None:
        require_any(user, Capability.IMPORT_EXCHANGED_CASES, Capability.ROUTE_COMPLAINTS)
    digest = "sha256:" + hashlib.sha256(content).hexdigest()
    try:
        rows = hotline_format.read_tickets(file_name, content)
        errors: list[TicketError] = []
    except hotline_format.FileUnreadable as error:
        rows, errors = [], [TicketError("文件", "", "", error.message)]

    checked, row_errors = check_tickets(rows)
    errors += row_errors
    with transaction.atomic():
        source = _hotline_source(user)
        batch = ExchangeBatch.objects.create(
            source=source,
            file_name=file_name[:255],
            digest=digest,
            status=ExchangeBatchStatus.REJECTED if errors else ExchangeBatchStatus.IMPORTED,
            record_count=len(rows),
            errors=[error.as_dict() for error in errors],
            imported_by=user,
        )
        report = HotlineImportReport(batch=batch, errors=errors)
        if errors:
            _audit_batch(user, batch, "complaint_batch_rejected", {"errors": len(errors)})
            logger.warning("12345 batch %s rejected with %s errors", batch.pk, len(errors))
            return report

        changes: dict[str, list[str]] = {"created": [], "updated": []}
        for ticket in checked:
            outcome = _write_ticket(ticket)
            if outcome != "unchanged":
                changes[outcome].append(ticket.ticket_id)
        report.created = len(changes["created"])
        report.updated = len(changes["updated"])
        report.unchanged = len(checked) - report.created - report.updated
        batch.created_count = report.created
        batch.updated_count = report.updated
        batch.unchanged_count = report.unchanged
        batch.changes = changes
        batch.save(update_fields=["created_count", "updated_count", "unchanged_count", "changes"])
        _audit_batch(
            user,
            batch,
            "complaint_batch_imported",
            {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
        )
    logger.info(
        "12345 batch %s: %s created, %s updated, %s unchanged",
        batch.pk,
        report.created,
        report.updated,
        report.unchanged,
    )
    return report


def _hotline_source(user: User | None) -> ExchangeSource:
    """Return the locked 12345 source, registering it on first use."""
    source = ExchangeSource.objects.select_for_update().filter(code=HOTLINE_SOURCE_CODE).first()
    if source is not None:
        if not source.is_active:
            raise ValidationFailed(f"数据交换来源“{source.name}”已停用。", field="source")
        return source
    source = ExchangeSource.objects.create(code=HOTLINE_SOURCE_CODE, name=HOTLINE_SOURCE_NAME)
    audit.record(
        "exchange_source_created",
        actor=user,
        target=source,
        username=HOTLINE_ACTOR,
        detail={"code": source.code, "name": source.name},
    )
    return source


def check_tickets(rows: list[TicketRow]) -> tuple[list[CheckedTicket], list[TicketError]]:
    """Check every ticket and return the good ones, or all problems found."""
    agencies = _agency_names()
    checked: list[CheckedTicket] = []
    errors: list[TicketError] = []
    first_seen: dict[str, str] = {}
    for row in rows:
        ticket_id = _text(row.data.get("ticket_id"))
        if ticket_id and ticket_id in first_seen:
            errors.append(
                TicketError(
                    row.location, ticket_id, "ticket_id", f"与{first_seen[ticket_id]}重复。"
                )
            )
            continue
        first_seen.setdefault(ticket_id, row.location)
        try:
            checked.append(_check_ticket(row, ticket_id, agencies))
        except ValidationFailed as error:
            errors.append(TicketError(row.location, ticket_id, error.field or "", error.message))
    return checked, errors


def _agency_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for pk, name, short_name in Agency.objects.values_list("pk", "name", "short_name"):
        names[name] = pk
        names.setdefault(short_name, pk)
    return names


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _check_ticket(row: TicketRow, ticket_id: str, agencies: dict[str, int]) -> CheckedTicket:
    data = row.data
    if "_not_an_object" in data:
        raise ValidationFailed("每张工单应为一个 JSON 对象。", field="")
    if not ticket_id or len(ticket_id) > MAX_TICKET_ID_CHARS:
        raise ValidationFailed(
            f"请填写工单编号，不超过{MAX_TICKET_ID_CHARS}个字符。", field="ticket_id"
        )
    kind = KIND_WORDS.get(_text(data.get("kind")))
    if kind is None:
        raise ValidationFailed(
            f"类别“{_text(data.get('kind'))}”无效，应为“投诉”或“举报”。", field="kind"
        )
    try:
        received_at = hotline_format.parse_received_at(data.get("received_at"))
    except ValueError as error:
        raise ValidationFailed(str(error), field="received_at") from error
    if received_at > timezone.now():
        raise ValidationFailed("受理时间晚于当前时间，请核对。", field="received_at")

    agency_name = _text(data.get("agency"))
    agency_id = agencies.get(agency_name) if agency_name else None
    if agency_name and agency_id is None:
        raise ValidationFailed(
            f"“{agency_name}”不是平台登记的执法主体名称：请填写执法主体全称或简称，"
            "或留空由区司法局分办。",
            field="agency",
        )
    anonymous = _text(data.get("anonymous")).lower()
    if anonymous not in YES_WORDS | NO_WORDS:
        raise ValidationFailed(f"是否匿名“{anonymous}”无效，应为“是”或“否”。", field="anonymous")

    complaint = check_input(
        ComplaintInput(
            kind=kind,
            content=_text(data.get("content")),
            is_anonymous=anonymous in YES_WORDS,
            name=_text(data.get("name")),
            phone=_text(data.get("phone")),
            agency_id=agency_id,
            subject_agency_name=agency_name,
            decision_number=_text(data.get("decision_number")),
        )
    )
    return CheckedTicket(ticket_id=ticket_id, received_at=received_at, complaint=complaint)


def _write_ticket(ticket: CheckedTicket) -> str:
    """Create or update the ticket's complaint; return created, updated or unchanged."""
    existing = (
        Complaint.objects.select_for_update()
        .filter(Q(channel=Channel.HOTLINE_12345) & Q(source_id=ticket.ticket_id))
        .first()
    )
    if existing is None:
        create_complaint(
            ticket.complaint, Channel.HOTLINE_12345, ticket.received_at, ticket.ticket_id
        )
        return "created"

    changed = [
        name
        for name in UPDATABLE_FIELDS
        if getattr(existing, name) != getattr(ticket.complaint, name)
    ]
    for name in changed:
        setattr(existing, name, getattr(ticket.complaint, name))
    routed = existing.status == ComplaintStatus.UNROUTED and ticket.complaint.agency is not None
    if routed:
        # The hotline now names the agency, so the ticket is routed as a new one would be.
        now = timezone.now()
        existing.agency = ticket.complaint.agency
        existing.subject_agency_name = ticket.complaint.subject_agency_name
        existing.status = ComplaintStatus.HANDLING
        existing.routed_at = now
        set_due_dates(existing, now)
        changed.append("agency")
    if not changed:
        return "unchanged"

    existing.save()
    labels = "、".join(UPDATE_LABELS.get(name, name) for name in changed)
    note = f"12345工单再次导入，更新：{labels}。"
    add_event(existing, ComplaintEventKind.UPDATED, None, note, name=HOTLINE_ACTOR)
    record_audit("complaint_updated", existing, None, {"fields": changed}, name=HOTLINE_ACTOR)
    return "updated"


def _audit_batch(
    user: User | None, batch: ExchangeBatch, action: str, detail: dict[str, Any]
) -> None:
    audit.record(
        action,
        actor=user,
        target=batch,
        username=HOTLINE_ACTOR,
        detail={
            "file": batch.file_name,
            "digest": batch.digest,
            "records": batch.record_count,
            **detail,
        },
    )

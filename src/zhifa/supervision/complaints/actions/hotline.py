"""Importing 12345 hotline tickets through the data exchange, all or nothing.

Each file is recorded as an ``ExchangeBatch`` of the exchange source with code ``12345``, which
the first import registers. Every ticket is checked before anything is written: one bad ticket
rejects the whole file, and the rejected batch keeps every error of every row. A ticket
imported again (same 工单编号) updates its open complaint instead of adding a second one. It
leaves a closed complaint as it is, because the reply addressed the content as it was. The
ticket's new values then go into the complaint's history and the batch's notices. A 承办单位
other than the agency handling the complaint is listed in the notices too.
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
from zhifa.cases.exchange.importer import ImportReport
from zhifa.cases.exchange.records import BatchUnreadable, RecordError
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
    ContactWording,
    InputInvalid,
    check_input,
    create_complaint,
)
from zhifa.supervision.complaints.hotline_format import FIELD_LABELS, TicketRow
from zhifa.supervision.complaints.models import (
    OPEN_STATUSES,
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
HOTLINE_WORDING = ContactWording(
    missing_name="实名工单请填写“诉求人”列；匿名工单请在“是否匿名”列填写“是”。",
    missing_contact="实名工单请填写“联系电话”列，以便办理单位联系答复。",
)


@dataclass(frozen=True)
class TicketError(RecordError):
    """One problem in one ticket, named by 工单编号 and the ticket's column names."""

    def __str__(self) -> str:
        where = self.location
        if self.source_id:
            where += f"（工单编号 {self.source_id}）"
        if self.field:
            where += f"「{UPDATE_LABELS.get(self.field, self.field)}」"
        return f"{where}：{self.message}"


@dataclass(frozen=True)
class CheckedTicket:
    ticket_id: str
    received_at: Any
    complaint: CheckedInput


@dataclass
class HotlineImportReport(ImportReport):
    """The case exchange's report, plus notices on tickets whose change was not applied.

    A person must check each notice: new content for a closed complaint, or a 承办单位 other
    than the agency handling the complaint.
    """

    notices: list[str] = field(default_factory=list)


def import_hotline_file(user: User | None, file_name: str, content: bytes) -> HotlineImportReport:
    """Import a file of tickets; ``user`` None means the command line."""
    if user is not None:
        require_any(user, Capability.IMPORT_EXCHANGED_CASES, Capability.ROUTE_COMPLAINTS)
    digest = "sha256:" + hashlib.sha256(content).hexdigest()
    try:
        rows = hotline_format.read_tickets(file_name, content)
        errors: list[RecordError] = []
    except BatchUnreadable as error:
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
        report = HotlineImportReport(batch=batch, record_count=len(rows), errors=errors)
        if errors:
            _audit_batch(user, batch, "complaint_batch_rejected", {"errors": len(errors)})
            logger.warning("12345 batch %s rejected with %s errors", batch.pk, len(errors))
            return report

        _write_tickets(checked, report)
        _audit_batch(
            user,
            batch,
            "complaint_batch_imported",
            {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "notices": len(report.notices),
            },
        )
    logger.info(
        "12345 batch %s: %s created, %s updated, %s unchanged, %s notices",
        batch.pk,
        report.created,
        report.updated,
        report.unchanged,
        len(report.notices),
    )
    return report


def _write_tickets(checked: list[CheckedTicket], report: HotlineImportReport) -> None:
    """Write every checked ticket and store the outcome on the report and its batch."""
    changes: dict[str, list[str]] = {"created": [], "updated": []}
    for ticket in checked:
        outcome = _write_ticket(ticket, report.notices)
        if outcome != "unchanged":
            changes[outcome].append(ticket.ticket_id)
    report.created = len(changes["created"])
    report.updated = len(changes["updated"])
    report.unchanged = len(checked) - report.created - report.updated

    batch = report.batch
    batch.created_count = report.created
    batch.updated_count = report.updated
    batch.unchanged_count = report.unchanged
    batch.changes = {**changes, "notices": report.notices}
    batch.save(update_fields=["created_count", "updated_count", "unchanged_count", "changes"])


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


def check_tickets(rows: list[TicketRow]) -> tuple[list[CheckedTicket], list[RecordError]]:
    """Check every ticket and return the good ones, or every problem of every ticket."""
    agencies = _agency_names()
    checked: list[CheckedTicket] = []
    errors: list[RecordError] = []
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
        ticket, problems = _check_ticket(row, ticket_id, agencies)
        errors += [
            TicketError(row.location, ticket_id, problem.field or "", problem.message)
            for problem in problems
        ]
        if ticket is not None:
            checked.append(ticket)
    return checked, errors


def _agency_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for pk, name, short_name in Agency.objects.values_list("pk", "name", "short_name"):
        names[name] = pk
        names.setdefault(short_name, pk)
    return names


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _check_ticket(
    row: TicketRow, ticket_id: str, agencies: dict[str, int]
) -> tuple[CheckedTicket | None, list[ValidationFailed]]:
    """Return the checked ticket, or None with every problem found in its columns."""
    data = row.data
    if "_not_an_object" in data:
        return None, [ValidationFailed("每张工单应为一个 JSON 对象。", field="")]

    problems: list[ValidationFailed] = []
    if not ticket_id or len(ticket_id) > MAX_TICKET_ID_CHARS:
        problems.append(
            ValidationFailed(
                f"请填写工单编号，不超过{MAX_TICKET_ID_CHARS}个字符。", field="ticket_id"
            )
        )
    kind = KIND_WORDS.get(_text(data.get("kind")))
    if kind is None:
        problems.append(
            ValidationFailed(
                f"类别“{_text(data.get('kind'))}”无效，应为“投诉”或“举报”。", field="kind"
            )
        )
    received_at = None
    try:
        received_at = hotline_format.parse_received_at(data.get("received_at"))
    except ValueError as error:
        problems.append(ValidationFailed(str(error), field="received_at"))
    if received_at is not None and received_at > timezone.now():
        problems.append(ValidationFailed("受理时间晚于当前时间，请核对。", field="received_at"))

    agency_name = _text(data.get("agency"))
    agency_id = agencies.get(agency_name) if agency_name else None
    if agency_name and agency_id is None:
        problems.append(
            ValidationFailed(
                f"“{agency_name}”不是平台登记的执法主体名称：请填写执法主体全称或简称，"
                "或留空由区司法局分办。",
                field="agency",
            )
        )
    anonymous = _text(data.get("anonymous")).lower()
    if anonymous not in YES_WORDS | NO_WORDS:
        problems.append(
            ValidationFailed(f"是否匿名“{anonymous}”无效，应为“是”或“否”。", field="anonymous")
        )

    complaint = None
    try:
        complaint = check_input(
            ComplaintInput(
                kind=kind or "",
                content=_text(data.get("content")),
                # Until 是否匿名 is valid, the contact columns are not required.
                is_anonymous=anonymous not in NO_WORDS,
                name=_text(data.get("name")),
                phone=_text(data.get("phone")),
                agency_id=agency_id,
                subject_agency_name=agency_name,
                decision_number=_text(data.get("decision_number")),
            ),
            HOTLINE_WORDING,
        )
    except InputInvalid as error:
        # The ticket's own checks above already reported its kind and agency.
        reported = {problem.field for problem in problems}
        problems += [problem for problem in error.problems if problem.field not in reported]

    if problems or complaint is None or received_at is None:
        return None, problems
    return CheckedTicket(ticket_id=ticket_id, received_at=received_at, complaint=complaint), []


def _write_ticket(ticket: CheckedTicket, notices: list[str]) -> str:
    """Create or update the ticket's complaint; return created, updated or unchanged.

    Changes the import does not apply are added to ``notices``.
    """
    existing = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("agency")
        .filter(Q(channel=Channel.HOTLINE_12345) & Q(source_id=ticket.ticket_id))
        .first()
    )
    if existing is None:
        create_complaint(
            ticket.complaint, Channel.HOTLINE_12345, ticket.received_at, ticket.ticket_id
        )
        return "created"

    _note_other_agency(existing, ticket, notices)
    changed = [
        name
        for name in UPDATABLE_FIELDS
        if getattr(existing, name) != getattr(ticket.complaint, name)
    ]
    if existing.status not in OPEN_STATUSES:
        if changed:
            _note_change_of_closed(existing, ticket, changed, notices)
        return "unchanged"

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


def _note_other_agency(existing: Complaint, ticket: CheckedTicket, notices: list[str]) -> None:
    """Report a 承办单位 that differs from the agency handling the complaint, which stays."""
    named = ticket.complaint.agency
    if named is None or existing.agency is None or named.pk == existing.agency_id:
        return
    current = existing.agency.name
    notices.append(
        f"工单编号 {ticket.ticket_id}：工单的承办单位为“{named.name}”，与平台上的办理单位"
        f"“{current}”不同，未自动变更；如应由{named.name}办理，请{current}在平台上移送。"
    )


def _note_change_of_closed(
    existing: Complaint, ticket: CheckedTicket, changed: list[str], notices: list[str]
) -> None:
    """Record the ticket's new values in a closed complaint's history and leave it unchanged.

    The reply addressed the content as it was, so a re-import does not rewrite it. The history
    entry is written once per distinct change, so importing the same file again adds nothing.
    """
    labels = "、".join(UPDATE_LABELS.get(name, name) for name in changed)
    status = existing.get_status_display()
    notices.append(
        f"工单编号 {ticket.ticket_id}：{labels}有变化，但该投诉举报已{status}，未修改原记录，"
        "新内容已记入办理记录。如有新的诉求，请作为新工单导入。"
    )
    values = "；".join(
        f"{UPDATE_LABELS.get(name, name)}：{_shown(name, getattr(ticket.complaint, name))}"
        for name in changed
    )
    note = f"12345工单再次导入，{labels}有变化；因已{status}，未修改原记录。新的{values}"
    if existing.events.filter(kind=ComplaintEventKind.UPDATED, note=note).exists():
        return
    add_event(existing, ComplaintEventKind.UPDATED, None, note, name=HOTLINE_ACTOR)
    record_audit(
        "complaint_update_refused", existing, None, {"fields": changed}, name=HOTLINE_ACTOR
    )


def _shown(name: str, value: object) -> str:
    if name == "is_anonymous":
        return "是" if value else "否"
    if name == "kind":
        return ComplaintKind(str(value)).label
    return str(value)


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

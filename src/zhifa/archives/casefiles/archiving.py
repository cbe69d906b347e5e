"""Archiving a case file (归档) and its additions (补充归档): the only writers of items.

Archiving plans the items, runs the pre-archiving check on their bytes, then in one
transaction writes the items, the metadata, the archive code, the manifest digest and one
ledger entry. After commit the four-property check runs; its failures alert the archivist and
leave the archived file as it is.

Archive code (档号): ``QP<agency id, 3 digits>-<category>-<year closed>-<retention>-<sequence>``,
for example ``QP007-XZCF-2026-D30-0012``. The category is the enforcement category of the case
(XZCF 处罚, XZXK 许可, XZQZ 强制, XZJC 检查, XZZS 征收, XZZY 征用, QT 其他), the retention is
YJ (永久), D30 or D10 (定期 in years) or M<months>, and the sequence counts the agency's codes
with the same prefix from 1.
"""

import datetime
import functools
import io
import logging
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.archives import items as item_store
from zhifa.archives import manifest, periods
from zhifa.archives.casefiles import assembly, ledger
from zhifa.archives.casefiles.models import (
    CaseFile,
    CaseFileAddition,
    CaseFileItem,
    CaseFileStatus,
    ItemSource,
)
from zhifa.archives.casefiles.sources import PlannedItem
from zhifa.cases.models import Case, Category
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.evidence import contentstore
from zhifa.evidence.models import StoredContent

if TYPE_CHECKING:
    from zhifa.archives.retention.periods import Retention

logger = logging.getLogger(__name__)

CATEGORY_CODES = {
    Category.PENALTY: "XZCF",
    Category.LICENSE: "XZXK",
    Category.COMPULSION: "XZQZ",
    Category.INSPECTION: "XZJC",
    Category.LEVY: "XZZS",
    Category.REQUISITION: "XZZY",
    Category.OTHER: "QT",
}

# The label of the checkbox with which an archivist archives a file lacking required items.
INCOMPLETE_CONFIRMATION = "材料不全，仍然归档"


def _require(user: User, case_file: CaseFile | int) -> int:
    if not user.can(Capability.ARCHIVE_CASE_FILES):
        raise NotPermitted(f"您的角色没有“{Capability.ARCHIVE_CASE_FILES.label}”权限。")
    pk = case_file.pk if isinstance(case_file, CaseFile) else case_file
    in_scope = restrict(CaseFile.objects.filter(pk=pk), user)
    if user.agency_id is None or not in_scope.filter(agency_id=user.agency_id).exists():
        raise NotFound("案卷不存在或不属于本单位。")
    return pk


def retention_code(months: int | None) -> str:
    if months is None:
        return "YJ"
    if months % 12 == 0:
        return f"D{months // 12}"
    return f"M{months}"


def archive_code(case_file: CaseFile, case: Case, months: int | None) -> str:
    """Return the next free archive code of the file's agency, category, year and period.

    Two archivists of one agency archiving at the same instant can compute the same sequence.
    The unique constraint on ``archive_code`` then rejects the second, see ``_save_code``.
    """
    category = CATEGORY_CODES.get(case.category, "QT")
    prefix = (
        f"QP{case_file.agency_id:03d}-{category}-{case_file.closed_on.year}-"
        f"{retention_code(months)}-"
    )
    used = CaseFile.objects.filter(archive_code__startswith=prefix).count()
    return f"{prefix}{used + 1:04d}"


def preflight_files(planned: list[PlannedItem]) -> list[tuple[str, str, Callable[[], IO[bytes]]]]:
    """Return the (file name, format, opener) triples the pre-archiving check reads."""
    files: list[tuple[str, str, Callable[[], IO[bytes]]]] = []
    for item in planned:
        opener: Callable[[], IO[bytes]]
        if item.content is not None:
            opener = functools.partial(io.BytesIO, item.content)
        else:
            opener = functools.partial(storages[item.storage].open, item.storage_name, "rb")
        files.append((f"{item.title}.{item.file_format}", item.file_format, opener))
    return files


def run_preflight(planned: list[PlannedItem]) -> None:
    """Raise ``ValidationFailed`` listing every problem the pre-archiving check finds."""
    from zhifa.archives.checks.runner import preflight  # The checks app imports this app.

    problems = preflight(preflight_files(planned))
    if problems:
        raise ValidationFailed("归档前检测未通过，未归档：" + "；".join(problems), field="items")


def missing_required(case: Case, planned: list[PlannedItem]) -> list[str]:
    """Return the labels of the items the case's kind requires that ``planned`` lacks.

    The integrity check applies the same table to the archived items, so a file archived
    with a missing item fails that check.
    """
    from zhifa.archives.checks.required_items import required_for  # Checks imports this app.

    # The rules match on source and title only, so unsaved rows stand in for the planned items.
    probes = [CaseFileItem(source=item.source, title=item.title) for item in planned]
    return [
        rule.label
        for rule in required_for(case.kind)
        if not any(rule.matches(probe) for probe in probes)
    ]


def require_complete(missing: list[str], accept_incomplete: bool) -> None:
    """Raise ``ValidationFailed`` naming ``missing`` unless the archivist accepted the gap."""
    if missing and not accept_incomplete:
        raise ValidationFailed(
            f"案卷缺少必备材料：{'、'.join(missing)}，未归档。请先补齐材料；"
            f"确需按现状归档的，请勾选“{INCOMPLETE_CONFIRMATION}”后再归档。",
            field="accept_incomplete",
        )


def write_items(
    case_file: CaseFile,
    addition: CaseFileAddition | None,
    planned: list[PlannedItem],
    first_sequence: int,
    stored: list[StoredContent],
) -> list[CaseFileItem]:
    """Store generated bytes and write the item rows numbered from ``first_sequence``.

    New evidence store rows go into ``stored`` so the caller can discard their files when the
    transaction fails.
    """
    rows = []
    for sequence, item in enumerate(planned, start=first_sequence):
        storage_name = item.storage_name
        if item.content is not None:
            content_row, created = item_store.store_bytes(item.content)
            storage_name = content_row.storage_name
            if created:
                stored.append(content_row)
        rows.append(
            CaseFileItem(
                case_file=case_file,
                addition=addition,
                sequence=sequence,
                source=item.source,
                source_ref=item.source_ref,
                title=item.title[:300],
                responsible=item.responsible[:200],
                document_number=item.document_number[:100],
                dated=item.dated,
                pages=item.pages,
                file_name=f"{sequence:03d}.{item.file_format}",
                file_format=item.file_format,
                mime_type=item.mime_type,
                size=item.size,
                digest=item.digest,
                storage=item.storage,
                storage_name=storage_name,
                by_reference=item.by_reference,
            )
        )
    return CaseFileItem.objects.bulk_create(rows)


def metadata(
    case_file: CaseFile, case: Case, rows: list[CaseFileItem], retention: "Retention"
) -> dict[str, object]:
    months = retention.months
    return {
        "agency": case.agency.name,
        "fonds": case.agency.name,
        "archive_code": case_file.archive_code,
        "case_number": case.number,
        "title": case.title,
        "parties": [party.name for party in case.parties.order_by("pk")],
        "kind": case.kind,
        "kind_label": case.get_kind_display(),
        "opened_on": case.opened_on.isoformat(),
        "closed_on": case_file.closed_on.isoformat(),
        "retention_months": months,
        "retention_label": periods.label(months),
        "retention_basis": retention.basis,
        "retention_provisional": retention.provisional,
        "item_count": len(rows),
        "manifest_digest": case_file.manifest_digest,
        "digests": [{"sequence": row.sequence, "digest": row.digest} for row in rows],
    }


def _after_commit_check(case_file: CaseFile, user: User) -> None:
    """Run the four-property check. Its failures alert, and the file remains archived either way."""
    from zhifa.archives.checks.models import Trigger
    from zhifa.archives.checks.runner import run_check

    try:
        run_check([case_file], Trigger.ARCHIVING, user)
    except Exception:  # The archived file must stand even if the check crashes.
        logger.exception("archiving check of case file %s failed to run", case_file.pk)


def archive(
    user: User,
    case_file: CaseFile | int,
    *,
    accept_incomplete: bool = False,
    archived_at: datetime.datetime | None = None,
) -> CaseFile:
    """Archive a pending case file of the user's agency; see the module docstring.

    A file lacking an item its case kind requires raises ``ValidationFailed`` unless
    ``accept_incomplete`` is set; the audit entry then lists what was missing.
    ``archived_at`` backdates the archiving moment and the retention count for records
    archived before the platform existed (the demo uses it); it defaults to now.
    """
    from zhifa.archives.retention.periods import retention_for  # Retention imports this app.

    pk = _require(user, case_file)
    stored: list[StoredContent] = []
    try:
        with transaction.atomic():
            locked = CaseFile.objects.select_for_update().get(pk=pk)
            if locked.status != CaseFileStatus.PENDING:
                raise InvalidTransition(
                    f"案卷“{locked}”状态为{locked.get_status_display()}，不能再次归档；"
                    "案件的新材料请通过补充归档加入。",
                    field="status",
                )
            case = Case.objects.select_related("agency").get(pk=locked.case_id)
            planned = assembly.plan(case)
            missing = missing_required(case, planned)
            require_complete(missing, accept_incomplete)
            run_preflight(planned)
            retention = retention_for(case)
            rows = write_items(locked, None, planned, 1, stored)
            _finish(user, locked, case, rows, retention, missing, archived_at or timezone.now())
    except BaseException:
        for row in stored:
            contentstore.discard(row)
        raise
    logger.info("case file %s archived as %s", locked.pk, locked.archive_code)
    _after_commit_check(locked, user)
    return locked


def _save_code(case_file: CaseFile) -> None:
    """Save the archived file, rejecting a clash of archive codes as a retryable error."""
    try:
        case_file.save()
    except IntegrityError as error:
        logger.warning("archive code %s is taken: %s", case_file.archive_code, error)
        raise InvalidTransition(
            f"档号{case_file.archive_code}已被同时归档的另一案卷使用，本案卷未归档，请重新归档。",
            field="archive_code",
        ) from error


def _finish(
    user: User,
    case_file: CaseFile,
    case: Case,
    rows: list[CaseFileItem],
    retention: "Retention",
    missing: list[str],
    now: datetime.datetime,
) -> None:
    months = retention.months
    case_file.retention_months = months
    case_file.retention_basis = retention.basis[:500]
    case_file.retention_schedule = retention.schedule
    case_file.retention_ends_on = periods.ends_on(
        periods.counting_start(timezone.localdate(now)), months
    )

    case_file.archive_code = archive_code(case_file, case, months)
    case_file.item_count = len(rows)
    case_file.manifest_digest = manifest.manifest_digest(rows)
    case_file.status = CaseFileStatus.ARCHIVED
    case_file.archived_at = now
    case_file.archived_by = user
    case_file.metadata = metadata(case_file, case, rows, retention)
    _save_code(case_file)

    entry = ledger.append_case_file(case_file)
    case_file.ledger_position = entry.position
    case_file.save(update_fields=["ledger_position"])
    audit.record(
        "case_file_archived",
        actor=user,
        target=case_file,
        agency_id=case_file.agency_id,
        detail={
            "archive_code": case_file.archive_code,
            "item_count": case_file.item_count,
            "manifest_digest": case_file.manifest_digest,
            "retention_months": months,
            "missing_required": missing,
        },
    )


def addition_plan(case_file: CaseFile) -> list[PlannedItem]:
    """Return what the case has gained since archiving: planned items not yet in the file.

    An item counts as present when an item with the same source record and digest exists, so
    a regenerated step record or publication history with new content is added again. The
    list starts with the addition's own table of contents.
    """
    case = Case.objects.select_related("agency").get(pk=case_file.case_id)
    present = set(case_file.items.values_list("source_ref", "digest"))
    new = [
        item
        for item in assembly.plan(case)
        if item.source != ItemSource.CONTENTS and (item.source_ref, item.digest) not in present
    ]
    first = (case_file.items.aggregate(last=Max("sequence"))["last"] or 0) + 1
    return [assembly.contents_item(case, new, first_sequence=first), *new]


def archive_addition(user: User, addition: CaseFileAddition | int) -> CaseFileAddition:
    """Archive an open addition: its items follow the file's, with their own ledger entry."""
    pk = addition.pk if isinstance(addition, CaseFileAddition) else addition
    found = CaseFileAddition.objects.filter(pk=pk).values_list("case_file_id", flat=True).first()
    if found is None:
        raise NotFound("补充归档不存在或不属于本单位。")
    _require(user, found)
    stored: list[StoredContent] = []
    try:
        with transaction.atomic():
            case_file = CaseFile.objects.select_for_update().get(pk=found)
            locked = CaseFileAddition.objects.get(pk=pk)
            if locked.archived_at is not None or case_file.status != CaseFileStatus.ARCHIVED:
                raise InvalidTransition("该补充归档已归档，或案卷不在已归档状态。", field="status")
            planned = addition_plan(case_file)
            run_preflight(planned)
            first = (case_file.items.aggregate(last=Max("sequence"))["last"] or 0) + 1
            rows = write_items(case_file, locked, planned, first, stored)
            locked.manifest_digest = manifest.manifest_digest(rows)
            locked.archived_at = timezone.now()
            locked.archived_by = user
            locked.save()
            locked.ledger_position = ledger.append_addition(locked).position
            locked.save(update_fields=["ledger_position"])
            audit.record(
                "case_file_addition_archived",
                actor=user,
                target=case_file,
                agency_id=case_file.agency_id,
                detail={"addition": locked.sequence, "items": len(rows), "first_item": first},
            )
    except BaseException:
        for row in stored:
            contentstore.discard(row)
        raise
    logger.info("addition %s of case file %s archived", locked.pk, case_file.pk)
    _after_commit_check(case_file, user)
    return locked

"""The ledger entries of archived case files and additions, and their registration.

A payload contains only what never changes after archiving: the case, agency, archive code,
manifest digest, item count, item digests, whether each item is kept by reference, and who
archived it when. A handover package names an item kept by reference by its digest and does not
carry its file. The retention period and status are left out, because appraisal and destruction
change them later.
"""

import datetime
from typing import Any

from zhifa.archives.casefiles.models import CaseFile, CaseFileAddition, CaseFileStatus
from zhifa.evidence.ledger import chain, rows
from zhifa.evidence.models import LedgerEntry, LedgerKind


def _time(value: datetime.datetime | None) -> str | None:
    return value.astimezone(datetime.UTC).isoformat() if value is not None else None


def case_file_payload(row: CaseFile) -> dict[str, Any]:
    # all() uses items prefetched by the verifier; the base file's items have no addition.
    items = sorted(
        (item for item in row.items.all() if item.addition_id is None),
        key=lambda item: item.sequence,
    )
    return {
        "case": row.case_id,
        "agency": row.agency_id,
        "archive_code": row.archive_code,
        "manifest_digest": row.manifest_digest,
        "item_count": row.item_count,
        "item_digests": [item.digest for item in items],
        "item_by_reference": [item.by_reference for item in items],
        "archived_at": _time(row.archived_at),
        "archived_by": row.archived_by_id,
    }


def addition_payload(row: CaseFileAddition) -> dict[str, Any]:
    items = sorted(row.items.all(), key=lambda item: item.sequence)
    return {
        "case_file": row.case_file_id,
        "sequence": row.sequence,
        "manifest_digest": row.manifest_digest,
        "item_count": len(items),
        "first_item": items[0].sequence if items else None,
        "item_digests": [item.digest for item in items],
        "item_by_reference": [item.by_reference for item in items],
        "archived_at": _time(row.archived_at),
        "archived_by": row.archived_by_id,
    }


def append_case_file(row: CaseFile) -> LedgerEntry:
    return chain.append(LedgerKind.ARCHIVE, f"case_file:{row.pk}", case_file_payload(row))


def append_addition(row: CaseFileAddition) -> LedgerEntry:
    return chain.append(LedgerKind.ARCHIVE, f"case_file_addition:{row.pk}", addition_payload(row))


def register() -> None:
    """Let ``zhifa ledger verify`` re-derive the entries and find archived rows without one."""
    rows.register_source(
        "case_file",
        rows.Source(
            CaseFile,
            case_file_payload,
            "归档案卷",
            prefetch=("items",),
            ledgered_only=(("status__in", (CaseFileStatus.ARCHIVED, CaseFileStatus.DESTROYED)),),
        ),
    )
    rows.register_source(
        "case_file_addition",
        rows.Source(
            CaseFileAddition,
            addition_payload,
            "补充归档",
            prefetch=("items",),
            ledgered_only=(("archived_at__isnull", False),),
        ),
    )

"""The rows a batch of case files is checked against, loaded with a fixed number of queries.

The runner checks case files in batches so that memory stays flat however many files an
archive holds, and no query runs per item: items, additions, ledger entries, stored content
rows, access log rows, use requests and archivists are each loaded once per batch.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.archives.casefiles.models import CaseFile, CaseFileAddition, CaseFileItem, ItemStorage
from zhifa.archives.use.models import UseRequest, UseStatus
from zhifa.evidence.models import AccessLog, LedgerEntry, LedgerKind, StoredContent

ITEM_FIELDS = (
    "id",
    "case_file_id",
    "addition_id",
    "sequence",
    "source",
    "title",
    "file_name",
    "file_format",
    "mime_type",
    "size",
    "digest",
    "storage",
    "storage_name",
)


@dataclass
class Batch:
    """The rows a batch of case files is checked against, keyed by case file id where it applies."""

    items: dict[int, list[CaseFileItem]] = field(default_factory=lambda: defaultdict(list))
    additions: dict[int, list[CaseFileAddition]] = field(default_factory=lambda: defaultdict(list))
    archive_entries: dict[str, LedgerEntry] = field(default_factory=dict)
    ledger_refs: set[str] = field(default_factory=set)
    stored: dict[str, StoredContent] = field(default_factory=dict)
    accesses: dict[int, list[AccessLog]] = field(default_factory=lambda: defaultdict(list))
    approvals: dict[tuple[int, int], list[UseRequest]] = field(
        default_factory=lambda: defaultdict(list)
    )
    archivists: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    def archive_payload(self, ref: str) -> dict[str, Any] | None:
        entry = self.archive_entries.get(ref)
        if entry is None:
            return None
        payload = json.loads(entry.payload)
        return payload if isinstance(payload, dict) else {}


def case_file_ref(pk: int) -> str:
    return f"case_file:{pk}"


def addition_ref(pk: int) -> str:
    return f"case_file_addition:{pk}"


def load_batch(case_files: list[CaseFile]) -> Batch:
    batch = Batch()
    ids = [case_file.pk for case_file in case_files]
    _load_items(batch, ids)
    _load_ledger(batch, ids)
    _load_access(batch, ids, {case_file.agency_id for case_file in case_files})
    return batch


def _load_items(batch: Batch, ids: list[int]) -> None:
    items = CaseFileItem.objects.filter(case_file_id__in=ids).only(*ITEM_FIELDS)
    for item in items.order_by("case_file_id", "sequence"):
        batch.items[item.case_file_id].append(item)
    for addition in CaseFileAddition.objects.filter(case_file_id__in=ids).order_by("sequence"):
        batch.additions[addition.case_file_id].append(addition)

    digests = {
        item.digest
        for rows in batch.items.values()
        for item in rows
        if item.storage == ItemStorage.EVIDENCE
    }
    batch.stored = {row.digest: row for row in StoredContent.objects.filter(digest__in=digests)}


def _load_ledger(batch: Batch, ids: list[int]) -> None:
    refs = [case_file_ref(pk) for pk in ids]
    refs += [addition_ref(row.pk) for rows in batch.additions.values() for row in rows]
    # The latest entry of each case file wins, so ordering by position lets later ones replace.
    entries = LedgerEntry.objects.filter(kind=LedgerKind.ARCHIVE, ref__in=refs).order_by("position")
    for entry in entries.only("position", "ref", "payload"):
        batch.archive_entries[entry.ref] = entry

    wanted = [f"content:{digest}" for digest in batch.stored]
    batch.ledger_refs |= set(
        LedgerEntry.objects.filter(kind=LedgerKind.CONTENT, ref__in=wanted).values_list(
            "ref", flat=True
        )
    )


def _load_access(batch: Batch, ids: list[int], agency_ids: set[int]) -> None:
    accesses = AccessLog.objects.filter(case_file_id__in=ids).select_related("user")
    for row in accesses.order_by("at", "pk"):
        assert row.case_file_id is not None  # noqa: S101 (filtered on it just above)
        batch.accesses[row.case_file_id].append(row)
    batch.ledger_refs |= set(
        LedgerEntry.objects.filter(
            kind=LedgerKind.ACCESS,
            ref__in=[f"access:{row.pk}" for rows in batch.accesses.values() for row in rows],
        ).values_list("ref", flat=True)
    )

    approved = UseRequest.objects.filter(
        case_file_id__in=ids, status__in=[UseStatus.APPROVED, UseStatus.RETURNED]
    )
    for request in approved.only("case_file_id", "requester_id", "decided_at", "valid_until"):
        batch.approvals[(request.case_file_id, request.requester_id)].append(request)

    archivists = User.objects.filter(
        agency_id__in=agency_ids, groups__name=Role.ARCHIVIST, is_active=True
    )
    for agency_id, user_id in archivists.values_list("agency_id", "pk"):
        batch.archivists[agency_id].add(user_id)

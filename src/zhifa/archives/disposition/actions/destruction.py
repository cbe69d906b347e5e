"""Destroying what an approved appraisal decided to destroy (销毁), entry by entry.

Each entry is destroyed in its own transaction: the legal holds are checked again, a tombstone
is appended to the ledger, the entry records who destroyed it when and the witnesses (监销人),
and a case file's status becomes destroyed. Only after that transaction commits are the stored
files removed, and each only when no live record refers to the same digest. Rows of the
append-only tables (items, stored content, AV records, ledger) never change. Nothing calls this
on a schedule: destruction is always a person's act.
"""

import logging
from dataclasses import dataclass, field
from functools import partial

from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.disposition import references, rules, tombstones
from zhifa.archives.disposition.actions._common import lock_appraisal
from zhifa.archives.disposition.models import AppraisalEntry, AppraisalStatus, Verdict
from zhifa.archives.retention import holds
from zhifa.cases.actions._common import require
from zhifa.core.errors import InvalidTransition
from zhifa.evidence.ledger import chain
from zhifa.evidence.models import LedgerEntry, LedgerKind

logger = logging.getLogger(__name__)


@dataclass
class DestructionResult:
    destroyed: list[AppraisalEntry] = field(default_factory=list)
    # Entries not destroyed, with the reason in Chinese (a hold placed after approval, …).
    rejected: list[tuple[AppraisalEntry, str]] = field(default_factory=list)


def destroy_approved(user: User, pk: int, witnesses: str) -> DestructionResult:
    """Destroy every approved destroy entry of the appraisal not destroyed yet.

    ``witnesses`` names at least two people who watched (监销人). An entry whose case is now
    under a legal hold is rejected and stays as it is.
    """
    require(user, Capability.APPRAISE_ARCHIVES)
    names = "、".join(rules.member_names(witnesses, "witnesses", "监销人"))
    with transaction.atomic():
        appraisal = lock_appraisal(user, pk)
        if appraisal.status != AppraisalStatus.APPROVED:
            raise InvalidTransition("只有负责人已批准的鉴定才能执行销毁。")
    pending = appraisal.entries.filter(verdict=Verdict.DESTROY, destroyed_at__isnull=True)
    result = DestructionResult()
    for entry_pk in pending.values_list("pk", flat=True):
        _destroy_one(user, entry_pk, names, result)
    logger.info(
        "appraisal %s: %d entries destroyed, %d rejected",
        appraisal.pk,
        len(result.destroyed),
        len(result.rejected),
        extra={"appraisal_id": appraisal.pk},
    )
    return result


def _hold_reasons(entry: AppraisalEntry) -> list[str]:
    if entry.case_file is None:
        return []
    return holds.holds_on(entry.case_file.case)


def _destroy_one(user: User, entry_pk: int, witnesses: str, result: DestructionResult) -> None:
    with transaction.atomic():
        entry = AppraisalEntry.objects.select_for_update().get(pk=entry_pk)
        if entry.destroyed_at is not None:
            return
        if entry.case_file_id is not None:
            entry.case_file = CaseFile.objects.select_for_update().get(pk=entry.case_file_id)
            if entry.case_file.status != CaseFileStatus.ARCHIVED:
                result.rejected.append((entry, "案卷不是已归档状态"))
                return
        reasons = _hold_reasons(entry)
        if reasons:
            logger.warning(
                "destruction of entry %s rejected: the case is under a legal hold", entry.pk
            )
            result.rejected.append((entry, "；".join(reasons)))
            return

        entry.destroyed_at = timezone.now()
        entry.destroyed_by = user
        entry.witnesses = witnesses
        ledger_entry = _append_tombstone(entry)
        entry.tombstone_position = ledger_entry.position
        entry.save(
            update_fields=["destroyed_at", "destroyed_by", "witnesses", "tombstone_position"]
        )
        if entry.case_file is not None:
            entry.case_file.status = CaseFileStatus.DESTROYED
            entry.case_file.save(update_fields=["status"])
        audit.record(
            "archive_destroyed",
            actor=user,
            target=entry.case_file or entry.av_record,
            agency_id=entry.appraisal.agency_id,
            detail={
                "appraisal": entry.appraisal_id,
                "entry": entry.pk,
                "witnesses": witnesses,
                "tombstone_position": ledger_entry.position,
            },
        )
        transaction.on_commit(partial(remove_content, entry.pk))
    result.destroyed.append(entry)


def _append_tombstone(entry: AppraisalEntry) -> LedgerEntry:
    # Reload with the related rows the payload reads, as the verifier will.
    loaded = AppraisalEntry.objects.prefetch_related(*tombstones.PREFETCH).get(pk=entry.pk)
    loaded.destroyed_at = entry.destroyed_at
    loaded.destroyed_by = entry.destroyed_by
    loaded.witnesses = entry.witnesses
    payload = tombstones.tombstone_payload(loaded)
    return chain.append(LedgerKind.TOMBSTONE, tombstones.ref(entry), payload)


def remove_content(entry_pk: int) -> list[str]:
    """Delete the stored files of a destroyed entry that no live record needs; return their names.

    Runs after the destroying transaction commits. A file that a live record still refers to is
    kept and logged. A failed delete is logged; the tombstone still covers the file, so a later
    run of this function can remove it.
    """
    entry = AppraisalEntry.objects.prefetch_related(*tombstones.PREFETCH).get(pk=entry_pk)
    files = tombstones.tombstone_payload(entry)["files"]
    live = references.live_digests({described["digest"] for described in files})
    removed = []
    for described in files:
        name = described["storage_name"]
        if described["digest"] in live:
            logger.info("kept %s of entry %s: a live record refers to it", name, entry_pk)
            continue
        storage = storages[described["storage"]]
        try:
            if storage.exists(name):
                storage.delete(name)
                removed.append(name)
        except OSError:
            logger.exception("could not delete %s of destroyed entry %s", name, entry_pk)
    logger.info("entry %s: %d stored files removed", entry_pk, len(removed))
    return removed

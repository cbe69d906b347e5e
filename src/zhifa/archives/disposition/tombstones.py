"""The ledger entry that stands for destroyed content (销毁记录, ``tombstone:<entry pk>``).

The payload contains what the archives must keep after destruction. That is the subject (the case
file with its archive code, case number, title and agency, or the AV record), the digest and size of
every file, the decision (appraisal, verdict, reason, approver and time), and who destroyed it when,
with the witnesses. It is derived from rows that no longer change once the entry is destroyed, so
``zhifa ledger verify`` derives it again like any other record.
"""

import datetime
from typing import Any

from zhifa.archives.disposition.models import AppraisalEntry
from zhifa.evidence.ledger import rows

KIND = "tombstone"
# Related rows the payload reads; the verifier loads them in batches.
PREFETCH = ("appraisal", "case_file__case", "case_file__items", "av_record__content")


def ref(entry: AppraisalEntry) -> str:
    return f"{KIND}:{entry.pk}"


def _utc(value: datetime.datetime | None) -> str | None:
    return value.astimezone(datetime.UTC).isoformat() if value is not None else None


def _case_file_part(entry: AppraisalEntry) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    case_file = entry.case_file
    if case_file is None:
        raise ValueError(f"appraisal entry {entry.pk} has no case file")
    subject = {
        "case_file": case_file.pk,
        "archive_code": case_file.archive_code,
        "case_number": case_file.case.number,
        "title": case_file.title,
        "agency": case_file.agency_id,
    }
    items = sorted(case_file.items.all(), key=lambda item: item.sequence)
    files = [
        {
            "sequence": item.sequence,
            "digest": item.digest,
            "size": item.size,
            "storage": item.storage,
            "storage_name": item.storage_name,
        }
        for item in items
    ]
    return subject, files


def _av_record_part(entry: AppraisalEntry) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    record = entry.av_record
    if record is None:
        raise ValueError(f"appraisal entry {entry.pk} has no AV record")
    subject = {"av_record": record.pk, "agency": record.agency_id, "filename": record.filename}
    files = [
        {
            "digest": record.content_id,
            "size": record.content.size,
            "storage": "evidence",
            "storage_name": record.content.storage_name,
        }
    ]
    return subject, files


def tombstone_payload(entry: AppraisalEntry) -> dict[str, Any]:
    """Return the ledger payload of a destroyed appraisal entry."""
    if entry.case_file_id is not None:
        subject, files = _case_file_part(entry)
    else:
        subject, files = _av_record_part(entry)
    appraisal = entry.appraisal
    return {
        "subject": subject,
        "files": files,
        "decision": {
            "appraisal": appraisal.pk,
            "verdict": entry.verdict,
            "reason": entry.reason,
            "approved_by": appraisal.decided_by_id,
            "approved_at": _utc(appraisal.decided_at),
        },
        "destroyed_at": _utc(entry.destroyed_at),
        "destroyed_by": entry.destroyed_by_id,
        "witnesses": entry.witnesses,
    }


def register() -> None:
    """Let ``zhifa ledger verify`` and ``sync`` derive tombstones from destroyed entries."""
    rows.register_source(
        KIND,
        rows.Source(
            AppraisalEntry,
            tombstone_payload,
            "销毁记录",
            prefetch=PREFETCH,
            ledgered_only=(("destroyed_at__isnull", False),),
        ),
    )

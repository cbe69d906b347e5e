"""What each kind of stored record puts in the ledger, and the calls that put it there.

A payload contains the fields that make the record what it is, so that ``zhifa ledger verify``
can derive it again from the row and notice any change made behind the platform's back.
Every ``*_payload`` function is pure over the row; ``ref`` names the row as ``kind:pk``.
"""

import datetime
from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from zhifa.cases.models import CaseStep, Document, DocumentOriginal, DocumentStatus
from zhifa.evidence.ledger import chain
from zhifa.evidence.models import (
    AccessLog,
    AvRecord,
    Interruption,
    LedgerEntry,
    LedgerKind,
    SceneExemption,
    StoredContent,
)


def ref(kind: str, pk: Any) -> str:
    return f"{kind}:{pk}"


def _time(value: Any) -> str | None:
    """Write an aware datetime in UTC, as the database returns it, so payloads re-derive."""
    return value.astimezone(datetime.UTC).isoformat() if value is not None else None


def content_payload(row: StoredContent) -> dict[str, Any]:
    return {"digest": row.digest, "size": row.size, "storage_name": row.storage_name}


def case_step_payload(row: CaseStep) -> dict[str, Any]:
    return {
        "case": row.case_id,
        "sequence": row.sequence,
        "stage": row.stage,
        "step": row.step,
        "occurred_at": _time(row.occurred_at),
        "place": row.place,
        "summary": row.summary,
        "details": row.details,
        "on_site": row.on_site,
        "corrects": row.corrects_id,
        "correction_reason": row.correction_reason,
        "recorded_by": row.recorded_by_id,
        "recorded_at": _time(row.recorded_at),
    }


def document_payload(row: Document) -> dict[str, Any]:
    return {
        "case": row.case_id,
        "doc_type": row.doc_type,
        "number": row.number,
        "version": row.version,
        "previous": row.previous_id,
        "data": row.data,
        "template_digest": row.template_digest,
        "docx_file": row.docx_file.name or "",
        "docx_digest": row.docx_digest,
        "pdf_file": row.pdf_file.name or "",
        "pdf_digest": row.pdf_digest,
        "finalised_at": _time(row.finalised_at),
        "finalised_by": row.finalised_by_id,
    }


def document_original_payload(row: DocumentOriginal) -> dict[str, Any]:
    """A scanned signed original (签字盖章原件扫描件) of a final document version."""
    return {
        "document": row.document_id,
        "file": row.file.name or "",
        "digest": row.digest,
        "size": row.size,
        "content_type": row.content_type,
        "original_name": row.original_name,
        "uploaded_by": row.uploaded_by_id,
        "uploaded_at": _time(row.uploaded_at),
    }


# Version of the AV record payload written now. Version 1 entries, written before the payload
# carried a version, lack "v", "duration_seconds" and "note".
AV_RECORD_PAYLOAD_VERSION = 2
AV_RECORD_PAYLOAD_VERSIONS = (1, 2)


def av_record_payload(row: AvRecord, version: int = AV_RECORD_PAYLOAD_VERSION) -> dict[str, Any]:
    """Return the recorded facts of an AV record. Links and markings go in entries of their own.

    ``version`` selects the shape, so that the verifier can derive an old entry's payload again.
    """
    payload: dict[str, Any] = {
        "agency": row.agency_id,
        "scene": row.scene_id,
        "device": row.device_id,
        "media_kind": row.media_kind,
        "content": row.content_id,
        "filename": row.filename,
        "mime_type": row.mime_type,
        "size": row.size,
        "started_at": _time(row.started_at),
        "ended_at": _time(row.ended_at),
        "time_source": row.time_source,
        "place": row.place,
        "party_informed": row.party_informed,
        "recorder_kind": row.recorder_kind,
        "third_party_name": row.third_party_name,
        "uploaded_by": row.uploaded_by_id,
        "created_at": _time(row.created_at),
    }
    if version >= 2:
        # float() because a row created with an int keeps the int until it is reloaded, and
        # JSON writes 12 and 12.0 differently.
        duration = row.duration_seconds
        payload["duration_seconds"] = float(duration) if duration is not None else None
        payload.update(v=version, note=row.note)
    return payload


def av_record_links_payload(row: AvRecord) -> dict[str, Any]:
    return {
        "case": row.case_id,
        "party": row.party_id,
        "step": row.step_id,
        "session": row.session_id,
        "sensitivity": row.sensitivity,
        # all() uses officers prefetched by the verifier and queries otherwise.
        "officers": sorted(officer.pk for officer in row.officers.all()),
    }


def interruption_payload(row: Interruption) -> dict[str, Any]:
    return {
        "session": row.session_id,
        "resumed_record": row.resumed_record_id,
        "gap_started_at": _time(row.gap_started_at),
        "gap_ended_at": _time(row.gap_ended_at),
        "source": row.source,
        "explanation": row.explanation,
        "explained_by": row.explained_by_id,
        "explained_at": _time(row.explained_at),
    }


def exemption_payload(row: SceneExemption) -> dict[str, Any]:
    return {
        "case": row.case_id,
        "step": row.step_id,
        "scene": row.scene_id,
        "reason_kind": row.reason_kind,
        "reason": row.reason,
        "recorded_by": row.recorded_by_id,
        "recorded_at": _time(row.recorded_at),
    }


def access_payload(row: AccessLog) -> dict[str, Any]:
    """An access to an AV record; a case file access adds "case_file" (older rows lack it)."""
    payload = {
        "record": row.record_id,
        "user": row.user_id,
        "action": row.action,
        "purpose": row.purpose,
        "request": row.request_id,
        "ip_address": row.ip_address,
        "at": _time(row.at),
    }
    if row.case_file_id is not None:
        payload["case_file"] = row.case_file_id
    return payload


def content_stored(row: StoredContent) -> LedgerEntry:
    return chain.append(LedgerKind.CONTENT, ref("content", row.pk), content_payload(row))


def av_record_stored(row: AvRecord) -> LedgerEntry:
    """Record a new AV record: its facts, then its links (officers must already be set)."""
    entry = chain.append(LedgerKind.AV_RECORD, ref("av_record", row.pk), av_record_payload(row))
    av_record_links_changed(row)
    return entry


def av_record_links_changed(row: AvRecord) -> LedgerEntry:
    """Record the current links and marking of an AV record after any change to them."""
    return chain.append(
        LedgerKind.AV_RECORD, ref("av_record_links", row.pk), av_record_links_payload(row)
    )


def interruption_explained(row: Interruption) -> LedgerEntry:
    return chain.append(
        LedgerKind.INTERRUPTION, ref("interruption", row.pk), interruption_payload(row)
    )


def exemption_recorded(row: SceneExemption) -> LedgerEntry:
    return chain.append(LedgerKind.EXEMPTION, ref("exemption", row.pk), exemption_payload(row))


def access_logged(row: AccessLog) -> LedgerEntry:
    return chain.append(LedgerKind.ACCESS, ref("access", row.pk), access_payload(row))


@receiver(post_save, sender=CaseStep, dispatch_uid="evidence_ledger_case_step")
def _case_step_saved(sender: Any, instance: CaseStep, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        chain.append(
            LedgerKind.CASE_STEP, ref("case_step", instance.pk), case_step_payload(instance)
        )


@receiver(post_save, sender=Document, dispatch_uid="evidence_ledger_document")
def _document_saved(sender: Any, instance: Document, **kwargs: Any) -> None:
    """Record a document version when it becomes final (drafts change until then)."""
    if kwargs.get("raw") or instance.status != DocumentStatus.FINAL:
        return
    key = ref("document", instance.pk)
    if not LedgerEntry.objects.filter(ref=key).exists():
        chain.append(LedgerKind.DOCUMENT, key, document_payload(instance))


@receiver(post_save, sender=DocumentOriginal, dispatch_uid="evidence_ledger_document_original")
def _original_saved(sender: Any, instance: DocumentOriginal, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        payload = document_original_payload(instance)
        chain.append(LedgerKind.DOCUMENT, ref("document_original", instance.pk), payload)

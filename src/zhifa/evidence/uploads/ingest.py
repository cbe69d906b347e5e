"""Turning a complete local file into a stored AV record (入库): the one path for every file.

The resumable upload's finishing task and the docking-station import both end here. The file
is read once to hash it, with the configured algorithm and also the client's if it differs.
Its type is recognised from its first bytes and its time is read from its metadata. Then one
transaction stores the content, the record, its officers, its session, the ledger entries and
the audit entry. Any failure leaves no record, and a content object stored by this call is
deleted again.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filetype
from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.core import digests
from zhifa.core.chinese_dates import chinese_datetime
from zhifa.core.errors import ValidationFailed
from zhifa.evidence import contentstore, sessions
from zhifa.evidence.ledger import entries
from zhifa.evidence.models import AvRecord, MediaKind, StoredContent, TimeSource
from zhifa.evidence.uploads import metadata, probe, types

logger = logging.getLogger(__name__)

DIGEST_MISMATCH = "文件摘要值与采集站提供的不一致，文件可能在传输中损坏，请重新上传。"
EMPTY_FILE = "文件为空（0 字节），请选择录制好的文件。"
HEAD_BYTES = 8192


@dataclass
class IncomingFile:
    """A complete file on local disk and what was declared about it."""

    user: User
    path: Path
    filename: str
    declared_type: str
    size: int
    client_digest: str
    metadata: dict[str, Any]
    source: str = "upload"


@dataclass(frozen=True)
class Hashed:
    digest: str
    client_algorithm_digest: str
    head: bytes


def hash_file(path: Path, size: int, client_algorithm: str | None) -> Hashed:
    """Read the file once through the hashers; check that it has the expected size."""
    main = digests.new_hasher()
    extra = digests.new_hasher(client_algorithm) if client_algorithm else None
    if extra is not None and extra.name == main.name:
        extra = None
    head = b""
    total = 0
    with path.open("rb") as handle:
        while chunk := handle.read(digests.CHUNK_BYTES):
            if len(head) < HEAD_BYTES:
                head += chunk[: HEAD_BYTES - len(head)]
            main.update(chunk)
            if extra is not None:
                extra.update(chunk)
            total += len(chunk)
    if total != size:
        raise ValidationFailed(f"文件大小为 {total} 字节，与声明的 {size} 字节不符。", field="size")
    digest = digests.format_digest(main.name, main.hexdigest())
    second = digests.format_digest(extra.name, extra.hexdigest()) if extra is not None else digest
    return Hashed(digest, second, head)


def check_content_type(head: bytes, file_format: types.FileFormat) -> None:
    sniffed = filetype.guess_mime(head)
    if sniffed not in file_format.sniffed:
        found = f"“{sniffed}”" if sniffed else "无法识别的内容"
        raise ValidationFailed(
            f"文件内容与声明的格式不符：扩展名为 .{file_format.extension}，内容却是{found}。"
            "请上传执法记录仪导出的原始文件。",
            field="file",
        )


def recorded_times(
    fields: metadata.RecordFields, facts: probe.MediaFacts
) -> tuple[datetime.datetime, datetime.datetime | None, str]:
    """Return start, end and time source: the file's own time, else the time entered by hand."""
    duration = datetime.timedelta(seconds=facts.duration_seconds or 0)
    if facts.recorded_at is not None:
        ended = facts.recorded_at + duration if facts.duration_seconds else None
        return facts.recorded_at, ended, TimeSource.METADATA
    if fields.started_at is None:
        reason = f"（{facts.problem}）" if facts.problem else ""
        raise ValidationFailed(
            f"文件中没有录制时间{reason}，请填写“开始时间”后重新上传。", field="started_at"
        )
    ended = fields.ended_at or (fields.started_at + duration if facts.duration_seconds else None)
    return fields.started_at, ended, TimeSource.ENTERED


def existing_record(agency_id: int, digest: str) -> AvRecord | None:
    """Return the agency's record of this content, if the same file was stored before."""
    return AvRecord.objects.filter(agency_id=agency_id, content_id=digest).order_by("pk").first()


def _reject_duplicate(agency_id: int, digest: str) -> None:
    earlier = existing_record(agency_id, digest)
    if earlier is not None:
        raise ValidationFailed(
            f"该文件已于{chinese_datetime(earlier.created_at)}上传为音像记录（编号 {earlier.pk}），"
            "无需重复上传。",
            field="file",
        )


def ingest(incoming: IncomingFile, within: Callable[[AvRecord], None] | None = None) -> AvRecord:
    """Check and store ``incoming`` as an AV record; raise ``ValidationFailed`` with the reason.

    ``within`` runs inside the storing transaction, so what it writes commits with the record.
    """
    if incoming.size <= 0:
        raise ValidationFailed(EMPTY_FILE, field="size")
    fields = metadata.validate(incoming.user, incoming.metadata)
    file_format = types.format_for(incoming.filename, incoming.declared_type)
    types.check_time_known(file_format, fields.started_at)
    client_algorithm = None
    if incoming.client_digest:
        client_algorithm, _ = digests.parse(incoming.client_digest, field="client_digest")
    hashed = hash_file(incoming.path, incoming.size, client_algorithm)
    if incoming.client_digest and hashed.client_algorithm_digest != incoming.client_digest.lower():
        raise ValidationFailed(DIGEST_MISMATCH, field="client_digest")
    check_content_type(hashed.head, file_format)
    if file_format.media_kind == MediaKind.PHOTO:
        probe.check_photo_pixels(incoming.path, incoming.filename)
    _reject_duplicate(fields.agency.pk, hashed.digest)

    clock = fields.device.clock if fields.device is not None else None
    facts = probe.probe(incoming.path, file_format.media_kind, clock)
    started_at, ended_at, time_source = recorded_times(fields, facts)

    content: StoredContent | None = None
    created = False
    try:
        with transaction.atomic():
            content, created = contentstore.put(incoming.path, hashed.digest, incoming.size)
            _reject_duplicate(fields.agency.pk, hashed.digest)
            record = AvRecord.objects.create(
                agency=fields.agency,
                case=fields.case,
                party=fields.party,
                step=fields.step,
                scene=fields.scene,
                device=fields.device,
                media_kind=file_format.media_kind,
                content=content,
                filename=incoming.filename,
                mime_type=file_format.mime_type,
                size=incoming.size,
                duration_seconds=facts.duration_seconds,
                started_at=started_at,
                ended_at=ended_at,
                time_source=time_source,
                place=fields.place,
                party_informed=fields.party_informed,
                recorder_kind=fields.recorder_kind,
                third_party_name=fields.third_party_name,
                sensitivity=fields.sensitivity,
                note=fields.note,
                uploaded_by=incoming.user,
            )
            record.officers.set(fields.officers)
            sessions.attach(record)
            entries.av_record_stored(record)
            audit.record(
                "av_record_uploaded",
                actor=incoming.user,
                target=record,
                agency_id=fields.agency.pk,
                detail={"digest": hashed.digest, "size": incoming.size, "source": incoming.source},
            )
            if within is not None:
                within(record)
    except BaseException:
        if created and content is not None:
            contentstore.discard(content)
        raise
    logger.info("stored AV record %s (%s, %s bytes)", record.pk, hashed.digest, incoming.size)
    return record

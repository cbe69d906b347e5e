"""Helpers for evidence tests: stored content and AV records created the way uploads create them."""

import datetime
import itertools
import tempfile
from pathlib import Path
from typing import Any

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency, Officer
from zhifa.core import digests
from zhifa.evidence import contentstore, sessions
from zhifa.evidence.ledger import entries
from zhifa.evidence.models import (
    AvRecord,
    MediaKind,
    RecordingDevice,
    SceneType,
    StoredContent,
    TimeSource,
)

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))

_serial = itertools.count(1)


def shanghai(
    month: int, day: int, hour: int, minute: int = 0, second: int = 0
) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, second, tzinfo=SHANGHAI)


def store_bytes(content: bytes) -> StoredContent:
    """Store ``content`` in the evidence storage and return its row."""
    digest = digests.of_bytes(content)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "part"
        path.write_bytes(content)
        row, _ = contentstore.put(path, digest, len(content))
    return row


def scene(code: str) -> SceneType:
    return SceneType.objects.get(agency=None, code=code)


def make_device(agency: Agency, **fields: Any) -> RecordingDevice:
    fields.setdefault("serial_number", f"DSJ-TEST-{next(_serial):04d}")
    fields.setdefault("model_name", "测试型执法记录仪")
    return RecordingDevice.objects.create(agency=agency, **fields)


def make_record(
    agency: Agency,
    user: User,
    started_at: datetime.datetime,
    ended_at: datetime.datetime | None,
    *,
    scene_code: str = "on_site_inspection",
    officers: list[Officer] | None = None,
    attach: bool = True,
    **fields: Any,
) -> AvRecord:
    """Create an AV record with fresh content, group it into its session and ledger it."""
    number = next(_serial)
    content = store_bytes(f"test-media-{number}".encode())
    fields.setdefault("media_kind", MediaKind.VIDEO)
    fields.setdefault("place", "朱家角镇新风路1号")
    fields.setdefault("party_informed", True)
    scene_type = fields.pop("scene", None) or scene(scene_code)
    with transaction.atomic():
        record = AvRecord.objects.create(
            agency=agency,
            scene=scene_type,
            content=content,
            filename=f"REC{number:04d}.mp4",
            mime_type="video/mp4",
            size=content.size,
            started_at=started_at,
            ended_at=ended_at,
            time_source=TimeSource.METADATA,
            uploaded_by=user,
            **fields,
        )
        if officers:
            record.officers.set(officers)
        if attach:
            sessions.attach(record)
        entries.av_record_stored(record)
    return record

"""Helpers of the access tests: records with real media content, in the evidence storage."""

import datetime
import itertools
from pathlib import Path

from django.db import transaction
from django.test import Client

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.core import digests
from zhifa.evidence import contentstore
from zhifa.evidence.ledger import entries
from zhifa.evidence.models import AvRecord, MediaKind, SceneType, Sensitivity, TimeSource

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
MIME_TYPES = {
    MediaKind.VIDEO: "video/mp4",
    MediaKind.AUDIO: "audio/mp4",
    MediaKind.PHOTO: "image/jpeg",
}

_serial = itertools.count(1)


def record_from_file(
    agency: Agency,
    user: User,
    path: Path,
    *,
    media_kind: str = MediaKind.VIDEO,
    sensitivity: str = Sensitivity.NORMAL,
    filename: str | None = None,
) -> AvRecord:
    """Store the file at ``path`` and create a ledgered AV record of it."""
    with path.open("rb") as handle:
        digest = digests.of_file(handle)
    with transaction.atomic():
        content, _ = contentstore.put(path, digest, path.stat().st_size)
        record = AvRecord.objects.create(
            agency=agency,
            scene=SceneType.objects.filter(agency=None).order_by("pk")[0],
            content=content,
            filename=filename or f"执法记录{next(_serial):03d}{path.suffix}",
            mime_type=MIME_TYPES[MediaKind(media_kind)],
            size=content.size,
            media_kind=media_kind,
            started_at=datetime.datetime(2026, 11, 20, 9, 30, tzinfo=SHANGHAI),
            ended_at=datetime.datetime(2026, 11, 20, 9, 45, tzinfo=SHANGHAI),
            time_source=TimeSource.METADATA,
            place="朱家角镇新风路1号",
            party_informed=True,
            sensitivity=sensitivity,
            uploaded_by=user,
        )
        entries.av_record_stored(record)
    return record


def bytes_file(path: Path, size: int) -> Path:
    """Write ``size`` bytes whose value at offset i is i mod 251, so any slice is checkable."""
    pattern = bytes(range(251))
    with path.open("wb") as handle:
        written = 0
        while written < size:
            piece = pattern * 4096
            piece = piece[: size - written]
            handle.write(piece)
            written += len(piece)
    return path


def expected_slice(start: int, end: int) -> bytes:
    """Return bytes ``start`` to ``end`` inclusive of a file made by ``bytes_file``."""
    return bytes(i % 251 for i in range(start, end + 1))


def logged_client(user: User) -> Client:
    """Return a test client logged in as ``user`` without going through the login form."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client

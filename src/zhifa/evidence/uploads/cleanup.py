"""Removing what unfinished uploads leave behind (``zhifa evidence cleanup``)."""

import datetime
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone

from zhifa.evidence.ledger import orphans
from zhifa.evidence.models import StoredContent, Upload, UploadStatus

logger = logging.getLogger(__name__)

STALE_VERIFYING = "存储未能在规定时间内完成，请重新上传。"

# An ingest stores its content before its transaction commits. So a file without a row may
# belong to an ingest still running, and only files older than this count as left over.
ORPHAN_MIN_AGE = datetime.timedelta(days=1)


@dataclass(frozen=True)
class CleanupReport:
    abandoned: int
    timed_out: int
    parts_deleted: int
    orphans_deleted: int = 0


FINISHED = (UploadStatus.STORED, UploadStatus.FAILED, UploadStatus.ABANDONED)


def _statuses(stems: list[str]) -> dict[str, str]:
    """Return the status of each upload named by a part file's stem (a UUID)."""
    ids = []
    for stem in stems:
        try:
            ids.append(uuid.UUID(stem))
        except ValueError:
            continue
    rows = Upload.objects.filter(pk__in=ids).values_list("pk", "status")
    return {str(pk): status for pk, status in rows}


def _delete(path: Path) -> bool:
    if not path.exists():
        return False
    path.unlink(missing_ok=True)
    return True


def cleanup(older_than_days: int = 2) -> CleanupReport:
    """Mark uploads idle for ``older_than_days`` abandoned and delete parts no upload needs.

    An upload still ``receiving`` is abandoned, one still ``verifying`` (its worker died) is
    failed, and the parts of every finished, failed or abandoned upload are deleted, as are
    part files of no known upload that are older than the limit. Files of the evidence storage
    that no stored-content row names are deleted once a day old, whatever the limit.
    """
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    stale = Upload.objects.filter(updated_at__lt=cutoff)
    abandoned = stale.filter(status=UploadStatus.RECEIVING).update(
        status=UploadStatus.ABANDONED, updated_at=timezone.now()
    )
    timed_out = stale.filter(status=UploadStatus.VERIFYING).update(
        status=UploadStatus.FAILED, error=STALE_VERIFYING, updated_at=timezone.now()
    )

    deleted = 0
    folder = Path(settings.ZHIFA_UPLOAD_DIR)
    parts = {part.stem: part for part in folder.glob("*.part")} if folder.exists() else {}
    statuses = _statuses(list(parts))
    for stem, part in parts.items():
        status = statuses.get(stem)
        if status is None:
            modified = datetime.datetime.fromtimestamp(part.stat().st_mtime, tz=datetime.UTC)
            if modified < cutoff:
                deleted += _delete(part)
        elif status in FINISHED:
            deleted += _delete(part)
    orphans_deleted = delete_orphans()
    logger.info(
        "upload cleanup: %s abandoned, %s timed out, %s parts deleted, %s orphan files deleted",
        abandoned,
        timed_out,
        deleted,
        orphans_deleted,
    )
    return CleanupReport(abandoned, timed_out, deleted, orphans_deleted)


def delete_orphans() -> int:
    """Delete evidence files that no ``StoredContent`` row names and older than a day."""
    storage = storages["evidence"]
    cutoff = timezone.now() - ORPHAN_MIN_AGE
    deleted = 0
    for name in list(orphans.orphan_names(storage)):
        # Checked again right before deleting: an ingest may have committed its row meanwhile.
        # NOTE: an ingest that replaces this very file between the two steps still loses it,
        # and verify then reports the content as missing.
        if StoredContent.objects.filter(storage_name=name).exists():
            continue
        try:
            modified = storage.get_modified_time(name)
        except (OSError, NotImplementedError) as error:
            logger.warning("cannot read the time of orphan evidence file %s: %s", name, error)
            continue
        if modified >= cutoff:
            continue
        storage.delete(name)
        deleted += 1
        logger.warning("deleted orphan evidence file %s, last modified %s", name, modified)
    return deleted

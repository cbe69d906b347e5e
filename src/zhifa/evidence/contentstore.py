"""Content-addressed storage of evidence files (存证内容) over ``storages["evidence"]``.

A file is stored under a name derived from its digest, ``<alg>/<hex[:2]>/<hex[2:4]>/<hex>``, so
the same bytes are stored once however often they arrive. ``StoredContent`` rows are
append-only: a row exists exactly when its object was stored and put in the ledger.

``put`` runs inside the caller's transaction. The database rolls back the row and the ledger
entry when that transaction fails, but not the stored object: the caller deletes the object
with ``discard`` when ``put`` reported it as new.
"""

import logging
from pathlib import Path
from typing import IO

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import IntegrityError, transaction

from zhifa.core import digests
from zhifa.core.errors import NotFound
from zhifa.evidence.ledger import entries
from zhifa.evidence.models import StoredContent

logger = logging.getLogger(__name__)


class _LargeChunkFile(File):
    """A file that a local storage copies in 1 MiB chunks instead of Django's 64 KiB."""

    DEFAULT_CHUNK_SIZE = 1024 * 1024


def storage() -> Storage:
    return storages["evidence"]


def storage_name(digest: str) -> str:
    """Return the name under which the content with ``digest`` is stored."""
    algorithm, hexdigest = digests.parse(digest)
    return f"{algorithm}/{hexdigest[:2]}/{hexdigest[2:4]}/{hexdigest}"


def put(local_path: Path, digest: str, size: int) -> tuple[StoredContent, bool]:
    """Store the file at ``local_path`` under ``digest`` unless that content is stored already.

    Returns the row and whether this call stored a new object. The caller has hashed the file;
    ``put`` trusts ``digest`` and ``size``. The file is streamed to the storage in chunks
    (``File.chunks`` for local folders, multipart upload for S3), never read whole.
    """
    digest = digests.format_digest(*digests.parse(digest))
    existing = StoredContent.objects.filter(pk=digest).first()
    if existing is not None:
        if not storage().exists(existing.storage_name):
            # Destroyed after an appraisal (鉴定销毁): the same bytes arrive again, for a new
            # record, so they are stored again under the name the ledger already holds.
            logger.info("storing destroyed evidence object %s again", existing.storage_name)
            with local_path.open("rb") as handle:
                storage().save(existing.storage_name, _LargeChunkFile(handle, name=local_path.name))
        return existing, False

    name = storage_name(digest)
    target = storage()
    if target.exists(name):
        # An object without a row is left over from a transaction that failed after storing
        # it, perhaps half-written; it is replaced.
        logger.warning("replacing orphan evidence object %s", name)
        target.delete(name)
    with local_path.open("rb") as handle:
        saved_name = target.save(name, _LargeChunkFile(handle, name=local_path.name))

    try:
        with transaction.atomic():
            row = StoredContent.objects.create(digest=digest, size=size, storage_name=saved_name)
            entries.content_stored(row)
    except IntegrityError:
        # Another upload stored the same content at the same moment and committed first.
        if saved_name != name:
            target.delete(saved_name)
        return StoredContent.objects.get(pk=digest), False
    except BaseException:
        target.delete(saved_name)
        raise
    return row, True


def discard(row: StoredContent) -> None:
    """Delete the stored object of ``row`` after the transaction that created the row failed."""
    try:
        storage().delete(row.storage_name)
    except OSError:
        logger.exception("could not delete evidence object %s", row.storage_name)


def open(digest: str) -> IO[bytes]:
    """Open the stored content with ``digest`` for reading; the caller closes it."""
    row = StoredContent.objects.filter(pk=digest).first()
    if row is None:
        raise NotFound(f"存证内容{digest}不存在。")
    handle: IO[bytes] = storage().open(row.storage_name, "rb")
    return handle

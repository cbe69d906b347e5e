"""Storing document files through Django's storage API, with a digest of every stored byte.

An incoming stream is copied once into a local temporary file while it is hashed, so memory
use stays constant whatever the size. The checked temporary file is then saved to the
storage. Callers delete what they stored when their database transaction fails, so a file
lands together with its row or not at all.
"""

import hashlib
import logging
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from django.core.files import File
from django.core.files.storage import Storage, default_storage

from zhifa.core.errors import ValidationFailed

logger = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024
# Temporary files stay in memory up to this size, then spill to disk.
SPOOL_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Spooled:
    """A stream copied to a temporary file: its digest, size and first bytes."""

    file: IO[bytes]
    digest: str
    size: int
    head: bytes


@dataclass(frozen=True)
class StoredFile:
    name: str
    digest: str
    size: int


def sha256_digest(hasher: "hashlib._Hash") -> str:
    return "sha256:" + hasher.hexdigest()


@contextmanager
def spool(chunks: Iterable[bytes], *, max_bytes: int, label: str) -> Iterator[Spooled]:
    """Copy ``chunks`` into a temporary file, hashing as it goes; reject more than ``max_bytes``."""
    hasher = hashlib.sha256()
    size = 0
    head = b""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buffer:
        for chunk in chunks:
            size += len(chunk)
            if size > max_bytes:
                raise ValidationFailed(
                    f"{label}超过 {max_bytes // (1024 * 1024)} MB 的上限，请压缩或拆分后重新上传。",
                    field="file",
                )
            if len(head) < 16:
                head += chunk[: 16 - len(head)]
            hasher.update(chunk)
            buffer.write(chunk)
        buffer.seek(0)
        yield Spooled(buffer, sha256_digest(hasher), size, head)


def save_spooled(spooled: Spooled, name: str, storage: Storage | None = None) -> StoredFile:
    """Save a spooled stream under ``name`` (the storage may add a suffix to keep it unique)."""
    target = storage or default_storage
    spooled.file.seek(0)
    stored_name = target.save(name, File(spooled.file, name=name))
    return StoredFile(stored_name, spooled.digest, spooled.size)


def store_bytes(content: bytes, name: str, storage: Storage | None = None) -> StoredFile:
    """Store generated content (a rendered .docx or .pdf) and return its name and digest."""
    chunks = (content[start : start + CHUNK_BYTES] for start in range(0, len(content), CHUNK_BYTES))
    with spool(chunks, max_bytes=max(len(content), 1), label="文件") as spooled:
        return save_spooled(spooled, name, storage)


def digest_of_stored(name: str, storage: Storage | None = None) -> str:
    """Hash a stored file by streaming it back, e.g. to verify it against its recorded digest."""
    hasher = hashlib.sha256()
    with (storage or default_storage).open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK_BYTES), b""):
            hasher.update(chunk)
    return sha256_digest(hasher)


def delete_quietly(names: Iterable[str], storage: Storage | None = None) -> None:
    """Delete files stored by a write that then failed; an ``OSError`` is logged, not raised."""
    target = storage or default_storage
    for name in names:
        try:
            target.delete(name)
        except OSError:
            logger.exception("could not delete orphaned stored file %s", name)

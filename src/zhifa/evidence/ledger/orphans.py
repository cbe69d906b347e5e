"""Files in the evidence storage that no ``StoredContent`` row names (存储中有账本之外的文件).

Such a file is left when an ingest stored its content and then failed before its transaction
committed, or when someone removed the row behind the platform's back. The storage is walked
through the Storage API (``listdir``), so this works for a local folder and for S3 alike.
Names are checked against the database in batches, so memory does not grow with the store.
"""

import posixpath
from collections.abc import Iterator

from django.core.files.storage import Storage

from zhifa.evidence.models import StoredContent

BATCH = 1000


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Yield the name of every file under ``folder``, depth first."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        # A local storage whose folder was never created has no files.
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for child in sorted(folders):
        yield from stored_names(storage, posixpath.join(folder, child) if folder else child)


def _unknown(batch: list[str]) -> list[str]:
    known = set(
        StoredContent.objects.filter(storage_name__in=batch).values_list("storage_name", flat=True)
    )
    return [name for name in batch if name not in known]


def orphan_names(storage: Storage) -> Iterator[str]:
    """Yield the names of stored files that no ``StoredContent`` row names."""
    batch: list[str] = []
    for name in stored_names(storage):
        batch.append(name)
        if len(batch) >= BATCH:
            yield from _unknown(batch)
            batch = []
    yield from _unknown(batch)

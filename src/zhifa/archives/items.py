"""The bytes of case file items (卷内文件): reading them and storing the files archiving makes.

Items point at bytes that already exist (a final document's PDF or Word file, a scanned
original, an AV record's stored content) or at files that archiving generates (the table of
contents, the record of the steps, the publication history). Generated files go into the
content-addressed evidence store through ``contentstore.put``, so they get a digest and a ledger
entry like any evidence, and identical bytes are stored once.
"""

import tempfile
from pathlib import Path
from typing import IO

from django.core.files.storage import Storage, storages

from zhifa.archives.casefiles.models import CaseFileItem
from zhifa.core import digests
from zhifa.evidence import contentstore
from zhifa.evidence.models import StoredContent


def storage_of(item: CaseFileItem) -> Storage:
    return storages[item.storage]


def open_item(item: CaseFileItem) -> IO[bytes]:
    """Open an item's bytes for reading; the caller closes the handle.

    Raises ``FileNotFoundError`` (or another ``OSError``) when the stored file is gone, which
    the checks report and the disposition expects after destruction.
    """
    handle: IO[bytes] = storage_of(item).open(item.storage_name, "rb")
    return handle


def store_bytes(content: bytes) -> tuple[StoredContent, bool]:
    """Store generated ``content`` in the evidence store and return the row and whether it is new.

    Runs inside the caller's transaction. When that transaction fails afterwards, the caller
    passes a new row to ``contentstore.discard`` (see ``contentstore.put``).
    """
    digest = digests.of_bytes(content)
    with tempfile.TemporaryDirectory(prefix="zhifa-archive-") as folder:
        path = Path(folder) / "item"
        path.write_bytes(content)
        return contentstore.put(path, digest, len(content))

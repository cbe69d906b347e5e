"""Serving stored content over HTTP with single byte ranges, in constant memory.

Browsers seek in <video> and <audio> with ``Range: bytes=a-b``, ``bytes=a-`` and ``bytes=-n``
(RFC 9110 section 14). A satisfiable single range gets 206 with ``Content-Range``, and a
range that starts past the end gets 416. No range, a malformed one or several ranges get the
whole file with 200, because RFC 9110 lets a server ignore Range. The body is read in pieces
of ``PIECE_BYTES``: local files are opened and seeked, S3 objects are fetched with a ranged
GET and their body read piece by piece. django-storages' ``S3File`` is not used here because
it copies the whole object into a temporary file before the first byte can be sent.
"""

import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.storage import Storage, storages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from zhifa.evidence.models import StoredContent

logger = logging.getLogger(__name__)

PIECE_BYTES = 1024 * 1024


class RangeNotSatisfiable(Exception):
    """The requested range starts at or after the end of the content."""


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive, as in Content-Range

    @property
    def length(self) -> int:
        return self.end - self.start + 1


_SPEC = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """Return the one range ``header`` requests, None to send everything, or raise 416."""
    if not header:
        return None
    unit, _, specs = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in specs:
        return None
    match = _SPEC.match(specs)
    if match is None or not (match.group(1) or match.group(2)):
        return None
    first, last = match.groups()

    if not first:  # suffix range: the last n bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable
        return ByteRange(max(0, size - suffix), size - 1)
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise RangeNotSatisfiable
    end = min(int(last), size - 1) if last else size - 1
    return ByteRange(start, end)


def evidence_storage() -> Storage:
    return storages["evidence"]


def _is_s3(storage: Storage) -> bool:
    try:
        from storages.backends.s3 import S3Storage
    except ImportError:  # django-storages is optional for local deployments
        return False
    return isinstance(storage, S3Storage)


def _local_pieces(storage: Storage, name: str, start: int, length: int) -> Iterator[bytes]:
    with storage.open(name, "rb") as handle:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            piece = handle.read(min(PIECE_BYTES, remaining))
            if not piece:
                logger.error("stored file %s ended %d bytes early", name, remaining)
                return
            remaining -= len(piece)
            yield piece


def _s3_pieces(storage: Any, name: str, start: int, length: int) -> Iterator[bytes]:
    from storages.utils import clean_name

    key = storage._normalize_name(clean_name(name))
    client = storage.connection.meta.client
    reply = client.get_object(
        Bucket=storage.bucket_name, Key=key, Range=f"bytes={start}-{start + length - 1}"
    )
    body = reply["Body"]
    try:
        yield from body.iter_chunks(PIECE_BYTES)
    finally:
        body.close()


def content_pieces(content: StoredContent, start: int, length: int) -> Iterator[bytes]:
    """Yield ``length`` bytes of ``content`` from ``start``, at most ``PIECE_BYTES`` at a time."""
    if length <= 0:
        return iter(())
    storage = evidence_storage()
    if _is_s3(storage):
        return _s3_pieces(storage, content.storage_name, start, length)
    return _local_pieces(storage, content.storage_name, start, length)


def temporary_file_pieces(path: Path) -> Iterator[bytes]:
    """Yield a temporary file in pieces and delete it once sent or abandoned."""
    try:
        with path.open("rb") as handle:
            yield from iter(lambda: handle.read(PIECE_BYTES), b"")
    finally:
        path.unlink(missing_ok=True)


def protect_headers(response: HttpResponse | StreamingHttpResponse) -> None:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"


def content_response(
    request: HttpRequest,
    content: StoredContent,
    *,
    mime_type: str,
    filename: str,
    attachment: bool,
) -> HttpResponse | StreamingHttpResponse:
    """Return ``content`` as a 200, 206 or 416 response honouring the request's Range header."""
    etag = f'"{content.digest}"'
    header = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range != etag:
        header = None  # the client's copy is another file: send it all again
    try:
        byte_range = parse_range(header, content.size)
    except RangeNotSatisfiable:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{content.size}"
        refused["Accept-Ranges"] = "bytes"
        protect_headers(refused)
        return refused

    whole = byte_range is None
    chosen = byte_range or ByteRange(0, content.size - 1)
    response = StreamingHttpResponse(
        content_pieces(content, chosen.start, chosen.length),
        status=200 if whole else 206,
        content_type=mime_type,
    )
    response["Content-Length"] = str(max(chosen.length, 0))
    if not whole:
        response["Content-Range"] = f"bytes {chosen.start}-{chosen.end}/{content.size}"
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Content-Disposition"] = content_disposition_header(attachment, filename) or ""
    protect_headers(response)
    return response


def file_response(path: Path, *, mime_type: str, filename: str) -> StreamingHttpResponse:
    """Return a temporary local file as a download, deleting it after it was sent."""
    response = StreamingHttpResponse(temporary_file_pieces(path), content_type=mime_type)
    response["Content-Length"] = str(os.path.getsize(path))
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    protect_headers(response)
    return response

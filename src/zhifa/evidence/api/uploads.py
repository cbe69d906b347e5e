"""Resumable upload of AV records (分片上传), for the upload page and docking stations.

1. ``POST /api/evidence/uploads`` with the file's name, size, type, optional digest and the
   record's facts: returns the upload with ``id``.
2. ``PUT /api/evidence/uploads/{id}/content`` per chunk (at most 16 MiB), with the header
   ``Upload-Offset`` (bytes already received) and the raw bytes as the body
   (``Content-Type: application/offset+octet-stream``). A wrong offset returns 409 with the
   ``offset`` to resume from.
3. ``GET /api/evidence/uploads/{id}`` returns ``received`` after a broken connection.
4. ``POST /api/evidence/uploads/{id}/complete`` queues the check and storage; poll the status
   until it is ``stored`` (with ``record_id``) or ``failed`` (with ``error``).
5. ``DELETE /api/evidence/uploads/{id}`` abandons an upload.

The chunk body is read from the request stream by ``protocol.receive`` in 1 MiB reads; this
module never touches ``request.body``.
"""

import re
import uuid
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from ninja import Router, Schema, Status
from pydantic import Field

from zhifa.accounts.models import User
from zhifa.core.errors import ValidationFailed
from zhifa.evidence.models import Upload
from zhifa.evidence.uploads import protocol

router = Router(tags=["音像记录上传"])

# At most 20 digits, so that no header makes ``int`` parse an arbitrarily long number.
ASCII_INTEGER = re.compile(r"[0-9]{1,20}", re.ASCII)


class UploadIn(Schema):
    filename: str = Field(description="原始文件名，可含中文，不得含 / \\ 或“..”")
    size: int = Field(description="文件大小（字节），不超过服务器设置的上限（默认 64 GiB）")
    declared_type: str = Field("", description="文件格式（MIME 类型），例如 video/mp4")
    client_digest: str = Field("", description="采集站计算的摘要值，例如 sm3:…")
    metadata: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "记录信息：scene、case、party、step、device、officers（编号列表）、started_at、"
            "ended_at、place、party_informed、recorder_kind、third_party_name、sensitivity、note；"
            "wav、amr、aac、mp3、avi、png 文件不含录制时间，必须填写 started_at"
        ),
    )


class UploadOut(Schema):
    id: uuid.UUID
    filename: str
    size: int
    received: int
    status: str
    status_label: str
    error: str
    record_id: int | None
    record_url: str | None


def _record_url(upload: Upload) -> str | None:
    if upload.record_id is None:
        return None
    try:
        return reverse("evidence:record_detail", args=[upload.record_id])
    except NoReverseMatch:
        return None


def _out(upload: Upload) -> dict[str, Any]:
    return {
        "id": upload.pk,
        "filename": upload.filename,
        "size": upload.size,
        "received": upload.received,
        "status": upload.status,
        "status_label": upload.get_status_display(),
        "error": upload.error,
        "record_id": upload.record_id,
        "record_url": _record_url(upload),
    }


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _header_int(request: HttpRequest, name: str, label: str) -> int:
    """Return a header's non-negative integer, written in ASCII digits only.

    ``str.isdigit`` also accepts digits such as "²" that ``int`` cannot read.
    """
    value = request.headers.get(name, "").strip()
    if not ASCII_INTEGER.fullmatch(value):
        raise ValidationFailed(
            f"请求头 {name}（{label}）缺失或不是非负整数（只能由 0-9 组成），收到{value!r}。",
            field=name,
        )
    return int(value)


@router.post("", response={201: UploadOut})
def create_upload(request: HttpRequest, payload: UploadIn) -> Status:
    upload = protocol.create(
        _user(request),
        payload.filename,
        payload.size,
        payload.declared_type,
        payload.client_digest,
        payload.metadata,
    )
    return Status(201, _out(upload))


@router.put("/{upload_id}/content", response=UploadOut)
def send_chunk(request: HttpRequest, upload_id: uuid.UUID) -> dict[str, Any]:
    offset = _header_int(request, "Upload-Offset", "本分片的起始位置")
    length = _header_int(request, "Content-Length", "本分片的字节数")
    upload = protocol.receive(_user(request), upload_id, offset, request, length)
    return _out(upload)


@router.get("/{upload_id}", response=UploadOut)
def upload_status(request: HttpRequest, upload_id: uuid.UUID) -> dict[str, Any]:
    return _out(protocol.status(_user(request), upload_id))


@router.post("/{upload_id}/complete", response=UploadOut)
def complete_upload(request: HttpRequest, upload_id: uuid.UUID) -> dict[str, Any]:
    return _out(protocol.complete(_user(request), upload_id))


@router.delete("/{upload_id}", response=UploadOut)
def abandon_upload(request: HttpRequest, upload_id: uuid.UUID) -> dict[str, Any]:
    return _out(protocol.abandon(_user(request), upload_id))

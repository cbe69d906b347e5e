"""The resumable upload protocol (分片上传): create, send chunks, ask the status, complete.

The part of an upload in progress is a file ``ZHIFA_UPLOAD_DIR/<id>.part``. A chunk is written
at ``received``, its offset, in reads of 1 MiB, so memory stays constant whatever the chunk or
file size. ``received`` moves on only after the whole chunk arrived, with a conditional
UPDATE, so a broken or concurrent request never counts twice. A part longer than
``received`` (a chunk cut short) is truncated back to it. After ``complete`` the finishing task
(``zhifa.evidence.tasks.finish_upload``) checks and stores the file.
"""

import fcntl
import logging
import os
import shutil
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.core import digests
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.evidence.models import Upload, UploadStatus
from zhifa.evidence.uploads import ingest, metadata, types

logger = logging.getLogger(__name__)

MAX_CHUNK_BYTES = 16 * 1024 * 1024
READ_BYTES = 1024 * 1024
MAX_FILENAME_LENGTH = 255
GIB = 1024**3
# Characters that reorder how a name is displayed, so "录像\u202emp4.exe" shows as "录像exe.4pm".
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class OffsetMismatch(InvalidTransition):
    """A chunk was sent at another offset than the server has received; the client resumes there."""

    code = "offset_mismatch"

    def __init__(self, expected: int):
        super().__init__(
            f"上传位置不一致：服务器已接收 {expected} 字节，请从该位置继续上传。", field="offset"
        )
        self.expected = expected

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "offset": self.expected}


def part_path(upload: Upload) -> Path:
    return Path(settings.ZHIFA_UPLOAD_DIR) / f"{upload.pk}.part"


def _require(user: User) -> None:
    if not user.can(Capability.MANAGE_CASES):
        raise NotPermitted(f"您的角色没有“{Capability.MANAGE_CASES.label}”权限。")


def _own_upload(user: User, upload_id: Any) -> Upload:
    """Return the user's own upload; uploads of others are not found."""
    _require(user)
    found = restrict(Upload.objects.filter(pk=upload_id, user=user), user).first()
    if found is None:
        raise NotFound("上传任务不存在或不属于您。")
    return found


def _has_control_character(name: str) -> bool:
    """Return whether ``name`` contains a control character (CR, LF, tab) or a bidi override."""
    return any(
        unicodedata.category(character) == "Cc" or character in BIDI_CONTROLS for character in name
    )


def check_filename(filename: str) -> str:
    name = filename.strip()
    if not name:
        raise ValidationFailed("请提供文件名。", field="filename")
    if any(mark in name for mark in ("/", "\\", "\x00")) or ".." in name:
        raise ValidationFailed(
            f"文件名“{name}”含有路径分隔符（/ 或 \\）、“..”或空字符，请改名后重新上传。",
            field="filename",
        )
    if _has_control_character(name):
        raise ValidationFailed(
            f"文件名{name!r}含有换行、制表符等控制字符，请改名后重新上传。", field="filename"
        )
    if "." not in name:
        raise ValidationFailed(
            f"文件名“{name}”没有扩展名，请使用记录设备导出的原始文件名（如 .mp4、.jpg）。",
            field="filename",
        )
    if not name.rpartition(".")[0].strip():
        raise ValidationFailed(
            f"文件名“{name}”只有扩展名，请改为有意义的名称后重新上传。", field="filename"
        )
    if len(name) > MAX_FILENAME_LENGTH:
        raise ValidationFailed(f"文件名不能超过{MAX_FILENAME_LENGTH}个字符。", field="filename")
    return name


def _check_size(size: int) -> None:
    """Raise when the declared size is negative, zero, over the limit or over the free space."""
    if size < 0:
        raise ValidationFailed(f"文件大小不能为负数（收到 {size}）。", field="size")
    if size == 0:
        raise ValidationFailed(ingest.EMPTY_FILE, field="size")
    limit = int(settings.ZHIFA_UPLOAD_MAX_BYTES)
    if size > limit:
        raise ValidationFailed(
            f"文件大小 {size} 字节超过上限 {limit} 字节（{limit / GIB:.0f} GiB），"
            "请分段导出后分别上传。",
            field="size",
        )
    folder = Path(settings.ZHIFA_UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(folder).free
    if free < size:
        logger.warning("upload of %s bytes rejected: only %s bytes free in %s", size, free, folder)
        raise ValidationFailed(
            f"服务器存储空间不足：文件 {size / GIB:.1f} GiB，可用空间仅 {free / GIB:.1f} GiB。"
            "请稍后再试，或联系系统管理员扩充存储空间。",
            field="size",
        )


def create(
    user: User,
    filename: str,
    size: int,
    declared_type: str,
    client_digest: str,
    record_metadata: dict[str, Any],
) -> Upload:
    """Start an upload after checking the file's name, size, type, digest and record facts."""
    _require(user)
    name = check_filename(filename)
    file_format = types.format_for(name, declared_type)
    _check_size(size)
    digest = ""
    if client_digest.strip():
        digest = digests.format_digest(*digests.parse(client_digest, field="client_digest"))
    fields = metadata.validate(user, record_metadata)
    types.check_time_known(file_format, fields.started_at)
    with transaction.atomic():
        upload = Upload.objects.create(
            agency=fields.agency,
            user=user,
            filename=name,
            declared_type=file_format.mime_type,
            size=size,
            client_digest=digest,
            metadata=fields.to_json(),
        )
    part_path(upload).touch()
    return upload


@contextmanager
def _locked_part(upload: Upload) -> Iterator[IO[bytes]]:
    """Open the part for writing, refusing a second writer (a client that sent twice).

    NOTE: ``flock`` excludes writers on one host only, and over NFS it may not reach other
    application servers. The conditional UPDATE still keeps ``received`` right there, but two
    writers on different hosts could interleave bytes.
    """
    path = part_path(upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Neither "a" (every write appends) nor "w" (truncates) fits: open read-write, creating.
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "r+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InvalidTransition(
                "另一个请求正在写入此上传任务，请等待后查询状态再继续。", field="offset"
            ) from None
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _received(upload: Upload) -> int:
    return int(Upload.objects.values_list("received", flat=True).get(pk=upload.pk))


def _copy(stream: Any, handle: IO[bytes], length: int) -> int:
    """Copy ``length`` bytes from ``stream`` in reads of 1 MiB; return how many arrived."""
    copied = 0
    while copied < length:
        block = stream.read(min(READ_BYTES, length - copied))
        if not block:
            break
        handle.write(block)
        copied += len(block)
    return copied


def receive(user: User, upload_id: Any, offset: int, stream: Any, length: int) -> Upload:
    """Append one chunk of ``length`` bytes read from ``stream`` at ``offset``."""
    upload = _own_upload(user, upload_id)
    if upload.status != UploadStatus.RECEIVING:
        raise InvalidTransition(
            f"上传任务{upload.get_status_display()}，不能继续接收数据。", field="status"
        )
    if offset != upload.received:
        raise OffsetMismatch(upload.received)
    if length <= 0 or length > MAX_CHUNK_BYTES:
        raise ValidationFailed("每个分片应为 1 字节至 16 MiB。", field="length")
    if offset + length > upload.size:
        raise ValidationFailed(
            f"分片超出文件末尾：文件共 {upload.size} 字节，本分片结束于 {offset + length} 字节。",
            field="length",
        )

    with _locked_part(upload) as handle:
        # Another request may have finished a chunk between the check above and the lock.
        current = _received(upload)
        if current != offset:
            raise OffsetMismatch(current)
        handle.truncate(offset)
        handle.seek(offset)
        copied = _copy(stream, handle, length)
        if copied < length:
            handle.truncate(offset)
            logger.info("upload %s: chunk at %s broke after %s bytes", upload.pk, offset, copied)
            raise ValidationFailed(
                f"分片传输中断（收到 {copied}/{length} 字节），请查询状态后从断点继续上传。",
                field="length",
            )
        handle.flush()
        os.fsync(handle.fileno())
        moved = Upload.objects.filter(
            pk=upload.pk, received=offset, status=UploadStatus.RECEIVING
        ).update(received=offset + length, updated_at=timezone.now())
        if moved != 1:
            handle.truncate(offset)
            raise OffsetMismatch(Upload.objects.get(pk=upload.pk).received)
    upload.refresh_from_db()
    return upload


def status(user: User, upload_id: Any) -> Upload:
    """Return the upload; a part longer than ``received`` (a chunk cut short) is cut back."""
    upload = _own_upload(user, upload_id)
    path = part_path(upload)
    receiving = upload.status == UploadStatus.RECEIVING
    if receiving and path.exists() and path.stat().st_size > upload.received:
        try:
            with _locked_part(upload) as handle:
                handle.truncate(_received(upload))
        except InvalidTransition:
            pass  # A chunk is being written; it truncates on its own failure.
    return upload


def complete(user: User, upload_id: Any) -> Upload:
    """Close the upload and queue its finishing task once this transaction commits."""
    from zhifa.evidence.tasks import finish_upload

    upload = _own_upload(user, upload_id)
    if upload.status != UploadStatus.RECEIVING:
        raise InvalidTransition(f"上传任务{upload.get_status_display()}，不能再次提交。")
    if upload.received != upload.size:
        raise ValidationFailed(
            f"文件尚未传完：已接收 {upload.received}/{upload.size} 字节。", field="offset"
        )
    with transaction.atomic():
        moved = Upload.objects.filter(
            pk=upload.pk, status=UploadStatus.RECEIVING, received=upload.size
        ).update(status=UploadStatus.VERIFYING, updated_at=timezone.now())
        if moved != 1:
            raise InvalidTransition("上传任务已被提交或放弃。")
        transaction.on_commit(lambda: finish_upload.enqueue(str(upload.pk)))
    upload.refresh_from_db()
    return upload


def delete_part(upload: Upload) -> None:
    part_path(upload).unlink(missing_ok=True)


def abandon(user: User, upload_id: Any) -> Upload:
    """Give up an upload that is not stored: its part is deleted."""
    upload = _own_upload(user, upload_id)
    if upload.status in (UploadStatus.STORED, UploadStatus.VERIFYING):
        raise InvalidTransition(f"上传任务{upload.get_status_display()}，不能放弃。")
    Upload.objects.filter(pk=upload.pk).update(
        status=UploadStatus.ABANDONED, updated_at=timezone.now()
    )
    delete_part(upload)
    upload.refresh_from_db()
    return upload

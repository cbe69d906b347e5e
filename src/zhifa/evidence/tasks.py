"""Background tasks of the evidence app (django-tasks; ``zhifa db_worker`` runs them)."""

import logging
import uuid

from django.utils import timezone
from django_tasks import task

from zhifa.core.errors import ZhifaError
from zhifa.evidence.models import AvRecord, Upload, UploadStatus
from zhifa.evidence.uploads import protocol
from zhifa.evidence.uploads.ingest import IncomingFile, ingest

logger = logging.getLogger(__name__)

UNEXPECTED_FAILURE = "存储文件时发生系统错误，请重新上传；如再次失败请联系系统管理员。"


def _fail(upload: Upload, reason: str) -> None:
    Upload.objects.filter(pk=upload.pk).update(
        status=UploadStatus.FAILED, error=reason[:500], updated_at=timezone.now()
    )


@task()
def finish_upload(upload_id: str) -> None:
    """Check a completed upload and store it as an AV record, or mark it failed with the reason.

    The part is deleted either way. Runs once per upload: an upload no longer ``verifying`` is
    left as it is.
    """
    upload = Upload.objects.select_related("user").filter(pk=uuid.UUID(upload_id)).first()
    if upload is None or upload.status != UploadStatus.VERIFYING:
        logger.warning("finish_upload: upload %s is missing or not verifying", upload_id)
        return
    incoming = IncomingFile(
        user=upload.user,
        path=protocol.part_path(upload),
        filename=upload.filename,
        declared_type=upload.declared_type,
        size=upload.size,
        client_digest=upload.client_digest,
        metadata=upload.metadata,
    )

    def mark_stored(record: AvRecord) -> None:
        moved = Upload.objects.filter(pk=upload.pk, status=UploadStatus.VERIFYING).update(
            status=UploadStatus.STORED, record=record, error="", updated_at=timezone.now()
        )
        if moved != 1:
            raise RuntimeError(f"upload {upload.pk} changed status while it was being stored")

    try:
        if not incoming.path.exists():
            raise FileNotFoundError(incoming.path)
        ingest(incoming, within=mark_stored)
    except ZhifaError as error:
        logger.info("upload %s rejected: %s", upload.pk, error.message)
        _fail(upload, error.message)
    except Exception:
        logger.exception("upload %s failed while being stored", upload.pk)
        _fail(upload, UNEXPECTED_FAILURE)
    finally:
        protocol.delete_part(upload)

"""Serving stored document files to back-office users, after the permission check."""

import base64
import logging
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest

from zhifa.accounts import audit
from zhifa.accounts.roles import Capability
from zhifa.backoffice.mixins import scoped_get
from zhifa.cases.documents.actions import DOCUMENT_FOLDER
from zhifa.cases.models import Document

logger = logging.getLogger(__name__)

# which -> (content type, extension) for the generated files.
GENERATED = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "pdf": ("application/pdf", "pdf"),
}
WHICH_CHOICES = ("docx", "pdf", "original")


def _stored_file(document: Document, which: str) -> tuple[FieldFile, str, str, str]:
    """Return the file, its digest, content type and download name, or raise 404."""
    label = document.number or document.title
    if which in GENERATED:
        field = document.docx_file if which == "docx" else document.pdf_file
        digest = document.docx_digest if which == "docx" else document.pdf_digest
        content_type, extension = GENERATED[which]
        return field, digest, content_type, f"{document.title}（{label}）.{extension}"

    original = document.originals.order_by("-uploaded_at", "-pk").first()
    if original is None:
        raise Http404("该文书还没有上传原件扫描件。")
    extension = original.file.name.rsplit(".", 1)[-1]
    name = f"{document.title}（{label}）原件扫描件.{extension}"
    return original.file, original.digest, original.content_type, name


def _repr_digest(digest: str) -> str:
    """Return the RFC 9530 ``Repr-Digest`` value for a ``sha256:<hex>`` digest."""
    algorithm, _, hex_value = digest.partition(":")
    if algorithm != "sha256" or not hex_value:
        return ""
    return "sha-256=:" + base64.b64encode(bytes.fromhex(hex_value)).decode() + ":"


def document_file_response(request: HttpRequest, document: Document, which: str) -> FileResponse:
    """Stream a document's .docx, PDF or latest scanned original after the scope check.

    ``which`` is ``"docx"``, ``"pdf"`` or ``"original"``. Raises ``PermissionDenied`` without
    the back-office capability and ``Http404`` outside the user's scope or when the file does
    not exist. Each download is written to the audit log.
    """
    user = request.user
    if not user.is_authenticated or not user.can(Capability.VIEW_BACKOFFICE):
        raise PermissionDenied("您的角色没有此项权限。")
    if which not in WHICH_CHOICES:
        raise Http404("没有这种文书文件。")
    document = scoped_get(Document.objects.select_related("case"), user, pk=document.pk)

    field, digest, content_type, download_name = _stored_file(document, which)
    name = field.name or ""
    # Only names the document actions wrote are served, never a path that climbs out.
    if not name.startswith(DOCUMENT_FOLDER) or ".." in name or "\\" in name:
        if name:
            logger.warning("document %s has an unexpected stored name %r", document.pk, name)
        raise Http404("文书文件尚未生成。")
    try:
        handle = field.storage.open(name, "rb")
    except FileNotFoundError:
        logger.error("file %s of document %s is missing from storage", name, document.pk)
        raise Http404("文书文件缺失，请联系系统管理员。") from None

    with transaction.atomic():
        audit.record(
            "document_file_downloaded",
            actor=user,
            target=document,
            agency_id=document.case.agency_id,
            request=request,
            detail={"which": which, "digest": digest},
        )

    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(download_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Digest"] = digest
    repr_digest = _repr_digest(digest)
    if repr_digest:
        response["Repr-Digest"] = repr_digest
    return response

"""The printable post information board (岗位信息公示牌) of a window, and its files.

The two file views serve only a board's staff photos and sample forms, looked up by their
own primary key on an active window, never a path taken from the request.
"""

import logging

from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from zhifa.portal import queries
from zhifa.portal.views import PHOTO_TYPES

logger = logging.getLogger(__name__)

# Sample forms are documents that visitors fill in, so only these types are served.
FORM_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".wps": "application/vnd.ms-works",
}
PHOTO_FOLDER = "boards/photos/"
FORM_FOLDER = "boards/forms/"


@require_safe
def window_board(request: HttpRequest, pk: int) -> HttpResponse:
    board = queries.window_board(pk)
    if board is None:
        raise Http404("服务窗口不存在。")
    return render(request, "portal/window_board.html", {"board": board})


def _checked_type(field: FieldFile, folder: str, types: dict[str, str]) -> str:
    """Return the content type of a stored board file, or raise Http404 for any other file."""
    name = field.name or ""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = types.get(extension)
    if not name.startswith(folder) or ".." in name or "\\" in name or content_type is None:
        logger.warning("board file with unexpected name %r not served", name)
        raise Http404("文件不存在。")
    return content_type


def _open(field: FieldFile) -> File:
    try:
        handle = field.storage.open(field.name or "", "rb")
    except FileNotFoundError:
        logger.error("board file %s is missing from storage", field.name)
        raise Http404("文件不存在。") from None
    return handle


@require_safe
def window_photo(request: HttpRequest, post_pk: int) -> FileResponse:
    """Serve the photo of one post on an active window's board, and no other file."""
    photo = queries.post_photo(post_pk)
    if photo is None:
        raise Http404("照片不存在。")
    content_type = _checked_type(photo, PHOTO_FOLDER, PHOTO_TYPES)
    response = FileResponse(_open(photo), content_type=content_type)
    response["Cache-Control"] = "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def window_form(request: HttpRequest, form_pk: int) -> FileResponse:
    """Serve one sample application form of an active window's board as a download."""
    form = queries.sample_form(form_pk)
    if form is None:
        raise Http404("示范文本不存在。")
    content_type = _checked_type(form.file, FORM_FOLDER, FORM_TYPES)
    response = FileResponse(
        _open(form.file),
        content_type=content_type,
        as_attachment=True,
        filename=form.download_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=300"
    return response

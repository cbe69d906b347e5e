"""Playback and download of AV records (调阅): the player page, the stream and the download.

The player page asks for the purpose (调阅事由), checks scope and, for sensitive records, the
approved request, then logs ONE access and hands the player a signed session token (see
``zhifa.evidence.access.sessions``). ``record_stream`` serves the ranges that the <video>, <audio>
or <img> element requests under that token without logging again. ``record_download`` logs
each download and serves a watermarked copy.
"""

import logging
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views import View
from django.views.decorators.http import require_GET

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.client_address import client_ip
from zhifa.core.errors import NotFound, NotPermitted, ZhifaError
from zhifa.core.form_errors import LabelledErrorsForm
from zhifa.evidence import streaming, watermark
from zhifa.evidence.access import policy, sessions
from zhifa.evidence.access.logging import log_access, open_record
from zhifa.evidence.forms import text_errors
from zhifa.evidence.models import AccessAction, AvRecord, MediaKind

logger = logging.getLogger(__name__)


class PurposeForm(LabelledErrorsForm):
    purpose = forms.CharField(
        label="调阅事由",
        max_length=300,
        min_length=4,
        error_messages=text_errors("调阅事由", 4, 300),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="写明调阅的案件和用途，至少4个字，记入调阅日志",
    )


def _record(user: User, pk: int) -> AvRecord:
    try:
        return policy.scoped_record(user, pk)
    except NotFound as error:
        raise Http404(error.message) from error


def _session_record(request: HttpRequest, pk: int) -> tuple[AvRecord, sessions.PlaybackSession]:
    """Return the record and playback session of a stream or download request, checked again."""
    user: User = request.user  # type: ignore[assignment]
    record = _record(user, pk)
    try:
        session = sessions.read_token(request.GET.get("t", ""), user, record)
        policy.approved_request(user, record)  # an approval may have expired since the start
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    return record, session


class RecordPlayerView(CapabilityRequiredMixin, View):
    """The player: a purpose form first, then the player once the access was logged."""

    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evidence/access_player.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = _record(request.user, pk)  # type: ignore[arg-type]
        return self._page(request, record, PurposeForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        record = _record(user, pk)
        form = PurposeForm(request.POST)
        sensitive = policy.needs_request(record)
        if not sensitive and not form.is_valid():
            return self._page(request, record, form)
        purpose = form.data.get("purpose", "")
        action = AccessAction.VIEW if record.media_kind == MediaKind.PHOTO else AccessAction.STREAM
        try:
            entry = open_record(user, record, action, purpose, http_request=request)
        except ZhifaError as error:
            form.add_error(None, error.message)
            return self._page(request, record, form)
        token = sessions.issue_token(entry)
        return self._page(request, record, form, token=token, purpose=entry.purpose)

    def _page(
        self, request: HttpRequest, record: AvRecord, form: PurposeForm, **extra: Any
    ) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        context: dict[str, Any] = {"record": record, "form": form, **extra}
        context["sensitive"] = policy.needs_request(record)
        context["approval"] = policy.valid_request(user, record)
        context["watermark"] = watermark.watermark_text(user)
        context["photo_download_note"] = watermark.PHOTO_DOWNLOAD_NOTE
        token = extra.get("token")
        if token:
            query = f"?t={token}"
            context["stream_url"] = reverse("evidence:record_stream", args=[record.pk]) + query
            context["download_url"] = reverse("evidence:record_download", args=[record.pk]) + query
        return render(request, self.template_name, context)


@login_required
@require_GET
def record_stream(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Serve the ranges a media element requests. The player page logged the session already."""
    record, _session = _session_record(request, pk)
    return streaming.content_response(
        request,
        record.content,
        mime_type=record.mime_type,
        filename=record.filename,
        attachment=False,
    )


@login_required
@require_GET
def record_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Log the download with the session's purpose and serve a watermarked copy."""
    user: User = request.user  # type: ignore[assignment]
    record, session = _session_record(request, pk)
    opened = sessions.session_entry(session)
    text = watermark.watermark_text(user)
    try:
        response = _marked_response(request, record, text)
    except watermark.WatermarkUnavailable as error:
        return HttpResponse(
            error.message, status=error.status, content_type="text/plain; charset=utf-8"
        )
    log_access(
        user,
        record,
        AccessAction.DOWNLOAD,
        opened.purpose,
        request=opened.request,
        ip_address=client_ip(request),
    )
    return response


def _marked_response(request: HttpRequest, record: AvRecord, text: str) -> HttpResponseBase:
    if record.media_kind == MediaKind.PHOTO:
        marked = watermark.mark_photo(watermark.read_photo(record.content), text)
        is_png = marked.startswith(b"\x89PNG")
        response = HttpResponse(marked, content_type="image/png" if is_png else "image/jpeg")
        response["Content-Disposition"] = content_disposition_header(True, record.filename) or ""
        streaming.protect_headers(response)
        return response
    if record.media_kind == MediaKind.VIDEO:
        path = watermark.mark_video(record.content, text)
        return streaming.file_response(path, mime_type="video/mp4", filename=_mp4_name(record))
    # Audio cannot carry a visible mark: the original goes out with the mark in a header.
    original = streaming.content_response(
        request,
        record.content,
        mime_type=record.mime_type,
        filename=record.filename,
        attachment=True,
    )
    original[watermark.HEADER] = watermark.header_value(text)
    return original


def _mp4_name(record: AvRecord) -> str:
    stem = record.filename.rsplit(".", 1)[0] if "." in record.filename else record.filename
    return f"{stem}（水印）.mp4"

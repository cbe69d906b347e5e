"""The page where an agency manages its Word templates for documents (文书模板).

The page shows one agency: the user's own, or the one chosen with ``?agency=<pk>`` among the
agencies in the user's scope. Viewing, downloading and uploading all need ``manage_cases``,
because ``upload_agency_template`` checks that capability. Every download is written to the
audit log.
"""

import hashlib
import io
import logging
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Agency
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.cases.documents import actions as document_actions
from zhifa.cases.documents import templates
from zhifa.cases.documents.actions import MAX_GUIDANCE_CHARS, TEMPLATE_FOLDER
from zhifa.cases.documents.registry import DOC_TYPES
from zhifa.cases.forms import show_error
from zhifa.cases.models import DocumentTemplate
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The audit label of the file shipped with the platform, as ``ResolvedTemplate.source_label``.
BUNDLED_LABEL = "平台内置模板"


def _doc_type_choices() -> list[tuple[str, str]]:
    return [(code, spec.title) for code, spec in DOC_TYPES.items()]


class TemplateUploadForm(forms.Form):
    doc_type = forms.ChoiceField(label="文书种类", choices=_doc_type_choices)
    file = forms.FileField(label="模板文件", help_text="Word（.docx）文件，不超过10MB")
    guidance = forms.CharField(
        label="文书制作指引",
        required=False,
        max_length=MAX_GUIDANCE_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"制作该文书时显示给执法人员的说明，不超过{MAX_GUIDANCE_CHARS}个字",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["doc_type"].error_messages["required"] = "请选择“文书种类”。"
        self.fields["doc_type"].error_messages["invalid_choice"] = (
            "“文书种类”无效，请从列表中选择。"
        )
        self.fields["file"].error_messages["required"] = "请选择要上传的“模板文件”。"
        self.fields["file"].error_messages["empty"] = "上传的“模板文件”是空文件，请重新选择。"
        self.fields["guidance"].error_messages["max_length"] = (
            f"“文书制作指引”不能超过{MAX_GUIDANCE_CHARS}个字。"
        )


def _chosen_agency(request: HttpRequest) -> Agency:
    """Return the agency named by ``?agency=`` (404 outside the scope), else the user's own."""
    user: User = request.user  # type: ignore[assignment]
    agency_id = request.GET.get("agency", "")
    if agency_id:
        if not agency_id.isdigit():
            raise Http404("执法主体不存在或不在您的管理范围内。")
        return scoped_get(Agency.objects.all(), user, pk=int(agency_id))
    if user.agency_id is None:
        raise Http404("您的账号不属于任何执法主体，请在地址中选择执法主体。")
    return scoped_get(Agency.objects.all(), user, pk=user.agency_id)


def _rows(agency: Agency) -> list[dict[str, Any]]:
    """Return, per document type, the template in use for the agency and its guidance."""
    rows = []
    for code, spec in DOC_TYPES.items():
        resolved = templates.resolve_template(agency, code)
        own = resolved.row if resolved.row is not None and resolved.row.agency_id else None
        if own is not None:
            download_url = reverse("cases:document_template_download", kwargs={"pk": own.pk})
        else:
            download_url = reverse("cases:document_template_default", kwargs={"doc_type": code})
        rows.append(
            {
                "code": code,
                "title": spec.title,
                "own": own,
                "guidance": resolved.guidance,
                "download_url": download_url,
            }
        )
    return rows


def _docx_response(handle: Any, download_name: str) -> FileResponse:
    response = FileResponse(handle, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(download_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _record_download(
    request: HttpRequest, doc_type: str, row: DocumentTemplate | None, digest: str
) -> None:
    """Write the audit entry of a template download. ``row`` is None for the bundled file."""
    user: User = request.user  # type: ignore[assignment]
    detail = {
        "doc_type": doc_type,
        "template": str(row) if row is not None else BUNDLED_LABEL,
        # The bundled file has no version number; its digest identifies the build.
        "version": row.version if row is not None else None,
        "digest": digest,
    }
    with transaction.atomic():
        audit.record(
            "document_template_downloaded",
            actor=user,
            target=row,
            agency_id=row.agency_id if row is not None and row.agency_id else user.agency_id,
            request=request,
            detail=detail,
        )


class DocumentTemplateListView(ScopedQuerysetMixin, View):
    """List the template in use for every document type and upload an agency's own."""

    model = DocumentTemplate
    required_capability = Capability.MANAGE_CASES
    template_name = "cases/document_templates.html"

    def _render(
        self, request: HttpRequest, agency: Agency, form: TemplateUploadForm, status: int = 200
    ) -> HttpResponse:
        context = {"agency": agency, "rows": _rows(agency), "form": form}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        agency = _chosen_agency(request)
        initial = {"doc_type": request.GET.get("doc_type", "")}
        return self._render(request, agency, TemplateUploadForm(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        agency = _chosen_agency(request)
        form = TemplateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                template = document_actions.upload_agency_template(
                    request.user,  # type: ignore[arg-type]
                    agency,
                    form.cleaned_data["doc_type"],
                    form.cleaned_data["file"],
                    form.cleaned_data["guidance"],
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(
                    request,
                    f"已上传“{template.title}”模板第{template.version}版，新制作的文书将使用该模板。",
                )
                url = reverse("cases:document_templates")
                return redirect(f"{url}?agency={agency.pk}")
        return self._render(request, agency, form, status=400)


class DocumentTemplateDownloadView(ScopedQuerysetMixin, View):
    """Download one of an agency's own uploaded templates."""

    model = DocumentTemplate
    required_capability = Capability.MANAGE_CASES
    http_method_names = ["get"]

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        # District default rows (no agency) fall outside every agency scope, so they are 404
        # here and are served by DocumentTemplateDefaultView instead.
        template = scoped_get(DocumentTemplate.objects.all(), request.user, pk=pk)
        name = template.file.name or ""
        # Only names the upload action wrote are served, never a path that climbs out.
        if not name.startswith(TEMPLATE_FOLDER) or ".." in name or "\\" in name:
            logger.warning("document template %s has an unexpected stored name %r", pk, name)
            raise Http404("模板文件不存在。")
        try:
            handle = template.file.storage.open(name, "rb")
        except FileNotFoundError:
            logger.error("file %s of document template %s is missing from storage", name, pk)
            raise Http404("模板文件缺失，请联系系统管理员。") from None
        _record_download(request, template.doc_type, template, template.digest)
        return _docx_response(handle, f"{template.title}（第{template.version}版）.docx")


class DocumentTemplateDefaultView(ScopedQuerysetMixin, View):
    """Download the district default template of a document type, or the bundled one."""

    model = DocumentTemplate
    required_capability = Capability.MANAGE_CASES
    http_method_names = ["get"]

    def get(self, request: HttpRequest, doc_type: str) -> FileResponse:
        spec = DOC_TYPES.get(doc_type)
        if spec is None:
            raise Http404(f"文书种类“{doc_type}”不存在，请从文书模板列表中选择。")
        row = (
            DocumentTemplate.objects.filter(doc_type=doc_type, agency__isnull=True)
            .order_by("-version")
            .first()
        )
        if row is None:
            content = templates.bundled_path(doc_type).read_bytes()
            digest = "sha256:" + hashlib.sha256(content).hexdigest()
            _record_download(request, doc_type, None, digest)
            return _docx_response(io.BytesIO(content), f"{spec.title}（全区默认模板）.docx")
        try:
            handle = row.file.storage.open(row.file.name, "rb")
        except FileNotFoundError:
            logger.error("file %s of default template %s is missing", row.file.name, row.pk)
            raise Http404("模板文件缺失，请联系系统管理员。") from None
        _record_download(request, doc_type, row, row.digest)
        return _docx_response(handle, f"{spec.title}（全区默认模板第{row.version}版）.docx")

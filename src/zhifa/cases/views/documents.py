"""Document pages of a case: draft, edit, finalise, attach originals, correct, download."""

import logging
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.cases.documents import actions as document_actions
from zhifa.cases.documents.registry import DOC_TYPES
from zhifa.cases.documents.serving import document_file_response
from zhifa.cases.forms import (
    DocumentCorrectionForm,
    DocumentCreateForm,
    DocumentDraftForm,
    OriginalUploadForm,
    show_error,
)
from zhifa.cases.models import Case, Document
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)


def _documents_anchor(case_id: int) -> str:
    return reverse("cases:case_detail", kwargs={"pk": case_id}) + "#documents"


def _document_queryset() -> QuerySet[Document]:
    return Document.objects.select_related("case", "case__agency", "previous")


def _draft_form(document: Document, data: Any = None) -> DocumentDraftForm:
    initial = dict(document.data or {})
    return DocumentDraftForm(
        data,
        initial=initial,
        spec=DOC_TYPES[document.doc_type],
        parties=list(document.case.parties.all()),
    )


class DocumentCreateView(ScopedQuerysetMixin, View):
    """Start a draft of the chosen document type and open it for editing."""

    model = Case
    required_capability = Capability.MANAGE_CASES
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = scoped_get(Case.objects.all(), request.user, pk=pk)
        form = DocumentCreateForm(request.POST, kind=case.kind)
        if not form.is_valid():
            messages.error(request, "请选择“文书种类”。")
            return redirect(_documents_anchor(case.pk))
        first_party = case.parties.order_by("pk").first()
        data = {"party_id": first_party.pk} if first_party else {}
        try:
            document = document_actions.create_draft(
                request.user,  # type: ignore[arg-type]
                case,
                form.cleaned_data["doc_type"],
                data,
                request=request,
            )
        except ZhifaError as error:
            messages.error(request, error.message)
            return redirect(_documents_anchor(case.pk))
        messages.success(request, f"已创建“{document.title}”草稿，请填写各栏目。")
        return redirect("cases:document_edit", pk=document.pk)


class DocumentEditView(ScopedQuerysetMixin, View):
    """Show a document version; a draft's fields can be edited here."""

    model = Document
    required_capability = Capability.MANAGE_CASES
    template_name = "cases/document_form.html"

    def _context(self, document: Document, form: DocumentDraftForm) -> dict[str, Any]:
        return {
            "document": document,
            "case": document.case,
            "spec": DOC_TYPES[document.doc_type],
            "form": form,
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = scoped_get(_document_queryset(), request.user, pk=pk)
        return render(request, self.template_name, self._context(document, _draft_form(document)))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = scoped_get(_document_queryset(), request.user, pk=pk)
        form = _draft_form(document, request.POST)
        if form.is_valid():
            try:
                document_actions.update_draft(
                    request.user,  # type: ignore[arg-type]
                    document,
                    form.to_data(),
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, "草稿已保存。")
                if "finalise" in request.POST:
                    return _finalise(request, document)
                return redirect("cases:document_edit", pk=document.pk)
        return render(request, self.template_name, self._context(document, form), status=400)


def _finalise(request: HttpRequest, document: Document) -> HttpResponse:
    try:
        document = document_actions.finalise(
            request.user,  # type: ignore[arg-type]
            document,
            request=request,
        )
    except ZhifaError as error:
        messages.error(request, error.message)
        return redirect("cases:document_edit", pk=document.pk)
    number = f"，文号{document.number}" if document.number else ""
    messages.success(request, f"“{document.title}”已定稿{number}。")
    return redirect(_documents_anchor(document.case_id))


class DocumentFinaliseView(ScopedQuerysetMixin, View):
    model = Document
    required_capability = Capability.MANAGE_CASES
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = scoped_get(_document_queryset(), request.user, pk=pk)
        return _finalise(request, document)


class DocumentOriginalView(ScopedQuerysetMixin, View):
    """Upload the scanned signed original of a final version."""

    model = Document
    required_capability = Capability.MANAGE_CASES
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = scoped_get(_document_queryset(), request.user, pk=pk)
        form = OriginalUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, "请选择要上传的“原件扫描件”。")
            return redirect(_documents_anchor(document.case_id))
        try:
            document_actions.attach_scanned_original(
                request.user,  # type: ignore[arg-type]
                document,
                form.cleaned_data["file"],
                request=request,
            )
        except ZhifaError as error:
            messages.error(request, f"原件扫描件：{error.message}")
        else:
            messages.success(request, f"已上传“{document.title}”原件扫描件。")
        return redirect(_documents_anchor(document.case_id))


class DocumentCorrectView(ScopedQuerysetMixin, View):
    """Start a corrected draft version of a final document."""

    model = Document
    required_capability = Capability.MANAGE_CASES
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        document = scoped_get(_document_queryset(), user, pk=pk)
        form = DocumentCorrectionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "更正文书请填写“更正理由”。")
            return redirect(_documents_anchor(document.case_id))
        try:
            correction = document_actions.correct_document(
                user, document, form.cleaned_data["reason"], request=request
            )
        except ZhifaError as error:
            messages.error(request, error.message)
            return redirect(_documents_anchor(document.case_id))
        messages.success(request, f"已创建第{correction.version}版更正草稿。")
        return redirect("cases:document_edit", pk=correction.pk)


class DocumentFileView(ScopedQuerysetMixin, View):
    """Download a document's .docx, PDF or scanned original; the serving code logs it."""

    model = Document
    required_capability = Capability.VIEW_BACKOFFICE
    which = "pdf"

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        document = scoped_get(Document.objects.all(), request.user, pk=pk)
        return document_file_response(request, document, self.which)

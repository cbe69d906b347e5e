"""Pages of case files: the list, one file with its table of contents, archiving and items."""

import logging
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.archives import items as item_store
from zhifa.archives import periods
from zhifa.archives.casefiles import archiving, assembly
from zhifa.archives.casefiles.models import (
    CaseFile,
    CaseFileAddition,
    CaseFileItem,
    CaseFileStatus,
)
from zhifa.archives.checks.models import CheckResult
from zhifa.archives.retention import holds
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.cases.models import Case
from zhifa.core.errors import NotFound, ValidationFailed, ZhifaError

logger = logging.getLogger(__name__)

CASE_FILES_PER_PAGE = 30


class CaseFileListView(CapabilityRequiredMixin, ListView):
    required_capability = Capability.VIEW_ARCHIVES
    template_name = "casefiles/case_file_list.html"
    paginate_by = CASE_FILES_PER_PAGE
    context_object_name = "case_files"

    def get_queryset(self) -> QuerySet[CaseFile]:
        queryset = restrict(CaseFile.objects.select_related("agency", "case"), self.request.user)
        status = self.request.GET.get("status", "")
        if status in CaseFileStatus.values:
            queryset = queryset.filter(status=status)
        if self.request.GET.get("late") == "1":
            queryset = queryset.filter(
                status=CaseFileStatus.PENDING, due_on__lt=timezone.localdate()
            )
        number = self.request.GET.get("q", "").strip()
        if number:
            queryset = queryset.filter(case__number__icontains=number)
        return queryset.order_by("status", "due_on", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            today=timezone.localdate(),
            statuses=CaseFileStatus.choices,
            status=self.request.GET.get("status", ""),
            late=self.request.GET.get("late") == "1",
            q=self.request.GET.get("q", ""),
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


def _toc_rows(
    items: list[CaseFileItem], additions: dict[int, CaseFileAddition]
) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        notes = []
        if item.addition_id is not None:
            notes.append(f"补充归档第{additions[item.addition_id].sequence}次")
        if item.by_reference:
            notes.append("移交时只附摘要值")
        rows.append({"item": item, "note": "；".join(notes)})
    return rows


def _destruction(case_file: CaseFile) -> Any:
    """Return the appraisal entry that destroyed ``case_file``, or None if none records it."""
    return (
        case_file.appraisal_entries.filter(destroyed_at__isnull=False)
        .select_related("appraisal", "destroyed_by")
        .order_by("destroyed_at")
        .first()
    )


class CaseFileDetailView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_ARCHIVES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        case_file = scoped_get(
            CaseFile.objects.select_related("agency", "case", "archived_by"), user, pk=pk
        )
        additions = {
            addition.pk: addition for addition in case_file.additions.select_related("archived_by")
        }
        items = list(case_file.items.order_by("sequence"))
        latest_check = (
            CheckResult.objects.filter(case_file=case_file)
            .select_related("run")
            .prefetch_related("failures")
            .order_by("-checked_at", "-pk")
            .first()
        )
        destroyed = case_file.status == CaseFileStatus.DESTROYED
        context = {
            "case_file": case_file,
            "destroyed": destroyed,
            "destruction": _destruction(case_file) if destroyed else None,
            "holds": holds.holds_on(case_file.case),
            "rows": _toc_rows(items, additions),
            "additions": list(additions.values()),
            "open_addition": next((a for a in additions.values() if a.archived_at is None), None),
            "retention_label": periods.label(case_file.retention_months),
            "latest_check": latest_check,
            "late": case_file.status == CaseFileStatus.PENDING
            and case_file.due_on < timezone.localdate(),
            "can_archive": user.can(Capability.ARCHIVE_CASE_FILES)
            and user.agency_id == case_file.agency_id,
        }
        return render(request, "casefiles/case_file_detail.html", context)


class ArchiveView(CapabilityRequiredMixin, View):
    """Preview the planned items of a pending file (GET), then archive it (POST)."""

    required_capability = Capability.ARCHIVE_CASE_FILES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case_file = scoped_get(CaseFile.objects.all(), request.user, pk=pk)
        if case_file.status != CaseFileStatus.PENDING:
            messages.info(request, "该案卷已归档。")
            return redirect("archives:case_file_detail", pk=pk)
        case = Case.objects.select_related("agency").get(pk=case_file.case_id)
        planned = assembly.plan(case)
        context = {
            "case_file": case_file,
            "planned": planned,
            "addition": None,
            "missing": archiving.missing_required(case, planned),
            "confirmation": archiving.INCOMPLETE_CONFIRMATION,
        }
        return render(request, "casefiles/archive_confirm.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        scoped_get(CaseFile.objects.all(), request.user, pk=pk)
        accept_incomplete = request.POST.get("accept_incomplete") == "1"
        try:
            case_file = archiving.archive(
                request.user,  # type: ignore[arg-type]
                pk,
                accept_incomplete=accept_incomplete,
            )
        except ValidationFailed as error:
            # A missing item or a failed pre-archiving check: the archivist fixes and retries.
            messages.error(request, error.message)
            return redirect("archives:case_file_archive", pk=pk)
        except ZhifaError as error:
            messages.error(request, error.message)
            return redirect("archives:case_file_detail", pk=pk)
        messages.success(request, f"案卷已归档，档号{case_file.archive_code}。")
        return redirect("archives:case_file_detail", pk=pk)


class ArchiveAdditionView(CapabilityRequiredMixin, View):
    """Preview what an open addition will hold (GET), then archive it (POST)."""

    required_capability = Capability.ARCHIVE_CASE_FILES

    def _addition(self, request: HttpRequest, pk: int) -> CaseFileAddition:
        return scoped_get(CaseFileAddition.objects.select_related("case_file"), request.user, pk=pk)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        addition = self._addition(request, pk)
        if addition.archived_at is not None:
            return redirect("archives:case_file_detail", pk=addition.case_file_id)
        planned = archiving.addition_plan(addition.case_file)
        context = {"case_file": addition.case_file, "planned": planned, "addition": addition}
        return render(request, "casefiles/archive_confirm.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        addition = self._addition(request, pk)
        try:
            archiving.archive_addition(request.user, addition)  # type: ignore[arg-type]
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"补充归档第{addition.sequence}次已归档。")
        return redirect("archives:case_file_detail", pk=addition.case_file_id)


class ItemDownloadView(CapabilityRequiredMixin, View):
    """Send one item after the use rules allow it and the access log records it.

    Anyone in the back office may try: ``open_case_file`` lets the agency's archivist and the
    holders of an approved use request (officers and supervisors among them) through.
    """

    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest, pk: int, item_pk: int) -> HttpResponseBase:
        from zhifa.archives.use.access import open_case_file  # The use app imports this app.

        case_file = scoped_get(CaseFile.objects.all(), request.user, pk=pk)
        item = case_file.items.filter(pk=item_pk).first()
        if item is None:
            raise Http404("卷内文件不存在。")
        action = "download" if request.GET.get("action") == "download" else "view"
        purpose = request.GET.get("purpose", "")
        try:
            user: User = request.user  # type: ignore[assignment]
            open_case_file(user, case_file, action, purpose, http_request=request)
        except NotFound as error:
            raise Http404(error.message) from error
        except ZhifaError as error:
            messages.error(request, error.message)
            if user.can(Capability.VIEW_ARCHIVES):
                return redirect("archives:case_file_detail", pk=pk)
            return redirect("archive_use:my_requests")
        try:
            handle = item_store.open_item(item)
        except OSError as error:
            logger.error("case file %s item %s cannot be read: %s", pk, item.pk, error)
            raise Http404("卷内文件的存储内容已缺失，请联系档案管理员。") from error
        name = f"{case_file.archive_code or case_file.pk}-{item.file_name}"
        disposition = "attachment" if action == "download" else "inline"
        response = FileResponse(handle, content_type=item.mime_type)
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response

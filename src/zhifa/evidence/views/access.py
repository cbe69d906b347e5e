"""Pages of access requests (调阅申请) and of the access log (调阅日志)."""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import ListView

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.core.errors import NotFound, ZhifaError
from zhifa.evidence.access import export, policy, queries
from zhifa.evidence.access.forms import AccessLogFilterForm, AccessRequestForm, DecisionForm
from zhifa.evidence.access.requests import decide_request, request_access
from zhifa.evidence.models import AccessLog, AccessRequest, AvRecord

PER_PAGE = 30


def _record(user: User, pk: int) -> AvRecord:
    try:
        return policy.scoped_record(user, pk)
    except NotFound as error:
        raise Http404(error.message) from error


class AccessRequestCreateView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evidence/access_request_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = _record(request.user, pk)  # type: ignore[arg-type]
        return render(request, self.template_name, {"record": record, "form": AccessRequestForm()})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        record = _record(user, pk)
        form = AccessRequestForm(request.POST)
        if form.is_valid():
            try:
                row = request_access(user, record, form.cleaned_data["purpose"], request=request)
            except ZhifaError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "已提出调阅申请，请等待他人审批。")
                return redirect("evidence:access_request_detail", pk=row.pk)
        return render(request, self.template_name, {"record": record, "form": form})


class MyAccessRequestsView(CapabilityRequiredMixin, ListView):
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evidence/access_request_list.html"
    paginate_by = PER_PAGE
    extra_context = {"queue": False}

    def get_queryset(self) -> QuerySet[AccessRequest]:
        return queries.requests_of(self.request.user)  # type: ignore[arg-type]


class ApprovalQueueView(MyAccessRequestsView):
    required_capability = Capability.APPROVE_EVIDENCE_ACCESS
    extra_context = {"queue": True}

    def get_queryset(self) -> QuerySet[AccessRequest]:
        return queries.approval_queue(self.request.user)  # type: ignore[arg-type]


class AccessRequestDetailView(CapabilityRequiredMixin, View):
    """One request, shown to its requester and to approvers in scope, who decide it here."""

    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evidence/access_request_detail.html"

    def _row(self, user: User, pk: int) -> AccessRequest:
        rows = AccessRequest.objects.select_related("record", "requester", "decided_by")
        row: AccessRequest = scoped_get(rows, user, pk=pk)
        if row.requester_id != user.pk and not user.can(Capability.APPROVE_EVIDENCE_ACCESS):
            raise Http404("调阅申请不存在或不在您的查看范围内。")
        return row

    def get(self, request: HttpRequest, pk: int, form: DecisionForm | None = None) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        row = self._row(user, pk)
        context: dict[str, Any] = {
            "access_request": row,
            "can_decide": row.status == "pending" and policy.can_decide(user, row),
            "is_own": row.requester_id == user.pk,
            "expired": row.valid_until is not None and row.valid_until <= timezone.now(),
            "max_hours": policy.max_validity_hours(),
            "form": form or DecisionForm(initial={"hours": 24}),
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        row = self._row(user, pk)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return self.get(request, pk, form)
        data = form.cleaned_data
        try:
            decide_request(
                user,
                row.pk,
                approve=data["decision"] == "approve",
                hours=data["hours"],
                note=data["note"],
                request=request,
            )
        except ZhifaError as error:
            form.add_error(None, error.message)
            return self.get(request, pk, form)
        messages.success(request, "已审批调阅申请。")
        return redirect("evidence:access_request_detail", pk=row.pk)


class AccessLogView(CapabilityRequiredMixin, ListView):
    """The access log for the supervisor and the audit administrator: read-only, filterable.

    Only READ_ACCESS_LOG is required, like the audit log page requires only READ_AUDIT_LOG,
    because the audit administrator has no back-office capability.
    """

    http_method_names = ["get", "head"]
    required_capability = Capability.READ_ACCESS_LOG
    template_name = "evidence/access_log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[AccessLog]:
        self.filter_form = AccessLogFilterForm(self.request.GET or None, user=self.request.user)
        if not self.filter_form.is_bound:
            return queries.access_log(self.request.user, {})  # type: ignore[arg-type]
        rows = queries.access_log(
            self.request.user,  # type: ignore[arg-type]
            self.filter_form.cleaned_data if self.filter_form.is_valid() else {},
        )
        # Invalid filters list nothing, and the page names the field to correct.
        return rows if self.filter_form.is_valid() else rows.none()

    def paginate_queryset(self, queryset: Any, page_size: int) -> tuple[Any, Any, Any, bool]:
        """Paginate like ListView, but show the last page for a page number past the end."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class AccessLogExportView(AccessLogView):
    """The filtered access log as an Excel file; the export itself is audited."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        rows = self.get_queryset()
        with transaction.atomic():
            audit.record(
                "evidence_access_log_exported",
                actor=user,
                request=request,
                detail={"filters": request.GET.urlencode(), "rows": rows.count()},
            )
        content = export.access_log_workbook(user, rows.iterator(chunk_size=2000))
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
        name = f"调阅日志_{stamp}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name) or ""
        response["Cache-Control"] = "private, no-store"
        return response


def record_access_log(user: User, record: AvRecord, limit: int = 50) -> list[AccessLog]:
    """Return the latest log entries of one record for the ``evidence/_access_log.html`` partial."""
    rows = restrict(AccessLog.objects.filter(record=record), user)
    return list(rows.select_related("user", "request")[:limit])

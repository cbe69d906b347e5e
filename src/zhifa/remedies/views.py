"""Pages of the remedies register: the list, one remedy, and its outcome document."""

import logging
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.views import View
from django.views.generic import DetailView, ListView

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.core.errors import ZhifaError
from zhifa.remedies import actions
from zhifa.remedies.finality import decision_final_on
from zhifa.remedies.forms import OutcomeUploadForm, RemedyFilterForm
from zhifa.remedies.models import Remedy, RemedyStatus

logger = logging.getLogger(__name__)

REMEDIES_PER_PAGE = 30


def remedy_queryset() -> QuerySet[Remedy]:
    return Remedy.objects.select_related(
        "case", "case__agency", "applicant", "decision_step", "follows"
    )


class RemedyListView(ScopedQuerysetMixin, ListView):
    model = Remedy
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "remedies/remedy_list.html"
    paginate_by = REMEDIES_PER_PAGE

    def base_queryset(self) -> QuerySet[Remedy]:
        return remedy_queryset()

    def get_queryset(self) -> QuerySet[Remedy]:
        queryset = super().get_queryset()
        self.filter_form = RemedyFilterForm(self.request.GET or None)
        if not self.filter_form.is_valid():
            return queryset
        for name in ("status", "kind", "outcome"):
            value = self.filter_form.cleaned_data.get(name)
            if value:
                queryset = queryset.filter(**{name: value})
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        context["filter_form"] = self.filter_form
        return context


class RemedyDetailView(ScopedQuerysetMixin, DetailView):
    model = Remedy
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "remedies/remedy_detail.html"

    def base_queryset(self) -> QuerySet[Remedy]:
        return remedy_queryset()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        remedy: Remedy = self.object
        user: User = self.request.user  # type: ignore[assignment]
        context["final_on"] = decision_final_on(remedy.case)
        context["followed_by"] = list(remedy.followed_by.all())
        concluded = remedy.status == RemedyStatus.CONCLUDED
        context["can_upload"] = concluded and user.can(Capability.MANAGE_CASES)
        context["upload_form"] = OutcomeUploadForm()
        return context


class RemedyOutcomeUploadView(ScopedQuerysetMixin, View):
    """Upload the reconsideration decision or judgment of a concluded remedy."""

    model = Remedy
    required_capability = Capability.MANAGE_CASES
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        remedy = scoped_get(Remedy.objects.all(), request.user, pk=pk)
        form = OutcomeUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, "请选择要上传的“复议决定书或裁判文书”。")
            return redirect("remedies:remedy_detail", pk=remedy.pk)
        user: User = request.user  # type: ignore[assignment]
        try:
            actions.attach_outcome_document(user, remedy, form.cleaned_data["file"])
        except ZhifaError as error:
            messages.error(request, f"复议决定书或裁判文书：{error.message}")
        else:
            messages.success(request, "已上传复议决定书或裁判文书。")
        return redirect("remedies:remedy_detail", pk=remedy.pk)


class RemedyOutcomeFileView(ScopedQuerysetMixin, View):
    """Download the outcome document after the scope check; each download is audited."""

    model = Remedy
    required_capability = Capability.VIEW_BACKOFFICE
    http_method_names = ["get"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        remedy = scoped_get(Remedy.objects.select_related("case"), request.user, pk=pk)
        name = remedy.outcome_file.name or ""
        # Only names the upload action wrote are served, never a path that climbs out.
        if not name.startswith(actions.OUTCOME_FOLDER) or ".." in name or "\\" in name:
            raise Http404("尚未上传复议决定书或裁判文书。")
        try:
            handle = remedy.outcome_file.storage.open(name, "rb")
        except FileNotFoundError:
            logger.error("outcome file %s of remedy %s is missing", name, remedy.pk)
            raise Http404("文书文件缺失，请联系系统管理员。") from None

        with transaction.atomic():
            audit.record(
                "remedy_outcome_document_downloaded",
                actor=request.user,  # type: ignore[arg-type]
                target=remedy,
                agency_id=remedy.case.agency_id,
                request=request,
                detail={"digest": remedy.outcome_digest},
            )
        response = FileResponse(handle, content_type=remedy.outcome_content_type)
        download_name = remedy.outcome_original_name or name.rsplit("/", 1)[-1]
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(download_name)}"
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

"""Pages of the four-property check: the runs, a run's report, and running a check now."""

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import ListView, TemplateView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.checks.models import CheckFailure, CheckResult, CheckRun, Trigger
from zhifa.archives.checks.runner import run_check
from zhifa.backoffice.mixins import CapabilityRequiredMixin, ScopedQuerysetMixin, scoped_get
from zhifa.core.errors import ValidationFailed

RESULTS_PER_PAGE = 50


class RunListView(ScopedQuerysetMixin, ListView):
    required_capability = Capability.VIEW_ARCHIVES
    model = CheckRun
    template_name = "archive_checks/run_list.html"
    context_object_name = "runs"
    paginate_by = 30

    def base_queryset(self) -> QuerySet[CheckRun]:
        return CheckRun.objects.select_related("agency", "started_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: User = self.request.user  # type: ignore[assignment]
        context["can_run"] = user.can(Capability.RUN_ARCHIVE_CHECKS)
        return context


class RunReportView(CapabilityRequiredMixin, TemplateView):
    """A run's report: failed case files, each with its failures by property, then item."""

    required_capability = Capability.VIEW_ARCHIVES
    template_name = "archive_checks/run_report.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        run = scoped_get(
            CheckRun.objects.select_related("agency"), self.request.user, pk=kwargs["pk"]
        )
        failed = restrict(
            CheckResult.objects.filter(run=run, passed=False).select_related("case_file"),
            self.request.user,
        ).order_by("case_file_id")
        page = Paginator(failed, RESULTS_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(run=run, page_obj=page, reports=_grouped(list(page.object_list)))
        return context


def _grouped(
    results: list[CheckResult],
) -> list[tuple[CheckResult, list[tuple[str, list[CheckFailure]]]]]:
    """Return each result with its failures grouped by property, ordered by item number."""
    failures = (
        CheckFailure.objects.filter(result__in=results)
        .select_related("item")
        .order_by("result_id", "property", "item__sequence", "pk")
    )
    by_result: dict[int, dict[str, list[CheckFailure]]] = defaultdict(lambda: defaultdict(list))
    for failure in failures:
        by_result[failure.result_id][failure.get_property_display()].append(failure)
    return [(result, list(by_result[result.pk].items())) for result in results]


class RunCheckView(CapabilityRequiredMixin, View):
    """Run a manual check of one case file, or of all archived case files of the user's agency.

    NOTE: the check runs inside the request, which suits one case file or a small agency; a
    district-wide check belongs to ``zhifa archives check`` under cron.
    """

    required_capability = Capability.RUN_ARCHIVE_CHECKS

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            selected, agency = _selection(request)
        except ValidationFailed as error:
            messages.error(request, error.message)
            return redirect("archive_checks:runs")
        user: User = request.user  # type: ignore[assignment]
        run = run_check(selected, Trigger.MANUAL, user, agency=agency)
        messages.success(
            request, f"四性检测完成：检测 {run.case_files} 卷，未通过 {run.failed_case_files} 卷。"
        )
        return HttpResponseRedirect(reverse("archive_checks:run", args=[run.pk]))

    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("archive_checks:runs")


def _selection(request: HttpRequest) -> tuple[Any, Agency]:
    """Return the case files the request names and their agency; 404 outside the user's scope."""
    case_file_id = request.POST.get("case_file", "").strip()
    if case_file_id:
        if not case_file_id.isdigit():
            raise ValidationFailed("案卷编号无效，请从案卷页面发起检测。", field="case_file")
        queryset = CaseFile.objects.select_related("case", "agency")
        case_file = scoped_get(queryset, request.user, pk=int(case_file_id))
        return [case_file], case_file.agency

    agency = getattr(request.user, "agency", None)
    if agency is None:
        raise ValidationFailed(
            "您的账号不属于某个立档单位，请在命令行用 zhifa archives check 检测全区档案。",
            field="agency",
        )
    return CaseFile.objects.filter(agency=agency, status=CaseFileStatus.ARCHIVED), agency

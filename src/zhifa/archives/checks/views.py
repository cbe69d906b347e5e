"""Pages of the four-property check: the runs, a run's report, and running a check now."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import ListView, TemplateView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict, scope_for
from zhifa.archives.checks.models import CheckFailure, CheckResult, CheckRun, Trigger
from zhifa.archives.checks.runner import run_check
from zhifa.archives.checks.selection import ALL_AGENCIES, agency_choices, selection
from zhifa.backoffice.mixins import CapabilityRequiredMixin, ScopedQuerysetMixin, scoped_get
from zhifa.core.errors import ValidationFailed

RESULTS_PER_PAGE = 50


class RunListView(ScopedQuerysetMixin, ListView):
    """The runs the user may see: their agency's runs and district runs over their case files."""

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
        runs = list(context["runs"])
        context.update(
            rows=list(zip(runs, _visible_counts(runs, user), strict=True)),
            can_run=user.can(Capability.RUN_ARCHIVE_CHECKS),
            agency_choices=agency_choices(user),
            all_agencies=ALL_AGENCIES,
        )
        return context


class RunReportView(CapabilityRequiredMixin, TemplateView):
    """A run's report: failed case files, each with its failures by property, then item.

    A user of one agency gets a district run only with the results of their own case files.
    """

    required_capability = Capability.VIEW_ARCHIVES
    template_name = "archive_checks/run_report.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        run = scoped_get(CheckRun.objects.select_related("agency"), user, pk=kwargs["pk"])
        failed = restrict(
            CheckResult.objects.filter(run=run, passed=False).select_related("case_file"), user
        ).order_by("case_file_id")
        page = Paginator(failed, RESULTS_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            run=run,
            counts=_visible_counts([run], user)[0],
            page_obj=page,
            reports=_grouped(list(page.object_list)),
        )
        return context


@dataclass(frozen=True)
class VisibleCounts:
    """The case file counts of a run as one user may see them."""

    case_files: int
    failed: int
    # True when the user sees only their own agency's part of a district run.
    partial: bool


def _visible_counts(runs: list[CheckRun], user: Any) -> list[VisibleCounts]:
    """Return the counts of each run that ``user`` may see, in the order of ``runs``.

    A user who sees only part of a district run gets the counts of the results in their
    scope, so the totals of other agencies stay hidden. Other runs show their own totals.
    """
    partial_ids = set()
    if not scope_for(user).all_agencies:
        partial_ids = {run.pk for run in runs if run.agency_id is None}
    counted: dict[int, tuple[int, int]] = {}
    if partial_ids:
        rows = (
            restrict(CheckResult.objects.filter(run_id__in=partial_ids), user)
            .values("run_id")
            .annotate(total=Count("pk"), failed=Count("pk", filter=Q(passed=False)))
            .order_by()
        )
        counted = {row["run_id"]: (row["total"], row["failed"]) for row in rows}

    shown = []
    for run in runs:
        if run.pk in partial_ids:
            total, failed = counted.get(run.pk, (0, 0))
            shown.append(VisibleCounts(total, failed, partial=True))
        else:
            shown.append(VisibleCounts(run.case_files, run.failed_case_files, partial=False))
    return shown


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
    """Run a manual check of one case file, or of all archived case files of an agency.

    NOTE: the check runs inside the request, which suits one case file or a small agency. A
    district-wide user may also choose all agencies, which can take long on a large archive;
    ``zhifa archives check`` under cron suits that better.
    """

    required_capability = Capability.RUN_ARCHIVE_CHECKS

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            selected, agency = selection(request)
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

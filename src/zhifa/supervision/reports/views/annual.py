"""Pages of the annual report: the list by year, one report, and its approval."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.core.errors import ValidationFailed, ZhifaError
from zhifa.supervision.reports.actions import annual as actions
from zhifa.supervision.reports.deadlines import annual_due_on
from zhifa.supervision.reports.models import AnnualReport, AnnualStatus
from zhifa.supervision.reports.views._common import (
    parse_year,
    report_context,
    run_action,
    user_of,
)


class AnnualListView(CapabilityRequiredMixin, TemplateView):
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "reports/annual_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = user_of(self.request)
        last_year = timezone.localdate().year - 1
        try:
            year = parse_year(self.request.GET.get("year"), last_year)
        except ZhifaError as error:
            messages.error(self.request, error.message)
            year = last_year
        reports = restrict(AnnualReport.objects.select_related("agency"), user).filter(year=year)
        context.update(
            {
                "reports": reports,
                "year": year,
                "due_on": annual_due_on(year),
                "may_prepare": user.can(Capability.PREPARE_REPORTS) and user.agency_id,
            }
        )
        return context


class AnnualCompileView(CapabilityRequiredMixin, View):
    """Create or recompile the user's agency's annual report of the year given."""

    required_capability = Capability.PREPARE_REPORTS
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        user = user_of(request)
        today = timezone.localdate()
        try:
            if not user.agency_id:
                raise ValidationFailed("您的账号未关联执法单位，无法汇总年度数据。", field="agency")
            year = parse_year(request.POST.get("year"), today.year - 1)
            report = actions.compile_annual(user, user.agency_id, year, today)
        except ZhifaError as error:
            messages.error(request, error.message)
            return redirect("reports:annual_list")
        messages.success(request, "已按当前数据汇总年度执法数据，请核对。")
        return redirect("reports:annual_detail", report.pk)


class AnnualDetailView(CapabilityRequiredMixin, TemplateView):
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "reports/annual_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = user_of(self.request)
        report: AnnualReport = scoped_get(
            AnnualReport.objects.select_related("agency"), user, pk=kwargs["pk"]
        )
        draft = report.status == AnnualStatus.DRAFT
        context.update(report_context(report))
        context.update(
            {
                "due_on": annual_due_on(report.year),
                "may_prepare": draft and user.can(Capability.PREPARE_REPORTS),
                "may_publish": draft and user.can(Capability.APPROVE_ANNUAL_REPORTS),
            }
        )
        return context


class AnnualNotesView(CapabilityRequiredMixin, View):
    required_capability = Capability.PREPARE_REPORTS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notes = request.POST.get("notes", "")
        return run_action(
            request,
            lambda: actions.save_annual_notes(user_of(request), pk, notes),
            "已保存说明。",
            reverse("reports:annual_detail", args=[pk]),
        )


class AnnualPublishView(CapabilityRequiredMixin, View):
    required_capability = Capability.APPROVE_ANNUAL_REPORTS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        return run_action(
            request,
            lambda: actions.publish_annual(user_of(request), pk),
            "已审定并在公示平台发布年度执法数据。",
            reverse("reports:annual_detail", args=[pk]),
        )

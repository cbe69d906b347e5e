"""Pages of the monthly report: the list, one report with its actions, and its workbook."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.core.errors import ValidationFailed, ZhifaError
from zhifa.supervision.reports.actions import monthly as actions
from zhifa.supervision.reports.export import monthly_workbook
from zhifa.supervision.reports.models import MonthlyReport, MonthlyStatus
from zhifa.supervision.reports.views._common import (
    parse_month,
    report_context,
    run_action,
    user_of,
    xlsx_response,
)


class MonthlyListView(CapabilityRequiredMixin, TemplateView):
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "reports/monthly_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = user_of(self.request)
        reports = restrict(MonthlyReport.objects.select_related("agency"), user)
        month_text = self.request.GET.get("month", "").strip()
        if month_text:
            try:
                year, month = parse_month(month_text, timezone.localdate())
            except ZhifaError as error:
                messages.error(self.request, error.message)
            else:
                reports = reports.filter(year=year, month=month)
        status = self.request.GET.get("status", "")
        if status in MonthlyStatus.values:
            reports = reports.filter(status=status)
        context.update(
            {
                "reports": reports[:500],
                "month": month_text,
                "status": status,
                "statuses": MonthlyStatus.choices,
                "may_prepare": user.can(Capability.PREPARE_REPORTS) and user.agency_id,
                "default_month": "{}-{:02d}".format(*parse_month("", timezone.localdate())),
            }
        )
        return context


class MonthlyOpenView(CapabilityRequiredMixin, View):
    """Open (or create) the user's agency's report of the month given."""

    required_capability = Capability.PREPARE_REPORTS
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        user = user_of(request)
        today = timezone.localdate()
        try:
            if not user.agency_id:
                raise ValidationFailed("您的账号未关联执法单位，无法编制月报。", field="agency")
            year, month = parse_month(request.POST.get("month"), today)
            report = actions.open_monthly(user, user.agency_id, year, month, today)
        except ZhifaError as error:
            messages.error(request, error.message)
            return redirect("reports:monthly_list")
        return redirect("reports:monthly_detail", report.pk)


class MonthlyDetailView(CapabilityRequiredMixin, TemplateView):
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "reports/monthly_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = user_of(self.request)
        report: MonthlyReport = scoped_get(
            MonthlyReport.objects.select_related("agency"), user, pk=kwargs["pk"]
        )
        prepare = user.can(Capability.PREPARE_REPORTS)
        accept = user.can(Capability.ACCEPT_REPORTS)
        status = report.status
        context.update(report_context(report))
        context.update(
            {
                "may_recompile": prepare and status in actions.statuses_before(MonthlyStatus.DRAFT),
                "may_edit_notes": prepare and status in {"draft", "checked", "returned"},
                "may_check": prepare and status == MonthlyStatus.DRAFT,
                "may_file": prepare and status == MonthlyStatus.CHECKED,
                "may_decide": accept and status == MonthlyStatus.FILED,
            }
        )
        return context


class _MonthlyPost(CapabilityRequiredMixin, View):
    http_method_names = ["post"]
    success = ""

    def act(self, request: HttpRequest, pk: int) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        target = reverse("reports:monthly_detail", args=[pk])
        return run_action(request, lambda: self.act(request, pk), self.success, target)


class MonthlyRecompileView(_MonthlyPost):
    required_capability = Capability.PREPARE_REPORTS
    success = "已按当前数据重新汇总，请核对。"

    def act(self, request: HttpRequest, pk: int) -> None:
        actions.recompile_monthly(user_of(request), pk, timezone.localdate())


class MonthlyNotesView(_MonthlyPost):
    required_capability = Capability.PREPARE_REPORTS
    success = "已保存说明。"

    def act(self, request: HttpRequest, pk: int) -> None:
        actions.save_notes(user_of(request), pk, request.POST.get("notes", ""))


class MonthlyCheckView(_MonthlyPost):
    required_capability = Capability.PREPARE_REPORTS
    success = "已核对。核对无误后请报送。"

    def act(self, request: HttpRequest, pk: int) -> None:
        actions.check_monthly(user_of(request), pk)


class MonthlyFileView(_MonthlyPost):
    required_capability = Capability.PREPARE_REPORTS
    success = "已报送区司法局，数据已冻结。"

    def act(self, request: HttpRequest, pk: int) -> None:
        actions.file_monthly(user_of(request), pk)


class MonthlyAcceptView(_MonthlyPost):
    required_capability = Capability.ACCEPT_REPORTS
    success = "已接收该月报。"

    def act(self, request: HttpRequest, pk: int) -> None:
        actions.accept_monthly(user_of(request), pk, request.POST.get("comment", ""))


class MonthlyReturnView(_MonthlyPost):
    required_capability = Capability.ACCEPT_REPORTS
    success = "已退回该月报，执法单位将重新汇总后报送。"

    def act(self, request: HttpRequest, pk: int) -> None:
        actions.return_monthly(user_of(request), pk, request.POST.get("reason", ""))


class MonthlyExportView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        user = user_of(request)
        report: MonthlyReport = scoped_get(
            MonthlyReport.objects.select_related("agency"), user, pk=pk
        )
        agency = report.agency.short_name or report.agency.name
        name = f"执法数据月报_{agency}_{report.year}年{report.month}月.xlsx"
        return xlsx_response(monthly_workbook(user, report), name)

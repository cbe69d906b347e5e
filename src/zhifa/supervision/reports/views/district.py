"""The bureau's district report of a month, on screen and as a workbook."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from zhifa.accounts.roles import Capability
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.errors import ZhifaError
from zhifa.supervision.reports import display
from zhifa.supervision.reports.deadlines import monthly_due_on, previous_month
from zhifa.supervision.reports.district import district_report
from zhifa.supervision.reports.export import district_workbook
from zhifa.supervision.reports.metrics import SECTIONS, metrics_in
from zhifa.supervision.reports.views._common import parse_month, user_of, xlsx_response


class DistrictView(CapabilityRequiredMixin, TemplateView):
    required_capability = Capability.VIEW_SUPERVISION
    template_name = "reports/district.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            year, month = parse_month(self.request.GET.get("month"), today)
        except ZhifaError as error:
            messages.error(self.request, error.message)
            year, month = previous_month(today)
        section = self.request.GET.get("section", SECTIONS[0])
        if section not in SECTIONS:
            section = SECTIONS[0]
        report = district_report(year, month)
        metrics = metrics_in(section)
        lines = [
            {
                "row": row,
                "values": [row.figures[m.code] for m in metrics] if row.figures else None,
            }
            for row in report.rows
        ]
        context.update(
            {
                "report": report,
                "month": f"{year}-{month:02d}",
                "due_on": monthly_due_on(year, month),
                "sections": SECTIONS,
                "section": section,
                "metrics": metrics,
                "lines": lines,
                "total_values": [report.total[m.code] for m in metrics],
                "rates": display.rates(report.total),
            }
        )
        return context


class DistrictExportView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_SUPERVISION

    def get(self, request: HttpRequest) -> HttpResponseBase:
        try:
            year, month = parse_month(request.GET.get("month"), timezone.localdate())
        except ZhifaError as error:
            messages.error(request, error.message)
            return redirect("reports:district")
        content = district_workbook(user_of(request), district_report(year, month))
        return xlsx_response(content, f"全区执法数据汇总_{year}年{month}月.xlsx")

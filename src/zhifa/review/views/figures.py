"""The judicial bureau's page of legal review figures and its Excel export."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.errors import ValidationFailed
from zhifa.review.export import figures_workbook
from zhifa.review.figures import FIRST_YEAR, FiguresReport, parse_year, review_figures
from zhifa.review.models import DecisionKind

# The bureau views every agency's figures, and an agency head views those of their agency.
FIGURES_CAPABILITIES = (Capability.VIEW_SUPERVISION, Capability.APPROVE_AS_AGENCY_HEAD)


def may_view_figures(user: Any) -> bool:
    return any(user.can(capability) for capability in FIGURES_CAPABILITIES)


def report_for(user: User, year: int) -> FiguresReport:
    return review_figures(restrict(Agency.objects.all(), user), year)


class FiguresAccessMixin(CapabilityRequiredMixin):
    """Admit the bureau's supervisors and agency heads, and reject everyone else with 403."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not may_view_figures(request.user):
            raise PermissionDenied("您的角色没有查看法制审核统计的权限。")
        return super().dispatch(request, *args, **kwargs)


class FiguresView(FiguresAccessMixin, TemplateView):
    template_name = "review/figures.html"

    def chosen_year(self) -> int:
        today = timezone.localdate()
        try:
            return parse_year(self.request.GET.get("year"), today)
        except ValidationFailed as error:
            messages.error(self.request, error.message)
            return today.year

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: User = self.request.user  # type: ignore[assignment]
        year = self.chosen_year()
        report = report_for(user, year)
        kinds = list(DecisionKind)
        codes = sorted(report.item_labels, key=report.item_labels.__getitem__)
        lines = [
            {
                "figures": row,
                "name": row.agency.name if row.agency is not None else "全区合计",
                "kind_counts": [row.reviews_by_kind[kind.value] for kind in kinds],
                "item_counts": [row.issues_by_item[code] for code in codes],
            }
            for row in [*report.rows, report.total]
        ]
        context.update(
            {
                "report": report,
                "lines": lines,
                "kinds": kinds,
                "item_labels": [report.item_labels[code] for code in codes],
                "years": list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
            }
        )
        return context


class FiguresExportView(FiguresAccessMixin, View):
    """The same figures as an Excel workbook."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user: User = request.user  # type: ignore[assignment]
        try:
            year = parse_year(request.GET.get("year"), timezone.localdate())
        except ValidationFailed as error:
            messages.error(request, error.message)
            return redirect("review:figures")
        content = figures_workbook(user, report_for(user, year))
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"法制审核统计_{year}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name) or ""
        response["Cache-Control"] = "private, no-store"
        return response


urlpatterns = [
    path("figures/", FiguresView.as_view(), name="figures"),
    path("figures/export/", FiguresExportView.as_view(), name="figures_export"),
]

"""Pages of the alerts app: the notification list and the supervision dashboard."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from zhifa.accounts.roles import Capability
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.errors import ValidationFailed, ZhifaError
from zhifa.review.figures import FIRST_YEAR
from zhifa.review.models.requests import Conclusion
from zhifa.supervision.alerts import notifications
from zhifa.supervision.alerts.dashboard.charts import chart_data
from zhifa.supervision.alerts.dashboard.figures import UNROUTED_LABEL, build_dashboard
from zhifa.supervision.alerts.dashboard.period import Period, parse_period
from zhifa.supervision.alerts.dashboard.ranking import INDICATORS


class NotificationListView(CapabilityRequiredMixin, TemplateView):
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "alerts/notification_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        refreshed = notifications.refresh_for(user, timezone.localdate())
        if refreshed.failures:
            messages.warning(
                self.request, "部分预警检查未能完成，其预警按上次检查结果显示。请联系系统管理员。"
            )
        groups = notifications.grouped(user)
        context.update(
            {
                "groups": groups,
                "total": sum(len(group.alerts) for group in groups),
                "unread": sum(group.unread for group in groups),
            }
        )
        return context


class MarkReadView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def post(self, request: HttpRequest) -> HttpResponse:
        raw = request.POST.getlist("alert")
        try:
            ids = [int(value) for value in raw]
        except ValueError:
            messages.error(request, "预警编号无效，请刷新页面后重试。")
            return redirect("alerts:notification_list")
        if not ids:
            ids = list(notifications.open_alerts(request.user).values_list("pk", flat=True))
        try:
            added = notifications.mark_read(request.user, ids)
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已将{added}条预警标记为已读。")
        return redirect("alerts:notification_list")


class DashboardView(CapabilityRequiredMixin, TemplateView):
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "alerts/dashboard.html"

    def chosen_period(self) -> Period:
        today = timezone.localdate()
        try:
            return parse_period(self.request.GET, today)
        except ValidationFailed as error:
            messages.error(self.request, error.message)
            return parse_period({}, today)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        period = self.chosen_period()
        dashboard = build_dashboard(self.request.user, period, today)
        context.update(
            {
                "dashboard": dashboard,
                "period": period,
                "charts": chart_data(dashboard),
                "lines": [*dashboard.rows, dashboard.total],
                "unrouted_label": UNROUTED_LABEL,
                "conclusions": Conclusion.choices,
                "indicators": [indicator.label for indicator in INDICATORS],
                "years": list(range(today.year, FIRST_YEAR - 1, -1)),
                "month_choices": list(range(1, 13)),
            }
        )
        return context


urlpatterns = [
    path("", NotificationListView.as_view(), name="notification_list"),
    path("read/", MarkReadView.as_view(), name="mark_read"),
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
]

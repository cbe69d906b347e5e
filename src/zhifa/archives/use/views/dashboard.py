"""The archives dashboard: archivists see their agency, the bureau and supervisors all agencies."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.archives.use.dashboard import agency_figures
from zhifa.backoffice.mixins import CapabilityRequiredMixin


class DashboardView(CapabilityRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        if not (user.can(Capability.VIEW_ARCHIVES) or user.can(Capability.VIEW_SUPERVISION)):
            raise PermissionDenied("您的角色没有查看档案工作概况的权限。")
        rows = agency_figures(user, timezone.localdate())
        return render(request, "archive_use/dashboard.html", {"rows": rows})

"""The destruction register page and its Excel export."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.archives.disposition import register
from zhifa.archives.disposition.models import AppraisalEntry
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.chinese_dates import chinese_date

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# NOTE: the page shows the latest rows only, while the export contains every destroyed entry.
PAGE_ROWS = 200


class RegisterView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_ARCHIVES

    def get(self, request: HttpRequest) -> HttpResponse:
        entries = register.destroyed_entries(restrict(AppraisalEntry.objects.all(), request.user))
        context = {"entries": entries[:PAGE_ROWS], "total": entries.count(), "limit": PAGE_ROWS}
        return render(request, "disposition/register.html", context)


class RegisterExportView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_ARCHIVES

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        content = register.build_register_workbook(
            restrict(AppraisalEntry.objects.all(), request.user), exported_on=today
        )
        response = HttpResponse(content, content_type=XLSX)
        name = f"档案销毁清册（{chinese_date(today)}）.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name) or ""
        response["Cache-Control"] = "private, no-store"
        return response

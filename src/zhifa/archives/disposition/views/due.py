"""The due list (到期鉴定清单): expired case files with their holds, and routine AV counts."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.archives.casefiles.models import CaseFile
from zhifa.archives.disposition import due
from zhifa.archives.retention.periods import routine_av_months
from zhifa.backoffice.mixins import CapabilityRequiredMixin

# NOTE: the page shows at most this many case files; the rest appear as earlier ones are
# appraised.
MAX_DUE_FILES = 300


class DueListView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_ARCHIVES

    def get(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        today = timezone.localdate()
        files = due.due_case_files(restrict(CaseFile.objects.all(), user), today)
        context: dict[str, Any] = {
            "today": today,
            "due_total": files.count(),
            "due_files": due.with_holds(files[:MAX_DUE_FILES]),
            "limit": MAX_DUE_FILES,
            "routine": routine_rows(user, today),
            "can_appraise": user.can(Capability.APPRAISE_ARCHIVES),
        }
        return render(request, "disposition/due_list.html", context)


def routine_rows(user: User, today: Any) -> list[dict[str, Any]]:
    """Per agency in scope: the routine period and how many routine AV records are due."""
    rows = []
    for agency in restrict(Agency.objects.order_by("pk"), user):
        count = len(due.due_av_records(agency, today))
        if count:
            rows.append({"agency": agency, "months": routine_av_months(agency), "count": count})
    return rows

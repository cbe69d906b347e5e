"""The supervisor's compliance pages across agencies."""

import logging
from typing import Any

from django.utils import timezone
from django.views.generic import TemplateView

from zhifa.accounts.roles import Capability
from zhifa.agencies import compliance
from zhifa.agencies.models import (
    Agency,
)
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.core.rules import parameter

logger = logging.getLogger(__name__)


# --- Supervision -------------------------------------------------------------------------------


class SupervisionView(ScopedQuerysetMixin, TemplateView):
    """Every agency in scope with its compliance figures; non-compliant rows are highlighted."""

    model = Agency
    required_capability = Capability.VIEW_SUPERVISION
    template_name = "agencies/supervision.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rows = compliance.supervision_rows(self.get_queryset(), today)
        context.update(
            {
                "rows": rows,
                "non_compliant_count": sum(1 for row in rows if not row.compliant),
                "warning_days": int(parameter("credential_expiry_warning_days")),
                "required_hours": parameter("training_hours_per_year"),
                "today": today,
            }
        )
        return context


class SupervisionDetailView(ScopedQuerysetMixin, TemplateView):
    """One agency's officers and reviewers behind each supervision figure."""

    model = Agency
    required_capability = Capability.VIEW_SUPERVISION
    template_name = "agencies/supervision_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agency = scoped_get(Agency.objects.all(), self.request.user, pk=kwargs["pk"])
        today = timezone.localdate()
        row = compliance.supervision_rows(self.get_queryset().filter(pk=agency.pk), today)[0]
        context.update(
            {
                "agency": agency,
                "row": row,
                "warning_days": int(parameter("credential_expiry_warning_days")),
                "required_hours": parameter("training_hours_per_year"),
                "today": today,
            }
        )
        return context

"""Pages of coercive measures: the measures in force with days left, and one measure's detail."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.generic import DetailView, ListView

from zhifa.accounts.roles import Capability
from zhifa.backoffice.mixins import ScopedQuerysetMixin
from zhifa.coercion.deadlines import PENDING_NOTE, fill_missing_due_dates
from zhifa.coercion.models import ACTIVE_STATES, CoerciveMeasure

MEASURES_PER_PAGE = 50


def days_left(measure: CoerciveMeasure) -> int | None:
    """Return the days until the measure's last day, negative once it is overdue.

    None while the last day waits for the calendar.
    """
    if measure.due_on is None:
        return None
    return (measure.due_on - timezone.localdate()).days


class MeasureListView(ScopedQuerysetMixin, ListView):
    """The measures in force, soonest deadline first; ``?all=1`` lists ended ones too."""

    model = CoerciveMeasure
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "coercion/measure_list.html"
    paginate_by = MEASURES_PER_PAGE

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A calendar year imported since the last visit completes the pending last days.
        fill_missing_due_dates(super().get_queryset())
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[CoerciveMeasure]:
        queryset = super().get_queryset().select_related("case", "case__agency")
        if self.request.GET.get("all") != "1":
            queryset = queryset.filter(state__in=ACTIVE_STATES)
        return queryset.order_by("due_on", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            {"measure": measure, "days_left": days_left(measure)}
            for measure in context["object_list"]
        ]
        context["show_all"] = self.request.GET.get("all") == "1"
        context["pending_note"] = PENDING_NOTE
        active = self.get_queryset().filter(state__in=ACTIVE_STATES)
        context["overdue_count"] = active.filter(due_on__lt=timezone.localdate()).count()
        return context


class MeasureDetailView(ScopedQuerysetMixin, DetailView):
    model = CoerciveMeasure
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "coercion/measure_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fill_missing_due_dates(self.get_queryset().filter(pk=kwargs["pk"]))
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[CoerciveMeasure]:
        return super().get_queryset().select_related("case", "case__agency", "imposed_step")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        measure: CoerciveMeasure = self.object
        context["items"] = list(measure.items.all())
        context["days_left"] = days_left(measure)
        context["pending_note"] = PENDING_NOTE
        context["steps"] = [
            row
            for row in measure.case.steps.order_by("sequence")
            if row.pk == measure.imposed_step_id
            or (row.details or {}).get("imposed_step_id") == measure.imposed_step_id
        ]
        return context

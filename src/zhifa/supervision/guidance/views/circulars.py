"""Pages of circulars (通报): the list, issuing one, reading and acknowledging it."""

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import ListView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.core.errors import InvalidTransition, ZhifaError
from zhifa.supervision.guidance.actions import circulars as circular_actions
from zhifa.supervision.guidance.forms import AcknowledgeForm, CircularForm
from zhifa.supervision.guidance.models import Circular, CircularTarget
from zhifa.supervision.guidance.views._forms import show_error

CIRCULARS_PER_PAGE = 30


class CircularListView(CapabilityRequiredMixin, ListView):
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "guidance/circular_list.html"
    paginate_by = CIRCULARS_PER_PAGE
    context_object_name = "circulars"

    def get_queryset(self) -> QuerySet[Circular]:
        user: User = self.request.user  # type: ignore[assignment]
        queryset = restrict(Circular.objects.all(), user).order_by("-issued_on", "-issued_at")
        if not user.can(Capability.ISSUE_CIRCULARS):
            return queryset
        # Only the bureau's list shows the counts. For an agency user the scope filter joins the
        # targets, and the counts would then cover only the user's own agency.
        return queryset.annotate(
            target_count=Count("targets", distinct=True),
            acknowledged_count=Count(
                "targets", filter=Q(targets__acknowledged_at__isnull=False), distinct=True
            ),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: User = self.request.user  # type: ignore[assignment]
        own = CircularTarget.objects.filter(
            agency=user.agency, circular__in=[item.pk for item in context["circulars"]]
        )
        by_circular = {target.circular_id: target for target in own}
        for circular in context["circulars"]:
            circular.own_target = by_circular.get(circular.pk)
        context["can_issue"] = user.can(Capability.ISSUE_CIRCULARS)
        return context


class CircularCreateView(CapabilityRequiredMixin, View):
    required_capability = Capability.ISSUE_CIRCULARS

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {}
        corrects = request.GET.get("corrects", "")
        if corrects.isdigit():
            initial["corrects"] = int(corrects)
        return render(
            request, "guidance/circular_form.html", {"form": CircularForm(initial=initial)}
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CircularForm(request.POST)
        if form.is_valid():
            try:
                circular = circular_actions.issue_circular(request.user, form.to_input())  # type: ignore[arg-type]
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, f"通报{circular.number}已发布。")
                return redirect("guidance:circular_detail", pk=circular.pk)
        return render(request, "guidance/circular_form.html", {"form": form}, status=400)


class CircularDetailView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.show(request, pk, AcknowledgeForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Acknowledge the circular for the user's agency."""
        form = AcknowledgeForm(request.POST)
        if form.is_valid():
            try:
                circular_actions.acknowledge_circular(
                    request.user,  # type: ignore[arg-type]
                    pk,
                    form.cleaned_data.get("feedback", ""),
                )
            except InvalidTransition as error:
                # Already acknowledged, from another tab or by a colleague: the page then shows
                # who acknowledged it and when, in place of the form.
                messages.info(request, error.message)
                return redirect("guidance:circular_detail", pk=pk)
            except ZhifaError as error:
                show_error(form, error)
                return self.show(request, pk, form, status=error.status)
            messages.success(request, "已签收通报。")
            return redirect("guidance:circular_detail", pk=pk)
        return self.show(request, pk, form, status=400)

    def show(
        self, request: HttpRequest, pk: int, form: AcknowledgeForm, status: int = 200
    ) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        circular = scoped_get(Circular.objects.select_related("corrects"), user, pk=pk)
        targets = restrict(circular.targets.select_related("agency", "acknowledged_by"), user)
        own = next((target for target in targets if target.agency_id == user.agency_id), None)
        context = {
            "circular": circular,
            "targets": targets,
            "pending": [target for target in targets if target.acknowledged_at is None],
            "mentions": circular.mentions.select_related("agency"),
            "corrections": circular.corrections.all(),
            "own": own,
            "can_acknowledge": own is not None
            and own.acknowledged_at is None
            and user.can(Capability.ACKNOWLEDGE_CIRCULARS),
            "can_issue": user.can(Capability.ISSUE_CIRCULARS),
            "form": form,
        }
        return render(request, "guidance/circular_detail.html", context, status=status)

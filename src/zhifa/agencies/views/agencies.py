"""Back-office pages for agencies and their review body."""

import logging
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, ListView

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies import actions, compliance
from zhifa.agencies.forms import (
    AgencyForm,
    ReviewBodyForm,
    show_error,
)
from zhifa.agencies.models import (
    Agency,
    AgencyKind,
    Officer,
)
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)


# --- Agencies ----------------------------------------------------------------------------------


class AgencyListView(ScopedQuerysetMixin, ListView):
    model = Agency
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "agencies/agency_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Agency]:
        queryset = (
            super()
            .get_queryset()
            .annotate(officer_count=Count("officers", filter=Q(officers__is_active=True)))
            # An aggregate drops Meta.ordering, so the order is restated for pagination.
            .order_by("sort_order", "name")
        )
        query = self.request.GET.get("q", "").strip()
        if query:
            queryset = queryset.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
        kind = self.request.GET.get("kind", "")
        if kind in AgencyKind.values:
            queryset = queryset.filter(kind=kind)
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kinds"] = AgencyKind.choices
        context["query"] = self.request.GET.get("q", "")
        context["kind"] = self.request.GET.get("kind", "")
        return context


def _agency_detail_context(
    request: HttpRequest, agency: Agency, review_body_form: ReviewBodyForm | None = None
) -> dict[str, Any]:
    today = timezone.localdate()
    user: Any = request.user
    if review_body_form is None and user.can(Capability.MANAGE_AGENCY):
        review_body_form = ReviewBodyForm(agency=agency)
    return {
        "agency": agency,
        "departments": agency.departments.all(),
        "officer_count": restrict(
            Officer.objects.filter(agency=agency, is_active=True), user
        ).count(),
        "ratio": compliance.reviewer_ratio_for(agency, today),
        "review_body_problem": compliance.review_body_problem(agency),
        "review_body_form": review_body_form,
        "can_edit": user.can(Capability.MANAGE_AGENCY),
        "can_manage_cases": user.can(Capability.MANAGE_CASES),
    }


class AgencyDetailView(ScopedQuerysetMixin, DetailView):
    model = Agency
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "agencies/agency_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(_agency_detail_context(self.request, self.object))
        return context


class AgencyReviewBodyView(ScopedQuerysetMixin, View):
    """Change the review body from the form on the agency page (POST only)."""

    model = Agency
    required_capability = Capability.MANAGE_AGENCY
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agency = scoped_get(Agency.objects.all(), request.user, pk=pk)
        form = ReviewBodyForm(request.POST, agency=agency)
        if form.is_valid():
            try:
                actions.set_review_body(
                    request.user,  # type: ignore[arg-type]
                    agency,
                    form.cleaned_data["review_body"].pk,
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, "已指定法制审核机构。")
                return redirect("agencies:agency_detail", pk=agency.pk)
        context = _agency_detail_context(request, agency, review_body_form=form)
        return render(request, "agencies/agency_detail.html", context, status=400)


class AgencyEditView(ScopedQuerysetMixin, View):
    model = Agency
    required_capability = Capability.MANAGE_AGENCY
    template_name = "agencies/agency_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agency = scoped_get(Agency.objects.all(), request.user, pk=pk)
        form = AgencyForm(initial=AgencyForm.initial_for(agency))
        return render(request, self.template_name, {"agency": agency, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agency = scoped_get(Agency.objects.all(), request.user, pk=pk)
        form = AgencyForm(request.POST)
        if form.is_valid():
            try:
                actions.update_agency(
                    request.user,  # type: ignore[arg-type]
                    agency,
                    form.to_input(),
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, "执法主体信息已保存。")
                return redirect("agencies:agency_detail", pk=agency.pk)
        return render(request, self.template_name, {"agency": agency, "form": form}, status=400)

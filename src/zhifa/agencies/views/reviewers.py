"""Back-office pages for legal reviewers and the reviewer ratio."""

import logging
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies import actions, compliance, rules
from zhifa.agencies.forms import (
    EndReviewerForm,
    ReviewerForm,
    show_error,
)
from zhifa.agencies.models import (
    Agency,
    Reviewer,
)
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)


# --- Reviewers ---------------------------------------------------------------------------------


def _reviewer_context(
    request: HttpRequest,
    agency: Agency,
    agencies: QuerySet[Agency],
    assign_form: ReviewerForm | None = None,
) -> dict[str, Any]:
    user: Any = request.user
    today = timezone.localdate()
    reviewers = list(
        restrict(Reviewer.objects.filter(agency=agency), user).select_related("officer")
    )
    for reviewer in reviewers:
        outcome = rules.check_reviewer_qualification(
            reviewer.started_on, reviewer.legal_qualification
        )
        reviewer.problem = outcome.reason  # type: ignore[attr-defined]
        reviewer.is_current = reviewer.ended_on is None or reviewer.ended_on >= today  # type: ignore[attr-defined]
    can_manage = user.can(Capability.MANAGE_REVIEWERS)
    if assign_form is None and can_manage:
        assign_form = ReviewerForm(agency=agency)
    return {
        "agency": agency,
        "agencies": agencies,
        "reviewers": reviewers,
        "ratio": compliance.reviewer_ratio_for(agency, today),
        "assign_form": assign_form,
        "can_manage": can_manage,
        "qualification_from": rules.QUALIFICATION_REQUIRED_FROM,
    }


class ReviewerListView(ScopedQuerysetMixin, TemplateView):
    """The reviewers of one agency (chosen with ``?agency=``), with ratio and qualification."""

    model = Agency
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "agencies/reviewer_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agencies = self.get_queryset()
        selected = self.request.GET.get("agency", "")
        user: Any = self.request.user
        if selected.isdigit():
            agency = scoped_get(Agency.objects.all(), user, pk=int(selected))
        else:
            agency = agencies.filter(pk=user.agency_id).first() or agencies.first()
        if agency is None:
            context.update({"agency": None, "agencies": agencies})
            return context
        context.update(_reviewer_context(self.request, agency, agencies))
        return context


class ReviewerAssignView(ScopedQuerysetMixin, View):
    model = Agency
    required_capability = Capability.MANAGE_REVIEWERS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agency = scoped_get(Agency.objects.all(), request.user, pk=pk)
        form = ReviewerForm(request.POST, agency=agency)
        if form.is_valid():
            try:
                reviewer = actions.assign_reviewer(
                    request.user,  # type: ignore[arg-type]
                    agency,
                    form.to_input(),
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, f"已配备法制审核人员{reviewer.full_name}。")
                return redirect(f"{reverse('agencies:reviewer_list')}?agency={agency.pk}")
        context = _reviewer_context(request, agency, self.get_queryset(), assign_form=form)
        return render(request, "agencies/reviewer_list.html", context, status=400)


class ReviewerEndView(ScopedQuerysetMixin, View):
    model = Reviewer
    required_capability = Capability.MANAGE_REVIEWERS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        reviewer = scoped_get(Reviewer.objects.all(), request.user, pk=pk)
        back = f"{reverse('agencies:reviewer_list')}?agency={reviewer.agency_id}"
        form = EndReviewerForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请填写有效的“结束日期”。")
            return redirect(back)
        try:
            actions.end_reviewer(
                request.user,  # type: ignore[arg-type]
                reviewer,
                form.cleaned_data["ended_on"],
                request=request,
            )
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{reviewer.full_name}已登记离岗。")
        return redirect(back)

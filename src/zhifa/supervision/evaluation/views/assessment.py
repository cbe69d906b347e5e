"""Pages of the year-end assessment: the list of years, one year's scheme, results and ranking."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.review.figures import FIRST_YEAR
from zhifa.supervision.evaluation.actions import assessment as actions
from zhifa.supervision.evaluation.indicators import INDICATORS
from zhifa.supervision.evaluation.models import (
    Assessment,
    AssessmentResult,
    AssessmentScheme,
    AssessmentState,
)
from zhifa.supervision.evaluation.scoring import NO_DATA_RULE
from zhifa.supervision.evaluation.views._common import acting_user, is_bureau, run_action


def _weights(scheme: AssessmentScheme | None) -> list[dict[str, Any]]:
    current = {} if scheme is None else {row.code: row.weight for row in scheme.indicators.all()}
    return [
        {
            "code": code,
            "label": indicator.label,
            "explanation": indicator.explanation,
            "weight": current.get(code, 0),
        }
        for code, indicator in INDICATORS.items()
    ]


class AssessmentListView(CapabilityRequiredMixin, TemplateView):
    """Every year's assessment; an agency gets the final ones with its own result only."""

    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evaluation/assessment_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = acting_user(self.request)
        bureau = is_bureau(user)
        assessments = Assessment.objects.all()
        if not bureau:
            assessments = assessments.filter(state=AssessmentState.FINAL)
        own = {
            row.assessment_id: row
            for row in restrict(AssessmentResult.objects.select_related("agency"), user)
        }
        this_year = timezone.localdate().year
        context.update(
            {
                "bureau": bureau,
                "can_manage": user.can(Capability.MANAGE_ASSESSMENT),
                "lines": [(item, own.get(item.pk)) for item in assessments],
                "years": list(range(this_year, FIRST_YEAR - 1, -1)),
                "default_weights": _weights(AssessmentScheme.objects.filter(year=None).first()),
                "no_data_rule": NO_DATA_RULE,
            }
        )
        return context


class AssessmentDetailView(CapabilityRequiredMixin, TemplateView):
    """One year: the weights, the results with every input, and the ranking."""

    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evaluation/assessment_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = acting_user(self.request)
        year = kwargs["year"]
        bureau = is_bureau(user)
        found = Assessment.objects.filter(year=year).first()
        if not bureau and (found is None or found.state != AssessmentState.FINAL):
            raise Http404("该年度考核尚未定稿。")
        results = []
        if found is not None:
            results = list(
                restrict(found.results.select_related("agency"), user).order_by(
                    "rank", "agency__sort_order", "agency_id"
                )
            )
        scheme = AssessmentScheme.objects.filter(year=year).first()
        context.update(
            {
                "year": year,
                "assessment": found,
                "results": results,
                "labels": [INDICATORS[code].label for code in _codes(found, scheme)],
                "weights": _weights(scheme or AssessmentScheme.objects.filter(year=None).first()),
                "scheme": scheme,
                "bureau": bureau,
                "can_manage": user.can(Capability.MANAGE_ASSESSMENT)
                and (found is None or found.state != AssessmentState.FINAL),
                "no_data_rule": NO_DATA_RULE,
            }
        )
        return context


def _codes(found: Assessment | None, scheme: AssessmentScheme | None) -> list[str]:
    if found is not None:
        return [code for code in found.snapshot.get("weights", {}) if code in INDICATORS]
    if scheme is not None:
        return [row.code for row in scheme.indicators.all() if row.code in INDICATORS]
    return []


class AssessmentActionView(CapabilityRequiredMixin, View):
    """Save the weights of a year (or of the default scheme, year 0), compute or finalise."""

    required_capability = Capability.MANAGE_ASSESSMENT

    def post(self, request: HttpRequest, year: int, operation: str) -> HttpResponse:
        user = acting_user(request)
        today = timezone.localdate()
        weights = {code: request.POST.get(f"weight_{code}", "0") or "0" for code in INDICATORS}
        calls = {
            "weights": lambda: actions.set_weights(
                user, year or None, weights, today, request=request
            ),
            "compute": lambda: actions.compute_assessment(user, year, today, request=request),
            "finalise": lambda: actions.finalise_assessment(user, year, request=request),
        }
        if operation not in calls:
            raise Http404("没有这项操作。")
        done = {
            "weights": "权重已保存。",
            "compute": "考核结果已计算。",
            "finalise": "考核已定稿。",
        }
        if year == 0:
            return run_action(
                request, calls[operation], done[operation], "evaluation:assessment_list"
            )
        return run_action(
            request, calls[operation], done[operation], "evaluation:assessment_detail", year=year
        )


class AssessmentOpenView(CapabilityRequiredMixin, View):
    """Open the page of the year chosen in the list's form."""

    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        value = request.GET.get("year", "")
        if not value.isdigit():
            messages.error(request, "请选择考核年度。")
            return redirect("evaluation:assessment_list")
        return redirect("evaluation:assessment_detail", year=int(value))

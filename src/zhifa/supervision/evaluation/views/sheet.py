"""Pages of one evaluated case file: its score sheet, finalising, and rectifying its findings."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.errors import InvalidTransition, ValidationFailed, ZhifaError
from zhifa.supervision.evaluation.actions import evaluations, rectifications
from zhifa.supervision.evaluation.models import (
    DrawnCase,
    Evaluation,
    EvaluationState,
    StandardItem,
)
from zhifa.supervision.evaluation.views._common import acting_user, is_bureau, run_action


@dataclass(frozen=True)
class SheetLine:
    """One item of the score sheet, the values its inputs show and any error on them."""

    item: StandardItem
    deduction: str
    finding: str
    deduction_error: str = ""
    finding_error: str = ""


class EvaluationStartView(CapabilityRequiredMixin, View):
    required_capability = Capability.EVALUATE_CASE_FILES

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        drawn = get_object_or_404(DrawnCase, pk=pk)
        try:
            evaluation = evaluations.start_evaluation(
                acting_user(request), drawn.pk, request=request
            )
        except InvalidTransition:
            # Already started, by this user or another: open the existing evaluation.
            evaluation = Evaluation.objects.get(drawn_case=drawn)
        except ZhifaError as error:
            messages.error(request, error.message)
            return redirect("evaluation:draw_detail", pk=drawn.draw_id)
        return redirect("evaluation:evaluation_detail", pk=evaluation.pk)


class EvaluationDetailView(CapabilityRequiredMixin, TemplateView):
    """One evaluation: the score sheet while a draft, then the findings and rectification."""

    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evaluation/evaluation_detail.html"

    def evaluation(self) -> Evaluation:
        user = acting_user(self.request)
        visible = restrict(Evaluation.objects.select_related("case", "agency", "standard"), user)
        if not is_bureau(user):
            visible = visible.filter(state=EvaluationState.FINAL)
        found = visible.filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404("案卷评查记录不存在或不在您的查看范围内。")
        return found

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = acting_user(self.request)
        evaluation = self.evaluation()
        scores = {score.item_id: score for score in evaluation.scores.all()}
        sheet = [
            SheetLine(item, str(scores[item.pk].deduction), scores[item.pk].finding)
            if item.pk in scores
            else SheetLine(item, "0", "")
            for item in evaluation.standard.items.all()
        ]
        context.update(
            {
                "evaluation": evaluation,
                "sheet": sheet,
                "summary": evaluation.summary,
                "summary_error": "",
                "findings": [
                    (score, list(score.rectifications.all()))
                    for score in evaluation.scores.filter(deduction__gt=0).select_related("item")
                ],
                "running_total": evaluations.score_total(evaluation),
                "editable": evaluation.state == EvaluationState.DRAFT
                and user.can(Capability.EVALUATE_CASE_FILES),
                "can_rectify": user.can(Capability.RECTIFY_FINDINGS),
                "can_confirm": user.can(Capability.EVALUATE_CASE_FILES),
            }
        )
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        evaluation = self.evaluation()
        items = list(evaluation.standard.items.all())
        entries = [
            evaluations.ScoreInput(
                item.pk,
                request.POST.get(f"deduction_{item.pk}", "0"),
                request.POST.get(f"finding_{item.pk}", ""),
            )
            for item in items
        ]
        summary = request.POST.get("summary", "")

        try:
            evaluations.save_scores(
                acting_user(request), evaluation.pk, entries, summary=summary, request=request
            )
        except ValidationFailed as error:
            return self.rejected(items, entries, summary, error)
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "评分已保存。")
        return redirect("evaluation:evaluation_detail", pk=pk)

    def rejected(
        self,
        items: list[StandardItem],
        entries: list[evaluations.ScoreInput],
        summary: str,
        error: ValidationFailed,
    ) -> HttpResponse:
        """Show the sheet again with what was typed and the error beside its input.

        Nothing was saved, so the page must not reload the stored scores over the input.
        """
        messages.error(self.request, error.message)
        context = self.get_context_data(pk=self.kwargs["pk"])
        context["sheet"] = [
            SheetLine(
                item,
                str(entry.deduction),
                entry.finding,
                error.message if error.field == f"deduction_{item.pk}" else "",
                error.message if error.field == f"finding_{item.pk}" else "",
            )
            for item, entry in zip(items, entries, strict=True)
        ]
        context["summary"] = summary
        context["summary_error"] = error.message if error.field == "summary" else ""
        return self.render_to_response(context, status=400)


class EvaluationFinaliseView(CapabilityRequiredMixin, View):
    required_capability = Capability.EVALUATE_CASE_FILES

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        return run_action(
            request,
            lambda: evaluations.finalise(acting_user(request), pk, request=request),
            "评查已定稿，执法单位可以报送整改情况。",
            "evaluation:evaluation_detail",
            pk=pk,
        )


class RectificationSubmitView(CapabilityRequiredMixin, View):
    required_capability = Capability.RECTIFY_FINDINGS

    def post(self, request: HttpRequest, pk: int, score_id: int) -> HttpResponse:
        return run_action(
            request,
            lambda: rectifications.submit_rectification(
                acting_user(request), score_id, request.POST.get("text", ""), request=request
            ),
            "整改情况已报送区司法局。",
            "evaluation:evaluation_detail",
            pk=pk,
        )


class RectificationAnswerView(CapabilityRequiredMixin, View):
    required_capability = Capability.EVALUATE_CASE_FILES

    def post(self, request: HttpRequest, pk: int, rectification_id: int) -> HttpResponse:
        confirm = request.POST.get("decision") == "confirm"
        return run_action(
            request,
            lambda: rectifications.answer_rectification(
                acting_user(request),
                rectification_id,
                confirm=confirm,
                comment=request.POST.get("comment", ""),
                request=request,
            ),
            "已确认整改情况。" if confirm else "已退回整改情况。",
            "evaluation:evaluation_detail",
            pk=pk,
        )

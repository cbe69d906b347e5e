"""Pages of the evaluation overview, the scoring standard and the draws."""

import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.errors import ValidationFailed
from zhifa.review.figures import FIRST_YEAR, parse_year
from zhifa.supervision.evaluation.actions import draws, standards
from zhifa.supervision.evaluation.models import (
    Aspect,
    Draw,
    Evaluation,
    EvaluationState,
    Standard,
    SystemGroup,
)
from zhifa.supervision.evaluation.rollup import rollup
from zhifa.supervision.evaluation.views._common import (
    acting_user,
    is_bureau,
    post_int,
    require_bureau,
    run_action,
)


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    try:
        return parse_year(request.GET.get("year"), today)
    except ValidationFailed as error:
        messages.error(request, error.message)
        return today.year


class HomeView(CapabilityRequiredMixin, TemplateView):
    """The bureau's overview, or an agency's own evaluated files and findings."""

    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evaluation/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = acting_user(self.request)
        year = _year(self.request)
        bureau = is_bureau(user)
        agencies = list(restrict(Agency.objects.all(), user))
        rows = rollup(year, [agency.pk for agency in agencies])
        visible = restrict(Evaluation.objects.select_related("case", "agency"), user).filter(
            year=year
        )
        if not bureau:
            visible = visible.filter(state=EvaluationState.FINAL)
        context.update(
            {
                "year": year,
                "years": list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
                "bureau": bureau,
                "can_evaluate": user.can(Capability.EVALUATE_CASE_FILES),
                "lines": [(agency, rows[agency.pk]) for agency in agencies],
                "evaluations": visible.order_by("agency__sort_order", "pk"),
                "standards": Standard.objects.all() if bureau else [],
                "current_standard": standards.in_force(),
                "draws": Draw.objects.filter(year=year) if bureau else [],
            }
        )
        return context


class StandardDetailView(CapabilityRequiredMixin, TemplateView):
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evaluation/standard_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        standard = get_object_or_404(Standard, pk=kwargs["pk"])
        items = list(standard.items.all())
        context.update(
            {
                "standard": standard,
                "items": items,
                "points_total": sum(item.points for item in items),
                "editable": standard.state == "draft"
                and acting_user(self.request).can(Capability.EVALUATE_CASE_FILES),
                "groups": SystemGroup.choices,
                "aspects": Aspect.choices,
            }
        )
        return context


class StandardCreateView(CapabilityRequiredMixin, View):
    required_capability = Capability.EVALUATE_CASE_FILES

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            standard = standards.create_standard(
                acting_user(request),
                name=request.POST.get("name", ""),
                copy_from_id=post_int(request, "copy_from"),
                request=request,
            )
        except ValidationFailed as error:
            messages.error(request, error.message)
            return redirect("evaluation:evaluation_home")
        messages.success(request, f"已创建{standard}草稿，请修改项目后施行。")
        return redirect("evaluation:standard_detail", pk=standard.pk)


class StandardChangeView(CapabilityRequiredMixin, View):
    """Add or change an item, remove one, set the thresholds or put the draft in force."""

    required_capability = Capability.EVALUATE_CASE_FILES

    def post(self, request: HttpRequest, pk: int, operation: str) -> HttpResponse:
        user = acting_user(request)
        data = request.POST
        calls = {
            "item": lambda: standards.save_item(
                user,
                pk,
                standards.ItemInput(
                    code=data.get("code", ""),
                    group=data.get("group", ""),
                    aspect=data.get("aspect", ""),
                    text=data.get("text", ""),
                    points=data.get("points", ""),
                    sort_order=post_int(request, "sort_order") or 0,
                ),
                item_id=post_int(request, "item_id"),
                request=request,
            ),
            "remove": lambda: standards.remove_item(
                user, pk, post_int(request, "item_id") or 0, request=request
            ),
            "thresholds": lambda: standards.set_thresholds(
                user,
                pk,
                excellent_min=data.get("excellent_min", ""),
                good_min=data.get("good_min", ""),
                pass_min=data.get("pass_min", ""),
                request=request,
            ),
            "in_force": lambda: standards.put_in_force(user, pk, request=request),
        }
        if operation not in calls:
            raise Http404("没有这项操作。")
        success = _in_force_message if operation == "in_force" else "已保存。"
        return run_action(request, calls[operation], success, "evaluation:standard_detail", pk=pk)


def _in_force_message(change: standards.InForceChange) -> str:
    if not change.retired:
        return f"{change.standard}已施行。"
    names = "、".join(str(row) for row in change.retired)
    return f"{change.standard}已施行，原现行版本{names}已停用。"


def _optional_date(value: str, field: str, label: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(f"“{label}”应为日期，例如2025-01-01。", field=field) from None


def _optional_int(value: str, field: str, label: str) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValidationFailed(f"“{label}”应为整数。", field=field) from None


class DrawCreateView(CapabilityRequiredMixin, View):
    required_capability = Capability.EVALUATE_CASE_FILES

    def post(self, request: HttpRequest) -> HttpResponse:
        data = request.POST
        try:
            draw_input = draws.DrawInput(
                year=_optional_int(data.get("year", ""), "year", "评查年度") or 0,
                closed_from=_optional_date(
                    data.get("closed_from", ""), "closed_from", "结案日期起"
                ),
                closed_to=_optional_date(data.get("closed_to", ""), "closed_to", "结案日期止"),
                agency_ids=[int(value) for value in data.getlist("agency_ids") if value.isdigit()],
                count=_optional_int(data.get("count", ""), "count", "每单位抽取件数"),
                percent=_optional_int(data.get("percent", ""), "percent", "每单位抽取比例"),
                minimum=_optional_int(data.get("minimum", ""), "minimum", "每单位最少件数") or 0,
                seed=data.get("seed", ""),
                note=data.get("note", ""),
            )
            draw = draws.make_draw(
                acting_user(request), draw_input, timezone.localdate(), request=request
            )
        except ValidationFailed as error:
            messages.error(request, error.message)
            return redirect("evaluation:evaluation_home")
        messages.success(request, f"已完成抽取，随机种子为 {draw.seed}。")
        return redirect("evaluation:draw_detail", pk=draw.pk)


class DrawDetailView(CapabilityRequiredMixin, TemplateView):
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evaluation/draw_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = acting_user(self.request)
        require_bureau(user)
        draw = get_object_or_404(Draw.objects.select_related("standard"), pk=kwargs["pk"])
        drawn = draw.drawn_cases.select_related("case", "agency", "evaluation")
        names = dict(Agency.objects.values_list("pk", "name"))
        context.update(
            {
                "draw": draw,
                "drawn": drawn,
                "population": [
                    (names.get(int(key), key), len(ids)) for key, ids in draw.population.items()
                ],
                "can_evaluate": user.can(Capability.EVALUATE_CASE_FILES),
            }
        )
        return context


class DrawVerifyView(CapabilityRequiredMixin, TemplateView):
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evaluation/draw_verify.html"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = acting_user(request)
        require_bureau(user)
        draw = get_object_or_404(Draw, pk=pk)
        result = draws.verify_draw(user, draw.pk, request=request)
        names = dict(Agency.objects.values_list("pk", "name"))
        context = {
            "draw": draw,
            "result": result,
            "added": [(names.get(key), ids) for key, ids in result.added_since.items()],
            "removed": [(names.get(key), ids) for key, ids in result.removed_since.items()],
        }
        return self.render_to_response(context)

"""Double-random spot-check pages: the lists, their entities, draws and cases opened from them.

Reading needs ``view_backoffice``. Every change is a POST to a view that requires
``manage_spot_checks`` and calls an action of ``zhifa.cases.spotcheck``.
"""

import logging
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Department
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.cases import spotcheck
from zhifa.cases.forms import show_error
from zhifa.cases.models import SpotCheckDraw, SpotCheckEntity, SpotCheckList
from zhifa.catalog.models import PowerCategory, PowerItem
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)

LISTS_PER_PAGE = 30


# --- Forms -------------------------------------------------------------------------------------


class SpotCheckListForm(forms.Form):
    name = forms.CharField(label="名录名称", max_length=100)
    year = forms.IntegerField(
        label="年度", min_value=spotcheck.MIN_YEAR, max_value=spotcheck.MAX_YEAR
    )


class SpotCheckEntityForm(forms.Form):
    name = forms.CharField(label="名称", max_length=200)
    number = forms.CharField(label="统一社会信用代码或身份证号", max_length=30)
    address = forms.CharField(label="地址", max_length=200, required=False)


class DrawForm(forms.Form):
    power_item = forms.ModelChoiceField(
        label="检查事项", queryset=PowerItem.objects.none(), empty_label="请选择"
    )
    entity_count = forms.IntegerField(label="抽取对象数", min_value=1, max_value=10000)
    officers_per_entity = forms.IntegerField(
        label="每个对象的执法人员数",
        min_value=spotcheck.MIN_OFFICERS_PER_ENTITY,
        max_value=20,
        initial=spotcheck.MIN_OFFICERS_PER_ENTITY,
    )

    def __init__(self, *args: Any, spot_check_list: SpotCheckList, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["power_item"])
        field.queryset = inspection_items(spot_check_list)
        field.label_from_instance = _power_item_label  # type: ignore[method-assign,assignment]


class OpenCasesForm(forms.Form):
    department = forms.ModelChoiceField(
        label="承办部门", queryset=Department.objects.none(), empty_label="请选择"
    )

    def __init__(self, *args: Any, record: SpotCheckDraw, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["department"])
        field.queryset = Department.objects.filter(agency_id=record.agency_id).order_by("name")


def inspection_items(spot_check_list: SpotCheckList) -> QuerySet[PowerItem]:
    """Return the list agency's power items with an inspection version in effect by today.

    The filter also admits an item that was an inspection item only in an earlier version,
    and ``spotcheck.draw`` rejects such an item with a message naming its current category.
    """
    today = timezone.localdate()
    return (
        PowerItem.objects.filter(
            agency_id=spot_check_list.agency_id,
            versions__category=PowerCategory.INSPECTION,
            versions__effective_from__lte=today,
        )
        .distinct()
        .order_by("code")
    )


def _power_item_label(item: PowerItem) -> str:
    version = item.version_on(timezone.localdate())
    return f"{item.code} {version.name}" if version is not None else item.code


# --- Lists and entities ------------------------------------------------------------------------


class SpotCheckListListView(ScopedQuerysetMixin, ListView):
    model = SpotCheckList
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "cases/spotcheck_list.html"
    paginate_by = LISTS_PER_PAGE

    def get_queryset(self) -> QuerySet[SpotCheckList]:
        return super().get_queryset().select_related("agency")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or SpotCheckListForm(
            initial={"year": timezone.localdate().year}
        )
        context["can_manage"] = self.request.user.can(  # type: ignore[union-attr]
            Capability.MANAGE_SPOT_CHECKS
        )
        return context


class SpotCheckListCreateView(ScopedQuerysetMixin, View):
    model = SpotCheckList
    required_capability = Capability.MANAGE_SPOT_CHECKS

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SpotCheckListForm(request.POST)
        if form.is_valid():
            try:
                created = spotcheck.create_spot_check_list(
                    request.user,  # type: ignore[arg-type]
                    form.cleaned_data["name"],
                    form.cleaned_data["year"],
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, f"已建立名录“{created}”。")
                return redirect("cases:spotcheck_detail", pk=created.pk)
        view = SpotCheckListListView()
        view.setup(request)
        view.object_list = view.get_queryset()
        context = view.get_context_data(form=form)
        return render(request, view.template_name, context, status=400)


def _list_context(
    request: HttpRequest,
    spot_check_list: SpotCheckList,
    entity_form: SpotCheckEntityForm | None = None,
    draw_form: DrawForm | None = None,
) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]
    return {
        "spot_check_list": spot_check_list,
        "entities": spot_check_list.entities.select_related("party").order_by("pk"),
        "draws": spot_check_list.draws.select_related("power_item", "drawn_by").order_by(
            "-drawn_at", "-pk"
        ),
        "entity_form": entity_form or SpotCheckEntityForm(),
        "draw_form": draw_form or DrawForm(spot_check_list=spot_check_list),
        "can_manage": user.can(Capability.MANAGE_SPOT_CHECKS),
    }


class SpotCheckListDetailView(ScopedQuerysetMixin, View):
    model = SpotCheckList
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "cases/spotcheck_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        spot_check_list = scoped_get(SpotCheckList.objects.all(), request.user, pk=pk)
        return render(request, self.template_name, _list_context(request, spot_check_list))


class SpotCheckEntityAddView(ScopedQuerysetMixin, View):
    model = SpotCheckList
    required_capability = Capability.MANAGE_SPOT_CHECKS

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        spot_check_list = scoped_get(SpotCheckList.objects.all(), request.user, pk=pk)
        form = SpotCheckEntityForm(request.POST)
        if form.is_valid():
            try:
                entity = spotcheck.add_spot_check_entity(
                    request.user,  # type: ignore[arg-type]
                    spot_check_list,
                    form.cleaned_data["name"],
                    form.cleaned_data["number"],
                    form.cleaned_data["address"],
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, f"已将“{entity.name}”录入名录。")
                return redirect("cases:spotcheck_detail", pk=spot_check_list.pk)
        context = _list_context(request, spot_check_list, entity_form=form)
        return render(request, SpotCheckListDetailView.template_name, context, status=400)


class SpotCheckEntityWithdrawView(ScopedQuerysetMixin, View):
    model = SpotCheckEntity
    required_capability = Capability.MANAGE_SPOT_CHECKS

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        entity = scoped_get(SpotCheckEntity.objects.all(), request.user, pk=pk)
        try:
            spotcheck.withdraw_spot_check_entity(
                request.user,  # type: ignore[arg-type]
                entity,
                request=request,
            )
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已将“{entity.name}”移出名录，以后的抽取不再包含该对象。")
        return redirect("cases:spotcheck_detail", pk=entity.spot_check_list_id)


# --- Draws -------------------------------------------------------------------------------------


class SpotCheckDrawCreateView(ScopedQuerysetMixin, View):
    model = SpotCheckList
    required_capability = Capability.MANAGE_SPOT_CHECKS

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        spot_check_list = scoped_get(SpotCheckList.objects.all(), request.user, pk=pk)
        form = DrawForm(request.POST, spot_check_list=spot_check_list)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record = spotcheck.draw(
                    request.user,  # type: ignore[arg-type]
                    spot_check_list,
                    data["power_item"],
                    data["entity_count"],
                    data["officers_per_entity"],
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, f"已完成抽取，随机种子 {record.seed}。")
                return redirect("cases:spotcheck_draw_detail", pk=record.pk)
        context = _list_context(request, spot_check_list, draw_form=form)
        return render(request, SpotCheckListDetailView.template_name, context, status=400)


def _draw_context(
    request: HttpRequest,
    record: SpotCheckDraw,
    reproduction: spotcheck.Reproduction | None = None,
    open_form: OpenCasesForm | None = None,
) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]
    cases = spotcheck.cases_by_assignment(record)
    rows = [
        {
            "assignment": assignment,
            "officers": assignment.officers(),
            "case": cases.get(assignment.pk),
        }
        for assignment in record.assignments()
    ]
    return {
        "draw": record,
        "rows": rows,
        "power_item_label": _power_item_label(record.power_item),
        "reproduction": reproduction,
        "open_form": open_form or OpenCasesForm(record=record),
        "can_manage": user.can(Capability.MANAGE_SPOT_CHECKS),
        "can_open_cases": (
            user.can(Capability.MANAGE_SPOT_CHECKS)
            and user.can(Capability.MANAGE_CASES)
            and user.agency_id == record.agency_id
        ),
        "all_opened": all(row["case"] is not None for row in rows),
    }


def _draw_queryset() -> QuerySet[SpotCheckDraw]:
    return SpotCheckDraw.objects.select_related("spot_check_list", "power_item", "drawn_by")


class SpotCheckDrawDetailView(ScopedQuerysetMixin, View):
    model = SpotCheckDraw
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "cases/spotcheck_draw.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = scoped_get(_draw_queryset(), request.user, pk=pk)
        return render(request, self.template_name, _draw_context(request, record))


class SpotCheckReproduceView(ScopedQuerysetMixin, View):
    """Rerun the draw from its seed and pools and show whether it matches, writing nothing."""

    model = SpotCheckDraw
    required_capability = Capability.VIEW_BACKOFFICE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = scoped_get(_draw_queryset(), request.user, pk=pk)
        reproduction = spotcheck.reproduce(record)
        if not reproduction.matches:
            logger.error("spot-check draw %s does not reproduce from its seed", record.pk)
        context = _draw_context(request, record, reproduction=reproduction)
        return render(request, SpotCheckDrawDetailView.template_name, context)


class SpotCheckOpenCasesView(ScopedQuerysetMixin, View):
    model = SpotCheckDraw
    required_capability = Capability.MANAGE_SPOT_CHECKS

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = scoped_get(_draw_queryset(), request.user, pk=pk)
        form = OpenCasesForm(request.POST, record=record)
        if form.is_valid():
            try:
                opened = spotcheck.open_inspection_cases(
                    request.user,  # type: ignore[arg-type]
                    record,
                    form.cleaned_data["department"].pk,
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                if opened:
                    numbers = "、".join(case.number for case in opened)
                    messages.success(request, f"已立案{len(opened)}件：{numbers}。")
                else:
                    messages.info(request, "抽中的对象均已立案，本次未新增案件。")
                return redirect("cases:spotcheck_draw_detail", pk=record.pk)
        context = _draw_context(request, record, open_form=form)
        return render(request, SpotCheckDrawDetailView.template_name, context, status=400)

"""Pages of the 较大数额 table: everyone in the back office reads it, the supervisor edits it."""

import logging
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import EnforcementDomain
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.errors import ZhifaError
from zhifa.core.workdays import shanghai_date
from zhifa.review import thresholds
from zhifa.review.models import BasisLevel, HearingThreshold, Measure, PartyClass

logger = logging.getLogger(__name__)

FORM_FIELDS = [
    "domain_code",
    "basis_level",
    "party_class",
    "measure",
    "amount",
    "effective_from",
    "effective_to",
    "legal_source",
    "confirmed",
    "note",
]


def domain_names() -> dict[str, str]:
    """Return the name of every enforcement domain by its code."""
    return dict(EnforcementDomain.objects.values_list("code", "name"))


class ThresholdForm(forms.Form):
    domain_code = forms.ChoiceField(label="执法领域", required=False)
    basis_level = forms.ChoiceField(label="依据层级", choices=BasisLevel.choices, required=False)
    party_class = forms.ChoiceField(label="当事人类型", choices=PartyClass.choices)
    measure = forms.ChoiceField(label="处罚种类", choices=Measure.choices)
    amount = forms.CharField(label="较大数额（元）", max_length=20)
    effective_from = forms.DateField(
        label="施行日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    effective_to = forms.DateField(
        label="废止日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="最后施行的一天；留空表示仍在施行",
    )
    legal_source = forms.CharField(label="依据", max_length=300)
    confirmed = forms.BooleanField(label="已核实", required=False)
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "所有执法领域")]
        choices += [(code, f"{name}（{code}）") for code, name in domain_names().items()]
        self.fields["domain_code"].choices = choices  # type: ignore[attr-defined]

    def to_input(self) -> thresholds.ThresholdInput:
        return thresholds.ThresholdInput(**self.cleaned_data)


class ThresholdListView(CapabilityRequiredMixin, ListView):
    model = HearingThreshold
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "review/thresholds/threshold_list.html"

    def get_queryset(self) -> QuerySet[HearingThreshold]:
        return HearingThreshold.objects.all()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: User = self.request.user  # type: ignore[assignment]
        context["can_edit"] = user.can(Capability.EDIT_RULE_PARAMETERS)
        context["today"] = shanghai_date(timezone.now())
        names = domain_names()
        for row in context["object_list"]:
            row.domain_name = names.get(row.domain_code, "")
        return context


class ThresholdEditView(CapabilityRequiredMixin, View):
    """Add a row (no ``pk``) or correct one; action errors show at their field."""

    required_capability = Capability.EDIT_RULE_PARAMETERS

    def _render(self, request: HttpRequest, form: ThresholdForm, pk: int | None) -> HttpResponse:
        title = "修改听证较大数额标准" if pk else "新增听证较大数额标准"
        return render(
            request, "review/thresholds/threshold_form.html", {"form": form, "title": title}
        )

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        initial: dict[str, Any] = {}
        if pk is not None:
            row = get_object_or_404(HearingThreshold, pk=pk)
            initial = {name: getattr(row, name) for name in FORM_FIELDS}
        return self._render(request, ThresholdForm(initial=initial), pk)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        row = get_object_or_404(HearingThreshold, pk=pk) if pk is not None else None
        form = ThresholdForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, pk)
        user: User = request.user  # type: ignore[assignment]
        try:
            if row is None:
                thresholds.create_threshold(user, form.to_input())
            else:
                thresholds.update_threshold(user, row, form.to_input())
        except ZhifaError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            return self._render(request, form, pk)
        messages.success(request, "已保存听证较大数额标准。")
        return redirect("review:threshold_list")


class EndForm(forms.Form):
    last_day = forms.DateField(label="废止日期", required=False)


class ThresholdEndView(CapabilityRequiredMixin, View):
    """End a row on the chosen day (default today), e.g. when a new rule replaces it."""

    required_capability = Capability.EDIT_RULE_PARAMETERS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = get_object_or_404(HearingThreshold, pk=pk)
        user: User = request.user  # type: ignore[assignment]
        form = EndForm(request.POST)
        if not form.is_valid():
            messages.error(request, "“废止日期”应为日期，格式如 2026-12-05。")
            return redirect("review:threshold_list")
        try:
            thresholds.end_threshold(user, row, form.cleaned_data["last_day"])
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已设置废止日期。")
        return redirect("review:threshold_list")


urlpatterns: list[URLPattern] = [
    path("thresholds/", ThresholdListView.as_view(), name="threshold_list"),
    path("thresholds/new/", ThresholdEditView.as_view(), name="threshold_create"),
    path("thresholds/<int:pk>/edit/", ThresholdEditView.as_view(), name="threshold_update"),
    path("thresholds/<int:pk>/end/", ThresholdEndView.as_view(), name="threshold_end"),
]

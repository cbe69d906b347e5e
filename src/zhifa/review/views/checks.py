"""The check page: describe a decision and see whether it is major; nothing is stored."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency, EnforcementDomain
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.cases.models import PartyKind
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.core.errors import ZhifaError
from zhifa.review.assessment import assess, resolve_agency
from zhifa.review.models import BasisLevel, DecisionKind, EnforcementMethod, MajorFlag
from zhifa.review.proposals import from_json

BLANK = [("", "—")]


class CheckForm(forms.Form):
    """The fields of the proposal JSON, as a form; ``proposal_json`` maps them back."""

    agency = forms.ModelChoiceField(
        label="执法主体", queryset=Agency.objects.none(), required=False
    )
    kind = forms.ChoiceField(label="决定类型", choices=DecisionKind.choices)
    penalty_types = forms.MultipleChoiceField(
        label="处罚种类",
        choices=list(PENALTY_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fine = forms.CharField(label="罚款金额（元）", max_length=20, required=False)
    confiscation = forms.CharField(label="没收金额或价值（元）", max_length=20, required=False)
    statutory_minimum_fine = forms.CharField(
        label="法定最低罚款数额（元）", max_length=20, required=False
    )
    party_kinds = forms.MultipleChoiceField(
        label="当事人类型",
        choices=PartyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    domain = forms.ChoiceField(label="执法领域", required=False)
    basis_level = forms.ChoiceField(label="依据层级", choices=BasisLevel.choices, required=False)
    power_item = forms.CharField(label="执法事项编码", max_length=60, required=False)
    enforcement_method = forms.ChoiceField(
        label="强制执行方式", choices=BLANK + list(EnforcementMethod.choices), required=False
    )
    hearing_required = forms.BooleanField(label="行政许可须经听证", required=False)
    hearing_held = forms.BooleanField(label="已经听证", required=False)
    flags = forms.MultipleChoiceField(
        label="情形",
        choices=MajorFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    flag_reason = forms.CharField(label="情形理由", max_length=500, required=False)
    decided_on = forms.DateField(
        label="拟决定日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="留空表示今天",
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        agency_field.queryset = restrict(Agency.objects.all(), user)
        domains = EnforcementDomain.objects.values_list("code", "name")
        self.fields["domain"].choices = BLANK + list(domains)  # type: ignore[attr-defined]

    def proposal_json(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        agency = data.pop("agency")
        reason = data.pop("flag_reason").strip()
        data["agency"] = agency.pk if agency else None
        data["flags"] = [{"code": code, "reason": reason} for code in data["flags"]]
        data["decided_on"] = data["decided_on"].isoformat() if data["decided_on"] else None
        for key in ("fine", "confiscation", "statutory_minimum_fine"):
            data[key] = data[key].strip() or None
        return data


class CheckView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        submitted = "kind" in request.GET
        initial = {"agency": user.agency_id}
        form = CheckForm(user, request.GET if submitted else None, initial=initial)
        context: dict[str, Any] = {"form": form}
        if submitted and form.is_valid():
            data = form.proposal_json()
            try:
                agency = resolve_agency(data["agency"], restrict(Agency.objects.all(), user))
                proposal = from_json(data, agency_id=agency.pk if agency else None)
            except ZhifaError as error:
                context["error"] = error.message
            else:
                context["assessment"] = assess(proposal)
        return render(request, "review/check.html", context)


urlpatterns: list[URLPattern] = [path("check/", CheckView.as_view(), name="check")]

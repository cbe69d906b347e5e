"""Pages for period rules, manual withdrawal and credit repair.

Everyone in the back office reads the period rules and the repair list of their scope. The
supervisor edits the rules, the publication approver withdraws items and decides repairs, and
the agency's staff record repair requests. The actions in ``zhifa.publicity.changes`` check
the capabilities again and write the audit entries.
"""

import datetime
import logging
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import EnforcementDomain
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.core.errors import ZhifaError
from zhifa.core.workdays import shanghai_date
from zhifa.publicity.changes import period_rules, repair, withdrawal
from zhifa.publicity.models import (
    CreditRepair,
    CreditRepairStatus,
    PeriodRule,
    Publication,
    PublicationKind,
    PublicationStatus,
)

logger = logging.getLogger(__name__)

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _show_error(form: forms.Form, error: ZhifaError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _today() -> datetime.date:
    return shanghai_date(timezone.now())


# --- Period rules ------------------------------------------------------------------------------


class PeriodRuleForm(forms.Form):
    code = forms.CharField(label="规则编码", max_length=60, help_text="英文字母、数字和连字符")
    kind = forms.ChoiceField(label="公示类别", choices=PublicationKind.choices)
    penalty_type = forms.ChoiceField(label="处罚种类", required=False)
    domain_code = forms.ChoiceField(label="执法领域", required=False)
    fine_up_to = forms.DecimalField(
        label="罚款不超过（元）",
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text="只适用于不超过此金额的罚款；留空表示不限金额",
    )
    min_months = forms.IntegerField(label="最短公示期（月）", min_value=0)
    max_months = forms.IntegerField(
        label="最长公示期（月）",
        required=False,
        min_value=0,
        help_text="留空表示按决定的禁止期限公示，且不短于最短公示期",
    )
    early_removal_allowed = forms.BooleanField(label="可提前停止公示（信用修复）", required=False)
    source = forms.CharField(label="依据", max_length=300)
    confirmed = forms.BooleanField(label="依据已核实", required=False)
    is_active = forms.BooleanField(label="启用", required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = [("", "所有处罚种类"), *PENALTY_LABELS.items()]
        self.fields["penalty_type"].choices = types  # type: ignore[attr-defined]
        domains: list[tuple[Any, str]] = [("", "所有执法领域")]
        domains += [(row.code, row.name) for row in EnforcementDomain.objects.order_by("code")]
        self.fields["domain_code"].choices = domains  # type: ignore[attr-defined]
        if editing:
            self.fields["code"].disabled = True

    def to_input(self) -> period_rules.PeriodRuleInput:
        return period_rules.PeriodRuleInput(**self.cleaned_data)


class PeriodRuleListView(CapabilityRequiredMixin, ListView):
    model = PeriodRule
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "publicity/changes/period_rule_list.html"

    def get_queryset(self) -> QuerySet[PeriodRule]:
        return PeriodRule.objects.order_by("kind", "penalty_type", "code")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: User = self.request.user  # type: ignore[assignment]
        context["can_edit"] = user.can(Capability.MANAGE_PUBLICATION_RULES)
        kinds = dict(PublicationKind.choices)
        domains = dict(EnforcementDomain.objects.values_list("code", "name"))
        for rule in context["object_list"]:
            rule.domain_name = domains.get(rule.domain_code, rule.domain_code)
            rule.kind_label = kinds.get(rule.kind, rule.kind)
            rule.penalty_label = PENALTY_LABELS.get(rule.penalty_type, rule.penalty_type)
        return context


class PeriodRuleEditView(CapabilityRequiredMixin, View):
    """Add a rule (no ``pk``) or change one."""

    required_capability = Capability.MANAGE_PUBLICATION_RULES
    fields = (
        "code",
        "kind",
        "penalty_type",
        "domain_code",
        "fine_up_to",
        "min_months",
        "max_months",
        "early_removal_allowed",
        "source",
        "confirmed",
        "is_active",
    )

    def _render(
        self, request: HttpRequest, form: PeriodRuleForm, rule: PeriodRule | None
    ) -> HttpResponse:
        title = f"修改公示期限规则 {rule.code}" if rule else "新增公示期限规则"
        return render(
            request, "publicity/changes/period_rule_form.html", {"form": form, "title": title}
        )

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        rule = get_object_or_404(PeriodRule, pk=pk) if pk is not None else None
        initial = (
            {name: getattr(rule, name) for name in self.fields} if rule else {"is_active": True}
        )
        return self._render(
            request, PeriodRuleForm(initial=initial, editing=rule is not None), rule
        )

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        rule = get_object_or_404(PeriodRule, pk=pk) if pk is not None else None
        # The code of an existing rule is fixed: the disabled field takes it from ``initial``.
        initial = {"code": rule.code} if rule is not None else None
        form = PeriodRuleForm(request.POST, initial=initial, editing=rule is not None)
        if not form.is_valid():
            return self._render(request, form, rule)
        user: User = request.user  # type: ignore[assignment]
        try:
            saved = period_rules.save_rule(user, rule, form.to_input())
        except ZhifaError as error:
            _show_error(form, error)
            return self._render(request, form, rule)
        messages.success(
            request, f"已保存公示期限规则 {saved.code}，此后批准发布的信息按新规则计算公示期限。"
        )
        return redirect("publicity:period_rule_list")


# --- Manual withdrawal -------------------------------------------------------------------------


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label="撤回理由",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="将在公示平台公开，请写明决定被变更、撤销、确认违法或确认无效的情况和文书",
    )
    triggered_on = forms.DateField(
        label="撤回事由发生日期",
        widget=DATE_INPUT,
        help_text="复议决定书送达或裁判生效等日期；应自该日起3个工作日内撤回",
    )


class WithdrawView(CapabilityRequiredMixin, View):
    required_capability = Capability.PUBLISH_DECISIONS

    def _render(
        self, request: HttpRequest, form: WithdrawalForm, publication: Publication
    ) -> HttpResponse:
        return render(
            request, "publicity/changes/withdraw.html", {"form": form, "publication": publication}
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        publication = scoped_get(Publication.objects.select_related("agency"), request.user, pk=pk)
        return self._render(
            request, WithdrawalForm(initial={"triggered_on": _today()}), publication
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        publication = scoped_get(Publication.objects.select_related("agency"), request.user, pk=pk)
        form = WithdrawalForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, publication)
        user: User = request.user  # type: ignore[assignment]
        try:
            done = withdrawal.withdraw(
                user, publication, form.cleaned_data["reason"], form.cleaned_data["triggered_on"]
            )
        except ZhifaError as error:
            _show_error(form, error)
            return self._render(request, form, publication)
        if done.status == PublicationStatus.EXCLUDED:
            messages.success(request, "该信息尚未发布，已改为不予公示并记录理由。")
        else:
            messages.success(request, "已撤回公示，公示平台只保留标题和撤回理由。")
        return redirect("publicity:withdraw", pk=pk)


# --- Credit repair -----------------------------------------------------------------------------


class RepairListView(CapabilityRequiredMixin, ListView):
    model = CreditRepair
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "publicity/changes/repair_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[CreditRepair]:
        queryset = CreditRepair.objects.select_related("publication", "publication__agency")
        status = self.request.GET.get("status", "")
        if status in CreditRepairStatus.values:
            queryset = queryset.filter(status=status)
        return restrict(queryset, self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: User = self.request.user  # type: ignore[assignment]
        context["can_record"] = user.can(Capability.MANAGE_PUBLICATIONS)
        context["statuses"] = CreditRepairStatus.choices
        context["status"] = self.request.GET.get("status", "")
        return context


class RepairRequestForm(forms.Form):
    publication = forms.IntegerField(widget=forms.HiddenInput, required=False)
    document_number = forms.CharField(
        label="行政处罚决定书文号",
        max_length=100,
        required=False,
        help_text="没有文号的事项，请从该公示事项的页面点击“登记信用修复”",
    )
    requested_on = forms.DateField(label="申请日期", widget=DATE_INPUT)
    grounds = forms.CharField(
        label="修复理由",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="例如：已履行处罚、已消除不良影响、未再发生同类违法行为",
    )


class RepairCreateView(CapabilityRequiredMixin, View):
    """Record a request for the publication named by ``?publication=<id>`` or by its 文号."""

    required_capability = Capability.MANAGE_PUBLICATIONS

    def _render(
        self, request: HttpRequest, form: RepairRequestForm, publication: Publication | None
    ) -> HttpResponse:
        context = {"form": form, "publication": publication}
        return render(request, "publicity/changes/repair_form.html", context)

    @staticmethod
    def _chosen(request: HttpRequest, value: object) -> Publication | None:
        """Return the publication picked by id, in the user's scope; 404 for any other id."""
        if value in (None, ""):
            return None
        try:
            pk = int(str(value))
        except ValueError:
            raise Http404("公示事项编号无效。") from None
        found: Publication = scoped_get(
            Publication.objects.select_related("agency"), request.user, pk=pk
        )
        return found

    def get(self, request: HttpRequest) -> HttpResponse:
        publication = self._chosen(request, request.GET.get("publication"))
        initial: dict[str, Any] = {"requested_on": _today()}
        if publication is not None:
            initial["publication"] = publication.pk
        return self._render(request, RepairRequestForm(initial=initial), publication)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RepairRequestForm(request.POST)
        chosen = self._chosen(request, request.POST.get("publication"))
        if not form.is_valid():
            return self._render(request, form, chosen)
        user: User = request.user  # type: ignore[assignment]
        try:
            publication = repair.find_publication(
                user, form.cleaned_data["publication"], form.cleaned_data["document_number"]
            )
            row = repair.record_request(
                user,
                publication,
                repair.RepairRequest(
                    requested_on=form.cleaned_data["requested_on"],
                    grounds=form.cleaned_data["grounds"],
                ),
            )
        except ZhifaError as error:
            _show_error(form, error)
            return self._render(request, form, chosen)
        messages.success(request, "已登记信用修复申请，待发布审核人员审核。")
        return redirect("publicity:repair_detail", pk=row.pk)


class RepairDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结论", choices=[("approve", "同意"), ("refuse", "不予同意")]
    )
    reason = forms.CharField(
        label="审核意见", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class RepairDetailView(CapabilityRequiredMixin, View):
    """Show a request with the period facts; the approver decides it here."""

    required_capability = Capability.VIEW_BACKOFFICE

    def _render(
        self, request: HttpRequest, row: CreditRepair, form: RepairDecisionForm
    ) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        publication = row.publication
        pending = row.status == CreditRepairStatus.PENDING
        context = {
            "row": row,
            "publication": publication,
            "form": form,
            "can_decide": pending and user.can(Capability.APPROVE_CREDIT_REPAIR),
            "obstacle": repair.refusal_reason(publication, _today()) if pending else "",
        }
        return render(request, "publicity/changes/repair_detail.html", context)

    def _row(self, request: HttpRequest, pk: int) -> CreditRepair:
        queryset = CreditRepair.objects.select_related(
            "publication", "publication__agency", "decided_by"
        )
        row: CreditRepair = scoped_get(queryset, request.user, pk=pk)
        return row

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, self._row(request, pk), RepairDecisionForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = self._row(request, pk)
        user: User = request.user  # type: ignore[assignment]
        if not user.can(Capability.APPROVE_CREDIT_REPAIR):
            messages.error(request, "您的角色没有“审核信用修复”权限。")
            return redirect("publicity:repair_detail", pk=pk)
        form = RepairDecisionForm(request.POST)
        if not form.is_valid():
            return self._render(request, row, form)
        approve = form.cleaned_data["decision"] == "approve"
        try:
            repair.decide(user, row, approve, form.cleaned_data["reason"])
        except ZhifaError as error:
            _show_error(form, error)
            return self._render(request, row, form)
        messages.success(
            request, "已同意信用修复，该信息已停止公示。" if approve else "已不予同意信用修复。"
        )
        return redirect("publicity:repair_detail", pk=pk)


urlpatterns: list[URLPattern] = [
    path("period-rules/", PeriodRuleListView.as_view(), name="period_rule_list"),
    path("period-rules/new/", PeriodRuleEditView.as_view(), name="period_rule_create"),
    path("period-rules/<int:pk>/edit/", PeriodRuleEditView.as_view(), name="period_rule_edit"),
    path("publications/<int:pk>/withdraw/", WithdrawView.as_view(), name="withdraw"),
    path("credit-repairs/", RepairListView.as_view(), name="repair_list"),
    path("credit-repairs/new/", RepairCreateView.as_view(), name="repair_create"),
    path("credit-repairs/<int:pk>/", RepairDetailView.as_view(), name="repair_detail"),
]

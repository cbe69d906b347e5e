"""Pages of the publication scope rules (公示范围规则): everyone reads, the supervisor edits."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import EnforcementDomain
from zhifa.backoffice.mixins import CapabilityRequiredMixin
from zhifa.core.errors import ZhifaError
from zhifa.publicity.drafting.conditions import CONDITIONS
from zhifa.publicity.drafting.forms import RuleForm
from zhifa.publicity.drafting.rule_actions import EDITABLE, RuleInput, change_rule
from zhifa.publicity.models import PublicationKind, PublicationRule


def domain_names() -> dict[str, str]:
    return dict(EnforcementDomain.objects.values_list("code", "name"))


def domain_label(code: str, names: dict[str, str]) -> str:
    """Return the domain's name; the code only when no registered domain has it."""
    if not code:
        return "全部"
    return names.get(code) or f"{code}（未登记的执法领域）"


class RuleListView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE
    http_method_names = ["get"]

    def get(self, request: HttpRequest) -> HttpResponse:
        rules = PublicationRule.objects.order_by("position", "code")
        domains = domain_names()
        rows = [
            {
                "rule": rule,
                "kind": PublicationKind(rule.kind).label if rule.kind else "全部",
                "domain": domain_label(rule.domain_code, domains),
                "condition": CONDITIONS.get(rule.condition, (rule.condition,))[0],
            }
            for rule in rules
        ]
        user: User = request.user  # type: ignore[assignment]
        can_edit = user.can(Capability.MANAGE_PUBLICATION_RULES)
        return render(
            request, "publicity/rules/rule_list.html", {"rows": rows, "can_edit": can_edit}
        )


class RuleEditView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_PUBLICATION_RULES

    def load(self, pk: int) -> PublicationRule:
        rule = PublicationRule.objects.filter(pk=pk).first()
        if rule is None:
            raise Http404("公示范围规则不存在。")
        return rule

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        rule = self.load(pk)
        form = RuleForm(initial={name: getattr(rule, name) for name in EDITABLE})
        return self.render_form(request, rule, form)

    def render_form(
        self, request: HttpRequest, rule: PublicationRule, form: RuleForm
    ) -> HttpResponse:
        domain = domain_label(rule.domain_code, domain_names())
        context = {"rule": rule, "form": form, "domain": domain}
        return render(request, "publicity/rules/rule_form.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        rule = self.load(pk)
        form = RuleForm(request.POST)
        if form.is_valid():
            user: User = request.user  # type: ignore[assignment]
            try:
                change_rule(user, rule.pk, RuleInput(**form.cleaned_data))
            except ZhifaError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, "已保存公示范围规则。")
                return redirect("publicity:rule_list")
        return self.render_form(request, rule, form)


urlpatterns: list[URLPattern] = [
    path("publication-rules/", RuleListView.as_view(), name="rule_list"),
    path("publication-rules/<int:pk>/edit/", RuleEditView.as_view(), name="rule_edit"),
]

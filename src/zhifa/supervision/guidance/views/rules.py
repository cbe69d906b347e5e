"""Pages of the rules register: the bureau's matrix, an agency's rules, registering, rule types."""

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.core.errors import ZhifaError
from zhifa.supervision.guidance.actions import rule_files
from zhifa.supervision.guidance.actions import rules as rule_actions
from zhifa.supervision.guidance.forms import AgencyRuleForm, RuleTypeForm
from zhifa.supervision.guidance.models import AgencyRule, RuleType
from zhifa.supervision.guidance.register import adoption
from zhifa.supervision.guidance.views._forms import show_error

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MatrixRow:
    agency: Agency
    cells: list[AgencyRule | None]
    adopted: int
    required: int

    @property
    def lacking(self) -> int:
        return self.required - self.adopted


def register_matrix(user: User) -> tuple[list[RuleType], list[MatrixRow]]:
    """Return the required rule types and, per agency in scope, its current rule of each."""
    types = list(RuleType.objects.filter(required=True))
    agencies = list(restrict(Agency.objects.all(), user))
    current = AgencyRule.objects.filter(agency__in=agencies, rule_type__in=types, is_current=True)
    by_key = {(rule.agency_id, rule.rule_type_id): rule for rule in current}
    counts = adoption([agency.pk for agency in agencies], timezone.localdate())

    rows = []
    for agency in agencies:
        cells = [by_key.get((agency.pk, rule_type.pk)) for rule_type in types]
        count = counts[agency.pk]
        rows.append(MatrixRow(agency, cells, count.adopted, count.required))
    return types, rows


class RuleRegisterView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        types, rows = register_matrix(user)
        context = {
            "types": types,
            "rows": rows,
            "lacking_agencies": sum(1 for row in rows if row.lacking),
            "can_edit_types": user.can(Capability.EDIT_RULE_PARAMETERS),
        }
        return render(request, "guidance/rule_register.html", context)


class AgencyRulesView(CapabilityRequiredMixin, View):
    """One agency's rules, current and superseded, with the form to register a new one."""

    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest, agency_pk: int) -> HttpResponse:
        return self.show(request, agency_pk, AgencyRuleForm())

    def post(self, request: HttpRequest, agency_pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        form = AgencyRuleForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(request, agency_pk, form, status=400)
        try:
            rule_actions.register_agency_rule(
                user, agency_pk, form.to_input(), form.cleaned_data.get("file")
            )
        except ZhifaError as error:
            show_error(form, error)
            return self.show(request, agency_pk, form, status=error.status)
        messages.success(request, "制度已登记；同类旧版本已标记为被替代，历史版本保留。")
        return redirect("guidance:agency_rules", agency_pk=agency_pk)

    def show(
        self, request: HttpRequest, agency_pk: int, form: AgencyRuleForm, status: int = 200
    ) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        agency = scoped_get(Agency.objects.all(), user, pk=agency_pk)
        rules = AgencyRule.objects.filter(agency=agency).select_related("rule_type")
        context: dict[str, Any] = {
            "agency": agency,
            "current": [rule for rule in rules if rule.is_current],
            "history": [rule for rule in rules if not rule.is_current],
            "missing": RuleType.objects.filter(required=True).exclude(adoptions__agency=agency),
            "form": form,
            "can_register": user.can(Capability.REGISTER_AGENCY_RULES),
        }
        return render(request, "guidance/agency_rules.html", context, status=status)


class AgencyRuleDetailView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        queryset = AgencyRule.objects.select_related("agency", "rule_type", "superseded_by")
        rule = scoped_get(queryset, request.user, pk=pk)
        return render(request, "guidance/agency_rule_detail.html", {"rule": rule})


class AgencyRuleFileView(CapabilityRequiredMixin, View):
    """Download a rule's file after the scope check; each download is audited."""

    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        rule = scoped_get(AgencyRule.objects.all(), request.user, pk=pk)
        name = rule.file.name or ""
        # Only names the register action wrote are served, never a path that climbs out.
        if not name.startswith(rule_actions.RULE_FOLDER) or ".." in name or "\\" in name:
            raise Http404("该制度未上传文件。")
        try:
            handle = rule.file.storage.open(name, "rb")
        except FileNotFoundError:
            logger.error("file %s of agency rule %s is missing", name, rule.pk)
            raise Http404("制度文件缺失，请联系系统管理员。") from None

        with transaction.atomic():
            audit.record(
                "agency_rule_file_downloaded",
                actor=request.user,  # type: ignore[arg-type]
                target=rule,
                agency_id=rule.agency_id,
                request=request,
                detail={"digest": rule.file_digest},
            )
        response = FileResponse(handle, content_type=rule.content_type)
        download_name = rule.file_name or name.rsplit("/", 1)[-1]
        kind = rule_files.KINDS.get(rule.content_type)
        if kind is not None:
            # A row stored before names were matched to the content may still contain fake.pdf.
            download_name = rule_files.name_for_kind(download_name, kind)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(download_name)}"
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class RuleTypeListView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        context = {
            "types": RuleType.objects.all(),
            "can_edit": user.can(Capability.EDIT_RULE_PARAMETERS),
        }
        return render(request, "guidance/rule_type_list.html", context)


class RuleTypeEditView(CapabilityRequiredMixin, View):
    """Add a rule type (no ``pk``) or change one."""

    required_capability = Capability.EDIT_RULE_PARAMETERS

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        rule_type = self.rule_type(pk)
        initial: dict[str, Any] = {"sort_order": 100, "required": True}
        if rule_type is not None:
            initial = {
                "name": rule_type.name,
                "description": rule_type.description,
                "source": rule_type.source,
                "required": rule_type.required,
                "confirmed": rule_type.confirmed,
                "sort_order": rule_type.sort_order,
            }
        return self.show(request, rule_type, RuleTypeForm(initial=initial))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        rule_type = self.rule_type(pk)
        form = RuleTypeForm(request.POST)
        if not form.is_valid():
            return self.show(request, rule_type, form)
        try:
            rule_actions.save_rule_type(request.user, pk, form.to_input())  # type: ignore[arg-type]
        except ZhifaError as error:
            show_error(form, error)
            return self.show(request, rule_type, form)
        messages.success(request, "执法制度类型已保存。")
        return redirect("guidance:rule_type_list")

    def rule_type(self, pk: int | None) -> RuleType | None:
        if pk is None:
            return None
        found = RuleType.objects.filter(pk=pk).first()
        if found is None:
            raise Http404("制度类型不存在。")
        return found

    def show(
        self, request: HttpRequest, rule_type: RuleType | None, form: RuleTypeForm
    ) -> HttpResponse:
        return render(
            request, "guidance/rule_type_form.html", {"rule_type": rule_type, "form": form}
        )

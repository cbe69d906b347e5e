"""Back-office pages of the guiding-case library: list, detail, writing and publishing."""

import hashlib
import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import ListView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict, scope_for
from zhifa.agencies.models import EnforcementDomain
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.cases.models import Case
from zhifa.core.errors import ZhifaError
from zhifa.supervision.guidance.actions import explained, guiding_cases
from zhifa.supervision.guidance.forms import CaseNumberForm, GuidingCaseForm, ReasonForm
from zhifa.supervision.guidance.models import GuidingCase, GuidingCaseKind, GuidingCaseStatus
from zhifa.supervision.guidance.views._forms import show_error

GUIDING_CASES_PER_PAGE = 30
MAX_QUERY_LENGTH = 50


def visible_guiding_cases(user: User) -> QuerySet[GuidingCase]:
    """Return the library for everyone, plus drafts and withdrawn cases for the bureau.

    Library cases are masked and meant for every agency, so they are not narrowed to the
    reader's agency.
    """
    queryset = GuidingCase.objects.select_related("domain", "agency")
    if user.can(Capability.MANAGE_GUIDING_CASES):
        return restrict(queryset, user)
    return queryset.filter(status=GuidingCaseStatus.IN_LIBRARY)


class GuidingCaseListView(CapabilityRequiredMixin, ListView):
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "guidance/guiding_case_list.html"
    paginate_by = GUIDING_CASES_PER_PAGE
    context_object_name = "guiding_cases"

    def get_queryset(self) -> QuerySet[GuidingCase]:
        queryset = visible_guiding_cases(self.request.user)  # type: ignore[arg-type]
        params = self.request.GET
        if params.get("kind") in GuidingCaseKind.values:
            queryset = queryset.filter(kind=params["kind"])
        domain = params.get("domain", "")
        if domain.isdigit():
            queryset = queryset.filter(domain_id=int(domain))
        query = params.get("q", "").strip()[:MAX_QUERY_LENGTH]
        if query:
            queryset = queryset.filter(Q(title__icontains=query) | Q(summary__icontains=query))
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: User = self.request.user  # type: ignore[assignment]
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "query_string": query.urlencode(),
                "params": self.request.GET,
                "kind_options": GuidingCaseKind.choices,
                "domain_options": EnforcementDomain.objects.all(),
                "can_manage": user.can(Capability.MANAGE_GUIDING_CASES),
                "select_form": CaseNumberForm(),
            }
        )
        return context


class GuidingCaseDetailView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        guiding = visible_guiding_cases(user).filter(pk=pk).first()
        if guiding is None:
            raise Http404("指导案例不存在或尚未入库。")
        can_manage = user.can(Capability.MANAGE_GUIDING_CASES)
        context = {
            "guiding": guiding,
            "can_manage": can_manage,
            "can_see_case": scope_for(user).includes(guiding.agency_id),
            "history": list(guiding.explained_versions.all()) if can_manage else [],
            "public_now": guiding.explained_versions.filter(unpublished_at__isnull=True).first(),
            "editable": guiding.status in guiding_cases.EDITABLE,
            "reason_form": ReasonForm(),
        }
        return render(request, "guidance/guiding_case_detail.html", context)


class SelectCaseView(CapabilityRequiredMixin, View):
    """Find a closed case by its number and open the writing form for it."""

    required_capability = Capability.MANAGE_GUIDING_CASES

    def get(self, request: HttpRequest) -> HttpResponse:
        form = CaseNumberForm(request.GET)
        if not form.is_valid():
            messages.error(request, "请填写已结案案件的案号。")
            return redirect("guidance:guiding_case_list")
        number = form.cleaned_data["number"].strip()
        case = restrict(Case.objects.all(), request.user).filter(number=number).first()
        if case is None:
            messages.error(request, f"未找到案号为“{number}”的案件，请核对案号。")
            return redirect("guidance:guiding_case_list")
        return redirect("guidance:guiding_case_create", case_pk=case.pk)


def _input_digest(form: GuidingCaseForm) -> str:
    """Return a digest of the submitted texts, to tell whether they changed after the preview."""
    data = form.to_input()
    payload = json.dumps(data.__dict__, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


class _WriteView(CapabilityRequiredMixin, View):
    """Write or edit a guiding case: preview the masking side by side, then save."""

    required_capability = Capability.MANAGE_GUIDING_CASES
    template_name = "guidance/guiding_case_form.html"

    def source_case(self, request: HttpRequest, **kwargs: Any) -> Case:
        raise NotImplementedError

    def save(self, user: User, form: GuidingCaseForm, **kwargs: Any) -> GuidingCase:
        raise NotImplementedError

    def initial(self, **kwargs: Any) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        case = self.source_case(request, **kwargs)
        form = GuidingCaseForm(initial=self.initial(**kwargs))
        return self.render(request, case, form, None, "")

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        case = self.source_case(request, **kwargs)
        form = GuidingCaseForm(request.POST)
        if not form.is_valid():
            return self.render(request, case, form, None, "")
        digest = _input_digest(form)
        try:
            masked_preview = guiding_cases.preview(user, case.pk, form.to_input())
        except ZhifaError as error:
            show_error(form, error)
            return self.render(request, case, form, None, "")

        # Saving needs a preview of exactly these texts, so the bureau has seen the masking.
        if request.POST.get("action") != "save" or request.POST.get("previewed") != digest:
            return self.render(request, case, form, masked_preview, digest)
        try:
            guiding = self.save(user, form, **kwargs)
        except ZhifaError as error:
            show_error(form, error)
            return self.render(request, case, form, masked_preview, digest)
        messages.success(request, "指导案例已保存，文字均为隐名处理后的内容。")
        return redirect("guidance:guiding_case_detail", pk=guiding.pk)

    def render(
        self,
        request: HttpRequest,
        case: Case,
        form: GuidingCaseForm,
        masked_preview: guiding_cases.GuidingCasePreview | None,
        digest: str,
    ) -> HttpResponse:
        context = {"case": case, "form": form, "preview": masked_preview, "previewed": digest}
        return render(request, self.template_name, context)


class GuidingCaseCreateView(_WriteView):
    def source_case(self, request: HttpRequest, **kwargs: Any) -> Case:
        return scoped_get(Case.objects.select_related("agency"), request.user, pk=kwargs["case_pk"])

    def save(self, user: User, form: GuidingCaseForm, **kwargs: Any) -> GuidingCase:
        return guiding_cases.create_guiding_case(user, kwargs["case_pk"], form.to_input())


class GuidingCaseEditView(_WriteView):
    def guiding(self, request: HttpRequest, pk: int) -> GuidingCase:
        return scoped_get(GuidingCase.objects.select_related("source_case"), request.user, pk=pk)

    def source_case(self, request: HttpRequest, **kwargs: Any) -> Case:
        return self.guiding(request, kwargs["pk"]).source_case

    def initial(self, **kwargs: Any) -> dict[str, Any]:
        guiding = self.guiding(self.request, kwargs["pk"])
        return {
            "kind": guiding.kind,
            "title": guiding.title,
            "domain": guiding.domain_id,
            "issue_tags": "、".join(guiding.issue_tags),
            "summary": guiding.summary,
            "facts": guiding.facts,
            "reasoning": guiding.reasoning,
            "key_points": guiding.key_points,
            "extra_masks": "\n".join(guiding.extra_masks),
        }

    def save(self, user: User, form: GuidingCaseForm, **kwargs: Any) -> GuidingCase:
        return guiding_cases.update_guiding_case(user, kwargs["pk"], form.to_input())


class GuidingCaseStepView(CapabilityRequiredMixin, View):
    """Release, withdraw, publish on the portal or unpublish; one POST each."""

    required_capability = Capability.MANAGE_GUIDING_CASES
    http_method_names = ["post"]
    step = ""
    done = {
        "release": "指导案例已入库，各执法单位均可查阅。",
        "withdraw": "指导案例已撤出案例库。",
        "publish": "已在门户网站“以案释法”栏目发布。",
        "unpublish": "已从门户网站“以案释法”栏目撤下，发布记录保留。",
    }

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        reason = request.POST.get("reason", "")
        try:
            if self.step == "release":
                guiding_cases.release_guiding_case(user, pk)
            elif self.step == "withdraw":
                guiding_cases.withdraw_guiding_case(user, pk, reason)
            elif self.step == "publish":
                explained.publish_on_portal(user, pk)
            elif self.step == "unpublish":
                explained.unpublish_from_portal(user, pk, reason)
            else:
                raise PermissionDenied("未知的操作。")
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.done[self.step])
        return redirect("guidance:guiding_case_detail", pk=pk)

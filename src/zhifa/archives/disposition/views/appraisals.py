"""Pages of appraisals: the list, opening one, the detail page where it is filled in and decided."""

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.archives.casefiles.models import CaseFile
from zhifa.archives.disposition import due
from zhifa.archives.disposition.actions import appraisals as actions
from zhifa.archives.disposition.actions._common import EDITABLE
from zhifa.archives.disposition.forms import (
    ApproveForm,
    EditAppraisalForm,
    OpenAppraisalForm,
    ReturnForm,
    VerdictForm,
)
from zhifa.archives.disposition.models import (
    Appraisal,
    AppraisalKind,
    AppraisalStatus,
    Verdict,
)
from zhifa.archives.disposition.views._common import attach_holds, posted_ids, show_error
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.core.errors import InvalidTransition, ZhifaError

APPRAISALS_PER_PAGE = 30
MAX_CANDIDATES = 300


def acting(request: HttpRequest) -> User:
    """Return the logged-in user; the capability mixin has turned anonymous users away."""
    return cast(User, request.user)


class AppraisalListView(CapabilityRequiredMixin, ListView):
    required_capability = Capability.VIEW_ARCHIVES
    template_name = "disposition/appraisal_list.html"
    paginate_by = APPRAISALS_PER_PAGE
    context_object_name = "appraisals"

    def get_queryset(self) -> QuerySet[Appraisal]:
        queryset = Appraisal.objects.select_related("agency", "created_by", "decided_by")
        return (
            restrict(queryset, self.request.user)
            .annotate(
                entry_count=Count("entries"),
                destroyed_count=Count("entries", filter=Q(entries__destroyed_at__isnull=False)),
            )
            .order_by("-created_at", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_appraise"] = acting(self.request).can(Capability.APPRAISE_ARCHIVES)
        return context


class AppraisalCreateView(CapabilityRequiredMixin, View):
    required_capability = Capability.APPRAISE_ARCHIVES

    def get(self, request: HttpRequest) -> HttpResponse:
        kind = request.GET.get("kind", AppraisalKind.CASE_FILES)
        form = OpenAppraisalForm(initial={"kind": kind})
        return render(request, "disposition/appraisal_form.html", {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = OpenAppraisalForm(request.POST)
        if form.is_valid():
            try:
                appraisal = actions.open_appraisal(
                    acting(request),
                    form.cleaned_data["kind"],
                    form.cleaned_data["group_members"],
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, "已发起鉴定，请加入到期的档案。")
                return redirect("disposition:appraisal_detail", pk=appraisal.pk)
        return render(request, "disposition/appraisal_form.html", {"form": form}, status=400)


class AppraisalDetailView(CapabilityRequiredMixin, View):
    """The appraisal with its entries; each form on the page posts an ``action`` name."""

    required_capability = Capability.VIEW_ARCHIVES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.show(request, pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        handlers: dict[str, Callable[[HttpRequest, int], HttpResponse]] = {
            "edit": self.edit,
            "add": self.add,
            "verdict": self.verdict,
            "remove": self.remove,
            "submit": self.submit,
            "approve": self.approve,
            "return": self.send_back,
        }
        handler = handlers.get(request.POST.get("action", ""))
        if handler is None:
            messages.error(request, "无法识别的操作，请刷新页面后重试。")
            return redirect("disposition:appraisal_detail", pk=pk)
        # The appraisal must be visible to the user before any action runs (404 otherwise).
        scoped_get(Appraisal.objects.all(), request.user, pk=pk)
        return handler(request, pk)

    def run(
        self,
        request: HttpRequest,
        pk: int,
        form: forms.Form | None,
        call: Callable[[], Any],
        success: str,
        slot: str,
    ) -> HttpResponse:
        """Run an action; on an error show the page again with the bound ``form`` in ``slot``."""
        try:
            call()
        except InvalidTransition as error:
            # The appraisal moved on (approved twice, or by someone else): show why on the page.
            messages.error(request, error.message)
            return redirect("disposition:appraisal_detail", pk=pk)
        except ZhifaError as error:
            if form is None:
                messages.error(request, error.message)
                return self.show(request, pk, status=error.status)
            show_error(form, error)
            return self.show(request, pk, {slot: form}, status=error.status)
        messages.success(request, success)
        return redirect("disposition:appraisal_detail", pk=pk)

    def edit(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = EditAppraisalForm(request.POST)
        if not form.is_valid():
            return self.show(request, pk, {"edit_form": form}, status=400)
        data = form.cleaned_data
        return self.run(
            request,
            pk,
            form,
            lambda: actions.update_appraisal(
                acting(request), pk, data["group_members"], data["report"]
            ),
            "鉴定小组和鉴定报告已保存。",
            "edit_form",
        )

    def add(self, request: HttpRequest, pk: int) -> HttpResponse:
        ids = posted_ids(request, "ids")
        return self.run(
            request,
            pk,
            None,
            lambda: actions.add_entries(acting(request), pk, ids),
            f"已加入{len(ids)}项。",
            "",
        )

    def verdict(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = VerdictForm(request.POST)
        if not form.is_valid():
            return self.show(request, pk, {"verdict_form": form}, status=400)
        data = form.cleaned_data
        entry_ids = posted_ids(request, "entries")
        return self.run(
            request,
            pk,
            form,
            lambda: actions.record_verdicts(
                acting(request),
                pk,
                entry_ids,
                data["verdict"],
                data["reason"],
                new_retention_months=data["new_retention_months"],
                keep_permanently=data["keep_permanently"],
            ),
            f"已为{len(entry_ids)}个条目填写鉴定意见。",
            "verdict_form",
        )

    def remove(self, request: HttpRequest, pk: int) -> HttpResponse:
        [entry_pk, *_] = posted_ids(request, "entry") or [0]
        return self.run(
            request,
            pk,
            None,
            lambda: actions.remove_entry(acting(request), entry_pk),
            "已移出。",
            "",
        )

    def submit(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.run(
            request,
            pk,
            None,
            lambda: actions.submit_appraisal(acting(request), pk),
            "已提交负责人批准。",
            "",
        )

    def approve(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = ApproveForm(request.POST)
        if not form.is_valid():
            return self.show(request, pk, {"approve_form": form}, status=400)
        note = form.cleaned_data["note"]
        return self.run(
            request,
            pk,
            form,
            lambda: actions.approve_appraisal(acting(request), pk, note),
            "已批准鉴定。延长保管的案卷已更新保管期限；销毁须由档案管理员另行执行。",
            "approve_form",
        )

    def send_back(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = ReturnForm(request.POST)
        if not form.is_valid():
            return self.show(request, pk, {"return_form": form}, status=400)
        reason = form.cleaned_data["reason"]
        return self.run(
            request,
            pk,
            form,
            lambda: actions.return_appraisal(acting(request), pk, reason),
            "已退回鉴定。",
            "return_form",
        )

    def show(
        self,
        request: HttpRequest,
        pk: int,
        bound: dict[str, forms.Form] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        appraisal = scoped_get(
            Appraisal.objects.select_related("agency", "created_by", "decided_by"), user, pk=pk
        )
        context = detail_context(user, appraisal)
        context.update(bound or {})
        return render(request, "disposition/appraisal_detail.html", context, status=status)


def detail_context(user: User, appraisal: Appraisal) -> dict[str, Any]:
    entries = list(
        appraisal.entries.select_related("case_file__case", "av_record", "destroyed_by").order_by(
            "pk"
        )
    )
    attach_holds(entries)
    editable = appraisal.status in EDITABLE and user.can(Capability.APPRAISE_ARCHIVES)
    context: dict[str, Any] = {
        "appraisal": appraisal,
        "entries": entries,
        "editable": editable,
        "can_decide": appraisal.status == AppraisalStatus.SUBMITTED
        and user.can(Capability.APPROVE_DESTRUCTION)
        and appraisal.created_by_id != user.pk,
        "can_destroy": appraisal.status == AppraisalStatus.APPROVED
        and user.can(Capability.APPRAISE_ARCHIVES)
        and any(e.verdict == Verdict.DESTROY and e.destroyed_at is None for e in entries),
        "edit_form": EditAppraisalForm(
            initial={"group_members": appraisal.group_members, "report": appraisal.report}
        ),
        "verdict_form": VerdictForm(),
        "approve_form": ApproveForm(),
        "return_form": ReturnForm(),
        "candidates": [],
    }
    if editable:
        context["candidates"] = candidates(appraisal)
    return context


def candidates(appraisal: Appraisal) -> list[Any]:
    """Due case files (with their holds) or routine AV records the appraisal may add.

    NOTE: only the first ``MAX_CANDIDATES`` are offered; the rest can be added after those.
    """
    today = timezone.localdate()
    if appraisal.kind == AppraisalKind.ROUTINE_AV:
        return due.due_av_records(appraisal.agency, today)[:MAX_CANDIDATES]
    files = due.due_case_files(CaseFile.objects.filter(agency_id=appraisal.agency_id), today)
    return [row for row in due.with_holds(files[:MAX_CANDIDATES]) if row.appraisal is None]

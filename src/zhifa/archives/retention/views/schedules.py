"""Pages of retention schedules: the list, one version with its categories, and decisions."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.archives import periods
from zhifa.archives.retention import categories, schedules
from zhifa.archives.retention.forms import ApproveForm, CategoryForm, ReturnForm, SubmitForm
from zhifa.archives.retention.models import RetentionCategory, RetentionSchedule, ScheduleStatus
from zhifa.archives.retention.views._common import show_error
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.cases.models import CaseKind
from zhifa.core.chinese_dates import chinese_date
from zhifa.core.errors import InvalidTransition, NotPermitted, ZhifaError

KIND_LABELS = dict(CaseKind.choices)


def describe(category: RetentionCategory) -> dict[str, Any]:
    kinds = "、".join(KIND_LABELS.get(kind, kind) for kind in category.case_kinds)
    return {
        "row": category,
        "kinds": kinds or "全部类型",
        "period": periods.label(category.retention_months),
    }


class ScheduleListView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_ARCHIVES

    def get(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        rows = restrict(RetentionSchedule.objects.select_related("agency"), user)
        context = {
            "template": rows.filter(agency__isnull=True).first(),
            "submitted": rows.filter(status=ScheduleStatus.SUBMITTED),
            "schedules": rows.filter(agency__isnull=False).order_by("agency__name", "-version"),
            "can_draft": user.can(Capability.MANAGE_RETENTION_SCHEDULE),
        }
        return render(request, "retention/schedule_list.html", context)

    def post(self, request: HttpRequest) -> HttpResponse:
        """Start the next draft version of the user's agency."""
        try:
            draft = schedules.start_draft(request.user)  # type: ignore[arg-type]
        except ZhifaError as error:
            messages.error(request, error.message)
            return redirect("retention:schedule_list")
        messages.success(request, f"已新建第{draft.version}版草稿。")
        return redirect("retention:schedule_detail", pk=draft.pk)


class ScheduleDetailView(CapabilityRequiredMixin, View):
    """One version; its POST runs the step named by ``op`` and shows the form again on error."""

    required_capability = Capability.VIEW_ARCHIVES
    FORMS: dict[str, type[forms.Form]] = {
        "add_category": CategoryForm,
        "submit": SubmitForm,
        "approve": ApproveForm,
        "return": ReturnForm,
    }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.show(request, pk, {})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        schedule = scoped_get(RetentionSchedule.objects.all(), user, pk=pk)
        op = request.POST.get("op", "")
        if op == "delete_category":
            return self.delete_category(request, schedule)
        form_class = self.FORMS.get(op)
        if form_class is None:
            messages.error(request, "无法识别的操作，请刷新页面后重试。")
            return redirect("retention:schedule_detail", pk=pk)
        form = form_class(request.POST)
        if not form.is_valid():
            return self.show(request, pk, {op: form}, status=400)
        try:
            done = self.run(user, schedule, op, form)
        except (InvalidTransition, NotPermitted) as error:
            # The version changed state meanwhile (approved twice, say): the form cannot help.
            messages.error(request, error.message)
            return redirect("retention:schedule_detail", pk=pk)
        except ZhifaError as error:
            show_error(form, error)
            return self.show(request, pk, {op: form}, status=error.status)
        messages.success(request, done)
        return redirect("retention:schedule_detail", pk=pk)

    def run(self, user: User, schedule: RetentionSchedule, op: str, form: forms.Form) -> str:
        """Run the step ``op`` and return the success message describing it."""
        data = form.cleaned_data
        if isinstance(form, CategoryForm):
            category = categories.save_category(user, schedule, form.to_input())
            return f"已新增类目{category.code}。"
        if op == "submit":
            schedules.submit(user, schedule, data.get("note", ""))
            return "已报送区档案局审批。"
        if op == "approve":
            approved = schedules.approve(
                user, schedule, data["approval_number"], data["effective_from"]
            )
            effective = chinese_date(data["effective_from"])
            return f"已批准，第{approved.version}版自{effective}施行。"
        returned = schedules.return_schedule(user, schedule, data["reason"])
        return f"已退回第{returned.version}版，编制单位可按退回理由修改后重新报送。"

    def delete_category(self, request: HttpRequest, schedule: RetentionSchedule) -> HttpResponse:
        category = schedule.categories.filter(pk=request.POST.get("category", "0")).first()
        if category is None:
            messages.error(request, "类目不存在，请刷新页面。")
        else:
            try:
                categories.delete_category(request.user, category)  # type: ignore[arg-type]
            except ZhifaError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, f"已删除类目{category.code}。")
        return redirect("retention:schedule_detail", pk=schedule.pk)

    def show(
        self, request: HttpRequest, pk: int, bound: dict[str, forms.Form], status: int = 200
    ) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        schedule = scoped_get(
            RetentionSchedule.objects.select_related("agency", "created_by", "decided_by"),
            user,
            pk=pk,
        )
        editable = can_edit(user, schedule)
        decidable = (
            user.can(Capability.APPROVE_RETENTION_SCHEDULES)
            and schedule.status == ScheduleStatus.SUBMITTED
        )
        forms_by_op = {op: bound.get(op) or form_class() for op, form_class in self.FORMS.items()}
        context = {
            "schedule": schedule,
            "categories": [describe(category) for category in schedule.categories.all()],
            "editable": editable,
            "submittable": editable and not schedule.is_template,
            "decidable": decidable,
            "forms": forms_by_op,
        }
        return render(request, "retention/schedule_detail.html", context, status=status)


def can_edit(user: User, schedule: RetentionSchedule) -> bool:
    if schedule.is_template:
        return user.can(Capability.APPROVE_RETENTION_SCHEDULES)
    return (
        user.can(Capability.MANAGE_RETENTION_SCHEDULE)
        and user.agency_id == schedule.agency_id
        and schedule.status in categories.EDITABLE
    )


class CategoryEditView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_ARCHIVES

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        category = self.category(request, pk)
        return self.show(request, category, CategoryForm.for_category(category))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        category = self.category(request, pk)
        form = CategoryForm(request.POST)
        if form.is_valid():
            try:
                categories.save_category(
                    request.user,  # type: ignore[arg-type]
                    category.schedule,
                    form.to_input(),
                    category,
                )
            except ZhifaError as error:
                show_error(form, error)
                return self.show(request, category, form, status=error.status)
            messages.success(request, "类目已保存。")
            return redirect("retention:schedule_detail", pk=category.schedule_id)
        return self.show(request, category, form, status=400)

    def category(self, request: HttpRequest, pk: int) -> RetentionCategory:
        return scoped_get(RetentionCategory.objects.select_related("schedule"), request.user, pk=pk)

    def show(
        self,
        request: HttpRequest,
        category: RetentionCategory,
        form: CategoryForm,
        status: int = 200,
    ) -> HttpResponse:
        context = {"category": category, "schedule": category.schedule, "form": form}
        return render(request, "retention/category_form.html", context, status=status)

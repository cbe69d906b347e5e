"""Back-office pages of the power item list (权责清单)."""

import io
import logging
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views import View
from django.views.generic import ListView

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.backoffice.mixins import CapabilityRequiredMixin, ScopedQuerysetMixin, scoped_get
from zhifa.catalog import actions, importing
from zhifa.catalog.forms import (
    STATUS_ALL,
    STATUS_WITHDRAWN,
    PowerItemChangeForm,
    PowerItemFilterForm,
    PowerItemImportForm,
    PowerItemWithdrawForm,
)
from zhifa.catalog.models import PowerCategory, PowerItem, PowerItemVersion
from zhifa.catalog.queries import (
    not_withdrawn_before,
    search,
    with_current_version,
    with_latest_version,
    withdrawn_before,
)
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)

TEMPLATE_FILENAME = "权责清单导入模板.xlsx"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def show_error(form: Form, error: ZhifaError) -> None:
    """Attach an action's error to the form field it names, or to the form as a whole."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class PowerItemListView(ScopedQuerysetMixin, ListView):
    model = PowerItem
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "catalog/power_item_list.html"
    context_object_name = "items"
    paginate_by = 50

    def base_queryset(self) -> QuerySet[Any]:
        items = with_latest_version(PowerItem.objects.select_related("agency"))
        return with_current_version(items, timezone.localdate()).order_by(
            "agency__sort_order", "agency__name", "code"
        )

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        today = timezone.localdate()
        form = self.filter_form()
        if not form.is_valid():
            return not_withdrawn_before(queryset, today)
        status = form.cleaned_data["status"]
        if status == STATUS_WITHDRAWN:
            queryset = withdrawn_before(queryset, today)
        elif status != STATUS_ALL:
            queryset = not_withdrawn_before(queryset, today)
        if form.cleaned_data["agency"]:
            queryset = queryset.filter(agency=form.cleaned_data["agency"])
        if form.cleaned_data["category"]:
            queryset = queryset.filter(current_category=form.cleaned_data["category"])
        return search(queryset, form.cleaned_data["q"])

    def filter_form(self) -> PowerItemFilterForm:
        if not hasattr(self, "_filter_form"):
            agencies = restrict(Agency.objects.all(), self.request.user)
            self._filter_form = PowerItemFilterForm(self.request.GET or None, agencies=agencies)
        return self._filter_form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form()
        labels = dict(PowerCategory.choices)
        today = timezone.localdate()
        for item in context["items"]:
            item.current_category_label = labels.get(item.current_category, "")
            item.is_withdrawn = (
                item.latest_effective_to is not None and item.latest_effective_to < today
            )
        context["can_manage"] = self.request.user.can(  # type: ignore[union-attr]
            Capability.MANAGE_POWER_ITEMS
        )
        context["query_string"] = self._query_without_page()
        return context

    def _query_without_page(self) -> str:
        query = self.request.GET.copy()
        query.pop("page", None)
        return query.urlencode()


class PowerItemDetailView(CapabilityRequiredMixin, View):
    model = PowerItem
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = scoped_get(PowerItem.objects.select_related("agency"), request.user, pk=pk)
        today = timezone.localdate()
        versions = item.versions.select_related("domain", "created_by").order_by("-number")
        context = {
            "item": item,
            "current": item.version_on(today),
            "withdrawal": item.withdrawal(),
            "versions": versions,
            "today": today,
            "can_manage": request.user.can(Capability.MANAGE_POWER_ITEMS),  # type: ignore[union-attr]
        }
        return render(request, "catalog/power_item_detail.html", context)


class PowerItemWithdrawView(CapabilityRequiredMixin, View):
    model = PowerItem
    required_capability = Capability.MANAGE_POWER_ITEMS
    template_name = "catalog/power_item_withdraw.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = scoped_get(PowerItem.objects.select_related("agency"), request.user, pk=pk)
        return self._render(request, item, PowerItemWithdrawForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = scoped_get(PowerItem.objects.select_related("agency"), request.user, pk=pk)
        form = PowerItemWithdrawForm(request.POST)
        if form.is_valid():
            try:
                actions.withdraw_power_item(
                    request.user,  # type: ignore[arg-type]
                    item,
                    form.cleaned_data["effective_to"],
                    form.cleaned_data["reason"],
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                last_day = form.cleaned_data["effective_to"]
                messages.success(
                    request,
                    f"已废止 {item.code}：施行至 {date_format(last_day)}，"
                    "次日起不再列入施行中的权责清单。",
                )
                return redirect("catalog:power_item_detail", pk=item.pk)
        return self._render(request, item, form, status=400)

    def _render(
        self, request: HttpRequest, item: PowerItem, form: PowerItemWithdrawForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "item": item,
            "latest": item.latest_version(),
            "withdrawal": item.withdrawal(),
            "form": form,
        }
        return render(request, self.template_name, context, status=status)


class PowerItemChangeView(CapabilityRequiredMixin, View):
    model = PowerItem
    required_capability = Capability.MANAGE_POWER_ITEMS

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = scoped_get(PowerItem.objects.select_related("agency"), request.user, pk=pk)
        latest = item.latest_version()
        initial: dict[str, Any] = {}
        if latest is not None:
            initial = {
                "name": latest.name,
                "category": latest.category,
                "legal_basis": latest.legal_basis,
                "domain": latest.domain_id,
            }
        form = PowerItemChangeForm(initial=initial)
        return self._render(request, item, latest, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = scoped_get(PowerItem.objects.select_related("agency"), request.user, pk=pk)
        form = PowerItemChangeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            content = actions.PowerItemContent(
                data["name"], data["category"], data["legal_basis"], data["domain"]
            )
            try:
                version = actions.change_power_item(
                    request.user,  # type: ignore[arg-type]
                    item,
                    content,
                    effective_from=data["effective_from"],
                    change_reason=data["change_reason"],
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(
                    request,
                    f"已保存第{version.number}版，"
                    f"自 {date_format(version.effective_from)} 起施行。",
                )
                return redirect("catalog:power_item_detail", pk=item.pk)
        return self._render(request, item, item.latest_version(), form)

    @staticmethod
    def _render(
        request: HttpRequest,
        item: PowerItem,
        latest: PowerItemVersion | None,
        form: PowerItemChangeForm,
    ) -> HttpResponse:
        context = {"item": item, "latest": latest, "form": form}
        return render(request, "catalog/power_item_change.html", context)


class PowerItemImportView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_POWER_ITEMS
    template_name = "catalog/power_item_import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = PowerItemImportForm(agencies=self._agencies(request))
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PowerItemImportForm(request.POST, request.FILES, agencies=self._agencies(request))
        context: dict[str, Any] = {"form": form}
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = io.BytesIO(upload.read())
            content.name = upload.name
            try:
                result = actions.import_power_items(
                    request.user,  # type: ignore[arg-type]
                    form.cleaned_data["agency"],
                    content,
                    request=request,
                )
            except actions.PowerItemImportRejected as error:
                context["row_errors"] = error.errors
            except ZhifaError as error:
                show_error(form, error)
            else:
                context["result"] = result
                context["agency"] = form.cleaned_data["agency"]
        status = 400 if context.get("row_errors") or form.errors else 200
        return render(request, self.template_name, context, status=status)

    @staticmethod
    def _agencies(request: HttpRequest) -> QuerySet[Agency]:
        return restrict(Agency.objects.all(), request.user)


class PowerItemTemplateView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_POWER_ITEMS

    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(importing.template_workbook(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            'attachment; filename="power-items-template.xlsx"; '
            f"filename*=UTF-8''{quote(TEMPLATE_FILENAME)}"
        )
        return response

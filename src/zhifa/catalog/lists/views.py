"""Back-office pages of the ex-ante lists (事前公开清单)."""

import io
import logging
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views import View

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.backoffice.mixins import CapabilityRequiredMixin, scoped_get
from zhifa.catalog.lists import actions, importing, queries
from zhifa.catalog.lists.forms import (
    STATUS_ALL,
    STATUS_WITHDRAWN,
    ListEntryChangeForm,
    ListEntryCreateForm,
    ListEntryWithdrawForm,
    ListFilterForm,
    ListImportForm,
)
from zhifa.catalog.lists.schemas import SCHEMAS, ListSchema
from zhifa.catalog.models import ListEntry, ListEntryVersion, ListKind
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENTRIES_PER_PAGE = 50


def _show_error(form: Form, error: ZhifaError) -> None:
    """Attach an action's error to the form field it names, or to the form as a whole."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _schema_or_404(kind: str) -> ListSchema:
    schema = SCHEMAS.get(kind)
    if schema is None:
        raise Http404("没有这种事前公开清单。")
    return schema


def _agencies(request: HttpRequest) -> QuerySet[Agency]:
    return restrict(Agency.objects.all(), request.user).order_by("sort_order", "name")


def _can_manage(request: HttpRequest) -> bool:
    return bool(request.user.can(Capability.MANAGE_EX_ANTE_LISTS))  # type: ignore[union-attr]


def _entry(request: HttpRequest, pk: int) -> ListEntry:
    entry: ListEntry = scoped_get(ListEntry.objects.select_related("agency"), request.user, pk=pk)
    return entry


def _state_today(version: ListEntryVersion | None) -> queries.VersionState | None:
    return queries.version_state(version, timezone.localdate()) if version else None


def _version_rows(schema: ListSchema, version: ListEntryVersion) -> list[tuple[str, str]]:
    stored = version.content or {}
    return [(field.label, stored.get(field.key, "")) for field in schema.fields]


class ListHomeView(CapabilityRequiredMixin, View):
    """The six lists, with the entries each agency in the user's scope has in force or pending."""

    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        agencies = list(_agencies(request))
        counts = queries.counts_by_agency(restrict(ListEntry.objects.all(), request.user), today)
        kinds = list(ListKind)
        rows = [
            (agency, [counts.get(agency.pk, {}).get(kind, 0) for kind in kinds])
            for agency in agencies
        ]
        totals = [sum(row[1][index] for row in rows) for index in range(len(kinds))]
        context = {
            "kinds": [
                (kind.value, kind.label, total) for kind, total in zip(kinds, totals, strict=True)
            ],
            "rows": rows,
            "can_manage": _can_manage(request),
        }
        return render(request, "catalog/lists/home.html", context)


class ListEntriesView(CapabilityRequiredMixin, View):
    """One list's entries in the user's scope, filtered by agency, status and text."""

    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        schema = _schema_or_404(kind)
        today = timezone.localdate()
        form = ListFilterForm(request.GET or None, agencies=_agencies(request))
        entries = queries.with_versions(
            restrict(ListEntry.objects.filter(kind=kind).select_related("agency"), request.user),
            today,
        )
        entries = self._filtered(entries, form, today).order_by(
            "agency__sort_order", "agency__name", "code"
        )
        page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
        for entry in page.object_list:
            entry.is_withdrawn = (
                entry.latest_effective_to is not None and entry.latest_effective_to < today
            )
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "schema": schema,
            "kind": kind,
            "filter_form": form,
            "page_obj": page,
            "entries": page.object_list,
            "query_string": query.urlencode(),
            "can_manage": _can_manage(request),
            "today": today,
        }
        return render(request, "catalog/lists/entry_list.html", context)

    @staticmethod
    def _filtered(entries: QuerySet[Any], form: ListFilterForm, today: Any) -> QuerySet[Any]:
        if not form.is_valid():
            return queries.not_withdrawn_before(entries, today)
        status = form.cleaned_data["status"]
        if status == STATUS_WITHDRAWN:
            entries = queries.withdrawn_before(entries, today)
        elif status != STATUS_ALL:
            entries = queries.not_withdrawn_before(entries, today)
        if form.cleaned_data["agency"]:
            entries = entries.filter(agency=form.cleaned_data["agency"])
        return queries.search(entries, form.cleaned_data["q"])


class ListEntryDetailView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = _entry(request, pk)
        schema = _schema_or_404(entry.kind)
        today = timezone.localdate()
        versions = list(
            entry.versions.select_related("power_item", "created_by").order_by("-number")
        )
        for version in versions:
            version.rows = _version_rows(schema, version)  # type: ignore[attr-defined]
            version.state = queries.version_state(version, today)  # type: ignore[attr-defined]
        current = entry.version_on(today)
        context = {
            "entry": entry,
            "schema": schema,
            "current": next((each for each in versions if current and each.pk == current.pk), None),
            "pending": [
                each
                for each in versions
                if each.state.code == queries.PENDING  # type: ignore[attr-defined]
            ],
            "withdrawal": actions.withdrawal_of(entry),
            "versions": versions,
            "today": today,
            "can_manage": _can_manage(request),
        }
        return render(request, "catalog/lists/entry_detail.html", context)


class ListEntryCreateView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_EX_ANTE_LISTS
    template_name = "catalog/lists/entry_create.html"

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        schema = _schema_or_404(kind)
        form = ListEntryCreateForm(schema=schema, agencies=_agencies(request))
        return render(request, self.template_name, {"form": form, "schema": schema})

    def post(self, request: HttpRequest, kind: str) -> HttpResponse:
        schema = _schema_or_404(kind)
        form = ListEntryCreateForm(request.POST, schema=schema, agencies=_agencies(request))
        if form.is_valid():
            try:
                entry = actions.create_list_entry(
                    request.user,  # type: ignore[arg-type]
                    form.cleaned_data["agency"],
                    kind,
                    form.cleaned_data["code"],
                    form.content(),
                    effective_from=form.cleaned_data["effective_from"],
                    request=request,
                )
            except ZhifaError as error:
                _show_error(form, error)
            else:
                messages.success(request, f"已新增{schema.label}条目 {entry.code}。")
                return redirect("lists:entry_detail", pk=entry.pk)
        context = {"form": form, "schema": schema}
        return render(request, self.template_name, context, status=400)


class ListEntryChangeView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_EX_ANTE_LISTS
    template_name = "catalog/lists/entry_change.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = _entry(request, pk)
        schema = _schema_or_404(entry.kind)
        latest = entry.latest_version()
        form = ListEntryChangeForm(schema=schema, initial=ListEntryChangeForm.initial_of(latest))
        return self._render(request, entry, schema, latest, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = _entry(request, pk)
        schema = _schema_or_404(entry.kind)
        form = ListEntryChangeForm(request.POST, schema=schema)
        if form.is_valid():
            try:
                version = actions.change_list_entry(
                    request.user,  # type: ignore[arg-type]
                    entry,
                    form.content(),
                    effective_from=form.cleaned_data["effective_from"],
                    change_reason=form.cleaned_data["change_reason"],
                    request=request,
                )
            except ZhifaError as error:
                _show_error(form, error)
            else:
                messages.success(
                    request,
                    f"已保存第{version.number}版，"
                    f"自 {date_format(version.effective_from)} 起施行。",
                )
                return redirect("lists:entry_detail", pk=entry.pk)
        return self._render(request, entry, schema, entry.latest_version(), form, status=400)

    def _render(
        self,
        request: HttpRequest,
        entry: ListEntry,
        schema: ListSchema,
        latest: ListEntryVersion | None,
        form: ListEntryChangeForm,
        status: int = 200,
    ) -> HttpResponse:
        context = {
            "entry": entry,
            "schema": schema,
            "latest": latest,
            "latest_state": _state_today(latest),
            "form": form,
        }
        return render(request, self.template_name, context, status=status)


class ListEntryWithdrawView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_EX_ANTE_LISTS
    template_name = "catalog/lists/entry_withdraw.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = _entry(request, pk)
        return self._render(request, entry, ListEntryWithdrawForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = _entry(request, pk)
        form = ListEntryWithdrawForm(request.POST)
        if form.is_valid():
            last_day = form.cleaned_data["effective_to"]
            try:
                last = actions.withdraw_list_entry(
                    request.user,  # type: ignore[arg-type]
                    entry,
                    last_day,
                    form.cleaned_data["reason"],
                    request=request,
                )
            except ZhifaError as error:
                _show_error(form, error)
            else:
                never = last.effective_from > last_day
                messages.success(
                    request,
                    f"已废止 {entry.code}：施行至 {date_format(last_day)}，次日起不再公开。"
                    + ("尚未生效的新版本不再施行。" if never else ""),
                )
                return redirect("lists:entry_detail", pk=entry.pk)
        return self._render(request, entry, form, status=400)

    def _render(
        self, request: HttpRequest, entry: ListEntry, form: ListEntryWithdrawForm, status: int = 200
    ) -> HttpResponse:
        today = timezone.localdate()
        pending = [
            version
            for version in entry.versions.filter(effective_from__gt=today).order_by("number")
            if queries.version_state(version, today).code == queries.PENDING
        ]
        context = {
            "entry": entry,
            "schema": _schema_or_404(entry.kind),
            "current": entry.version_on(today),
            "pending": pending,
            "withdrawal": actions.withdrawal_of(entry),
            "form": form,
        }
        return render(request, self.template_name, context, status=status)


class ListImportView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_EX_ANTE_LISTS
    template_name = "catalog/lists/import.html"

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        schema = _schema_or_404(kind)
        form = ListImportForm(agencies=_agencies(request))
        return render(request, self.template_name, self._context(schema, form))

    def post(self, request: HttpRequest, kind: str) -> HttpResponse:
        schema = _schema_or_404(kind)
        form = ListImportForm(request.POST, request.FILES, agencies=_agencies(request))
        context = self._context(schema, form)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = io.BytesIO(upload.read())
            content.name = upload.name
            try:
                result = actions.import_list_entries(
                    request.user,  # type: ignore[arg-type]
                    form.cleaned_data["agency"],
                    kind,
                    content,
                    request=request,
                )
            except actions.ListImportRejected as error:
                context["row_errors"] = error.errors
            except ZhifaError as error:
                _show_error(form, error)
            else:
                context["result"] = result
                context["agency"] = form.cleaned_data["agency"]
        status = 400 if context.get("row_errors") or form.errors else 200
        return render(request, self.template_name, context, status=status)

    @staticmethod
    def _context(schema: ListSchema, form: ListImportForm) -> dict[str, Any]:
        columns = importing.columns_of(schema)
        return {"schema": schema, "form": form, "columns": columns}


class ListTemplateView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_EX_ANTE_LISTS

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        schema = _schema_or_404(kind)
        response = HttpResponse(importing.template_workbook(schema), content_type=XLSX_CONTENT_TYPE)
        filename = f"{schema.label}导入模板.xlsx"
        response["Content-Disposition"] = (
            f"attachment; filename=\"{kind}-template.xlsx\"; filename*=UTF-8''{quote(filename)}"
        )
        return response

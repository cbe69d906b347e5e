"""Pages of review catalogs and their filing, review procedures and the configurable lists."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict, scope_for
from zhifa.agencies.models import EnforcementDomain
from zhifa.backoffice.mixins import CapabilityRequiredMixin, ScopedQuerysetMixin, scoped_get
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.core.errors import ZhifaError
from zhifa.review.actions import catalogs as catalog_actions
from zhifa.review.actions import lists as list_actions
from zhifa.review.actions.procedures import ProcedureInput, procedure_in_force, record_procedure
from zhifa.review.catalogs import has_criterion, in_force
from zhifa.review.forms_catalogs import (
    CatalogCreateForm,
    CatalogForm,
    ChecklistForm,
    DecisionForm,
    EntryForm,
    MaterialForm,
    ProcedureForm,
)
from zhifa.review.models import (
    CatalogState,
    ChecklistItem,
    MaterialRequirement,
    ReviewCatalog,
    ReviewCatalogEntry,
    ReviewProcedure,
)

FORM_TEMPLATE = "review/catalogs/form.html"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _attempt(form: forms.BaseForm, call: Callable[[], Any]) -> Any:
    """Run an action; put its error on the form field it names and return None on failure."""
    try:
        return call()
    except ZhifaError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


def _form_page(
    request: HttpRequest, form: forms.BaseForm, title: str, back_url: str, status: int = 200
) -> HttpResponse:
    context = {"form": form, "title": title, "back_url": back_url}
    return render(request, FORM_TEMPLATE, context, status=status)


def _own_agency_id(request: HttpRequest) -> int:
    agency_id = _user(request).agency_id
    if agency_id is None:
        raise PermissionDenied("您的账号未关联执法主体，不能编制目录清单或工作程序。")
    return agency_id


# --- Catalogs ---------------------------------------------------------------------------------


class CatalogListView(CapabilityRequiredMixin, TemplateView):
    """An agency's versions; for the bureau, the overview of every agency's filing."""

    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "review/catalogs/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = _user(self.request)
        day = timezone.localdate()
        versions = restrict(ReviewCatalog.objects.select_related("agency"), user)
        is_bureau = user.can(Capability.ACCEPT_REVIEW_CATALOGS)
        if is_bureau:
            context["groups"] = catalog_actions.filing_overview(user, day)
            context["pending"] = versions.filter(state=CatalogState.FILED).order_by("filed_at")
        else:
            current = {agency_id: in_force(agency_id, day) for agency_id in scope_ids(versions)}
            context["versions"] = [
                (version, _standing(version, day, current.get(version.agency_id)))
                for version in versions.order_by("agency__sort_order", "agency_id", "-version")
            ]
        context["is_bureau"] = is_bureau
        context["can_create"] = user.can(Capability.MANAGE_REVIEW_CATALOG) and bool(user.agency_id)
        return context


def scope_ids(versions: QuerySet[ReviewCatalog]) -> set[int]:
    return set(versions.values_list("agency_id", flat=True))


def _standing(catalog: ReviewCatalog, day: Any, current: ReviewCatalog | None) -> str:
    return catalog_actions.standing(catalog, day, current)


class CatalogCreateView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_REVIEW_CATALOG

    def get(self, request: HttpRequest) -> HttpResponse:
        form = CatalogCreateForm(agency_id=_own_agency_id(request))
        return _form_page(request, form, "编制新版本目录清单", reverse("review:catalog_list"))

    def post(self, request: HttpRequest) -> HttpResponse:
        agency_id = _own_agency_id(request)
        form = CatalogCreateForm(request.POST, agency_id=agency_id)
        catalog = form.is_valid() and _attempt(
            form,
            lambda: catalog_actions.create_catalog(
                _user(request),
                agency_id,
                effective_from=form.cleaned_data["effective_from"],
                change_note=form.cleaned_data["change_note"],
                copy_from_id=getattr(form.cleaned_data["copy_from"], "pk", None),
                request=request,
            ),
        )
        if not catalog:
            return _form_page(
                request, form, "编制新版本目录清单", reverse("review:catalog_list"), 400
            )
        messages.success(request, f"已创建{catalog}，请添加审核事项后报送备案。")
        return redirect("review:catalog_detail", pk=catalog.pk)


class CatalogDetailView(ScopedQuerysetMixin, DetailView):
    model = ReviewCatalog
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "review/catalogs/detail.html"
    context_object_name = "catalog"

    def base_queryset(self) -> QuerySet[ReviewCatalog]:
        return ReviewCatalog.objects.select_related(
            "agency", "created_by", "filed_by", "decided_by"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        catalog: ReviewCatalog = self.object
        user = _user(self.request)
        day = timezone.localdate()
        context["standing"] = _standing(catalog, day, in_force(catalog.agency_id, day))
        names = dict(EnforcementDomain.objects.values_list("code", "name"))
        context["entries"] = [
            (
                entry,
                [PENALTY_LABELS.get(code, code) for code in entry.penalty_types],
                names.get(entry.domain_code, ""),
                has_criterion(entry),
            )
            for entry in catalog.entries.all()
        ]
        is_draft = catalog.state == CatalogState.DRAFT
        context["can_edit"] = is_draft and user.can(Capability.MANAGE_REVIEW_CATALOG)
        context["can_decide"] = catalog.state == CatalogState.FILED and user.can(
            Capability.ACCEPT_REVIEW_CATALOGS
        )
        context["decision_form"] = DecisionForm()
        return context


class CatalogUpdateView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_REVIEW_CATALOG
    model = ReviewCatalog

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        catalog = scoped_get(ReviewCatalog.objects.all(), request.user, pk=pk)
        initial = {"effective_from": catalog.effective_from, "change_note": catalog.change_note}
        return _form_page(request, CatalogForm(initial=initial), f"修改{catalog}", _detail(pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        catalog = scoped_get(ReviewCatalog.objects.all(), request.user, pk=pk)
        form = CatalogForm(request.POST)
        done = form.is_valid() and _attempt(
            form,
            lambda: catalog_actions.update_catalog(
                _user(request),
                catalog.pk,
                effective_from=form.cleaned_data["effective_from"],
                change_note=form.cleaned_data["change_note"],
                request=request,
            ),
        )
        if not done:
            return _form_page(request, form, f"修改{catalog}", _detail(pk), 400)
        messages.success(request, "已保存施行日期和修订说明。")
        return redirect(_detail(pk))


def _detail(pk: int) -> str:
    return reverse("review:catalog_detail", args=[pk])


def _entry_input(data: dict[str, Any]) -> catalog_actions.EntryInput:
    return catalog_actions.EntryInput(
        decision_kind=data["decision_kind"],
        description=data["description"],
        power_item_code=data["power_item_code"],
        domain_code=data["domain_code"],
        min_amount=data["min_amount"],
        penalty_types=list(data["penalty_types"]),
        other_criteria=data["other_criteria"],
        legal_source=data["legal_source"],
        sort_order=data["sort_order"] or 0,
        applies_to_all=data["applies_to_all"],
    )


class EntryCreateView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_REVIEW_CATALOG
    model = ReviewCatalog

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        catalog = scoped_get(ReviewCatalog.objects.all(), request.user, pk=pk)
        return _form_page(request, EntryForm(), f"{catalog}：添加审核事项", _detail(pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        catalog = scoped_get(ReviewCatalog.objects.all(), request.user, pk=pk)
        form = EntryForm(request.POST)
        entry = form.is_valid() and _attempt(
            form,
            lambda: catalog_actions.add_entry(
                _user(request), catalog.pk, _entry_input(form.cleaned_data), request=request
            ),
        )
        if not entry:
            return _form_page(request, form, f"{catalog}：添加审核事项", _detail(pk), 400)
        messages.success(request, f"已添加审核事项“{entry.description}”。")
        return redirect(_detail(pk))


class EntryUpdateView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_REVIEW_CATALOG
    model = ReviewCatalogEntry

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = scoped_get(ReviewCatalogEntry.objects.all(), request.user, pk=pk)
        initial = {
            name: getattr(entry, name) for name in EntryForm.base_fields if name != "applies_to_all"
        }
        initial["applies_to_all"] = not has_criterion(entry)
        title = f"修改审核事项“{entry.description}”"
        return _form_page(request, EntryForm(initial=initial), title, _detail(entry.catalog_id))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = scoped_get(ReviewCatalogEntry.objects.all(), request.user, pk=pk)
        form = EntryForm(request.POST)
        done = form.is_valid() and _attempt(
            form,
            lambda: catalog_actions.update_entry(
                _user(request), entry.pk, _entry_input(form.cleaned_data), request=request
            ),
        )
        if not done:
            title = f"修改审核事项“{entry.description}”"
            return _form_page(request, form, title, _detail(entry.catalog_id), 400)
        messages.success(request, "已保存审核事项。")
        return redirect(_detail(entry.catalog_id))


class _CatalogPost(CapabilityRequiredMixin, View):
    """A one-button action on a catalog or entry; errors come back as a message."""

    http_method_names = ["post"]
    success_message = ""

    def act(self, request: HttpRequest, pk: int) -> int:
        """Run the action and return the catalog id to show afterwards."""
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            catalog_id = self.act(request, pk)
        except ZhifaError as error:
            messages.error(request, error.message)
            catalog_id = self.catalog_id_of(request, pk)
        else:
            messages.success(request, self.success_message)
        return redirect(_detail(catalog_id))

    def catalog_id_of(self, request: HttpRequest, pk: int) -> int:
        return scoped_get(ReviewCatalog.objects.all(), request.user, pk=pk).pk


class EntryDeleteView(_CatalogPost):
    required_capability = Capability.MANAGE_REVIEW_CATALOG
    model = ReviewCatalogEntry
    success_message = "已删除审核事项。"

    def act(self, request: HttpRequest, pk: int) -> int:
        self.catalog_id_of(request, pk)
        catalog = catalog_actions.remove_entry(_user(request), pk, request=request)
        return catalog.pk

    def catalog_id_of(self, request: HttpRequest, pk: int) -> int:
        entry = scoped_get(ReviewCatalogEntry.objects.all(), request.user, pk=pk)
        return entry.catalog_id


class CatalogFileView(_CatalogPost):
    required_capability = Capability.MANAGE_REVIEW_CATALOG
    model = ReviewCatalog
    success_message = "已报送区司法局备案。"

    def act(self, request: HttpRequest, pk: int) -> int:
        self.catalog_id_of(request, pk)
        return catalog_actions.file_catalog(_user(request), pk, request=request).pk


class CatalogAcceptView(_CatalogPost):
    required_capability = Capability.ACCEPT_REVIEW_CATALOGS
    model = ReviewCatalog
    success_message = "已备案通过；目录清单自施行日期起适用。"

    def act(self, request: HttpRequest, pk: int) -> int:
        self.catalog_id_of(request, pk)
        comments = request.POST.get("comments", "")
        return catalog_actions.accept_catalog(
            _user(request), pk, comments=comments, request=request
        ).pk


class CatalogReturnView(_CatalogPost):
    required_capability = Capability.ACCEPT_REVIEW_CATALOGS
    model = ReviewCatalog
    success_message = "已退回，退回的版本不会适用。"

    def act(self, request: HttpRequest, pk: int) -> int:
        self.catalog_id_of(request, pk)
        comments = request.POST.get("comments", "")
        return catalog_actions.return_catalog(
            _user(request), pk, comments=comments, request=request
        ).pk


# --- Procedures -------------------------------------------------------------------------------


class ProcedureListView(ScopedQuerysetMixin, ListView):
    model = ReviewProcedure
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "review/procedures/list.html"
    context_object_name = "procedures"

    def base_queryset(self) -> QuerySet[ReviewProcedure]:
        return ReviewProcedure.objects.select_related("agency").order_by(
            "agency__sort_order", "agency_id", "-version"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = _user(self.request)
        day = timezone.localdate()
        current_ids = set()
        for agency_id in {row.agency_id for row in context["procedures"]}:
            current = procedure_in_force(agency_id, day)
            if current is not None:
                current_ids.add(current.pk)
        context["current_ids"] = current_ids
        context["can_create"] = user.can(Capability.MANAGE_REVIEW_CATALOG) and bool(user.agency_id)
        return context


class ProcedureDetailView(ScopedQuerysetMixin, DetailView):
    model = ReviewProcedure
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "review/procedures/detail.html"
    context_object_name = "procedure"

    def base_queryset(self) -> QuerySet[ReviewProcedure]:
        return ReviewProcedure.objects.select_related("agency", "created_by")


class ProcedureCreateView(CapabilityRequiredMixin, View):
    required_capability = Capability.MANAGE_REVIEW_CATALOG
    title = "登记法制审核工作程序"

    def get(self, request: HttpRequest) -> HttpResponse:
        _own_agency_id(request)
        return _form_page(request, ProcedureForm(), self.title, reverse("review:procedure_list"))

    def post(self, request: HttpRequest) -> HttpResponse:
        agency_id = _own_agency_id(request)
        form = ProcedureForm(request.POST)
        procedure = form.is_valid() and _attempt(
            form,
            lambda: record_procedure(
                _user(request), agency_id, ProcedureInput(**form.cleaned_data), request=request
            ),
        )
        if not procedure:
            back = reverse("review:procedure_list")
            return _form_page(request, form, self.title, back, 400)
        messages.success(request, f"已登记{procedure}。")
        return redirect("review:procedure_detail", pk=procedure.pk)


# --- Lists: materials and checklist items -----------------------------------------------------


class _ListEditor(CapabilityRequiredMixin, View):
    """Pages open to the supervisor and, for materials, to agencies with their own rows."""

    required_capability = Capability.VIEW_BACKOFFICE


def _visible_materials(user: User) -> QuerySet[MaterialRequirement]:
    scope = scope_for(user)
    rows = MaterialRequirement.objects.select_related("agency")
    if scope.all_agencies:
        return rows
    return rows.filter(Q(agency__isnull=True) | Q(agency_id__in=scope.agency_ids))


def _can_edit_material(user: User, row: MaterialRequirement) -> bool:
    if row.agency_id is None:
        return user.can(Capability.EDIT_RULE_PARAMETERS)
    return user.can(Capability.MANAGE_REVIEW_CATALOG) and scope_for(user).includes(row.agency_id)


class MaterialListView(_ListEditor):
    def get(self, request: HttpRequest) -> HttpResponse:
        user = _user(request)
        rows = _visible_materials(user).order_by("decision_kind", "agency_id", "sort_order", "pk")
        context = {
            "rows": [(row, _can_edit_material(user, row)) for row in rows],
            "can_add": user.can(Capability.EDIT_RULE_PARAMETERS)
            or (user.can(Capability.MANAGE_REVIEW_CATALOG) and bool(user.agency_id)),
        }
        return render(request, "review/lists/materials.html", context)


def _material_input(data: dict[str, Any]) -> list_actions.MaterialInput:
    return list_actions.MaterialInput(
        decision_kind=data["decision_kind"],
        code=data["code"],
        name=data["name"],
        required=data["required"],
        legal_source=data["legal_source"],
        sort_order=data["sort_order"] or 0,
    )


def _save_material(
    request: HttpRequest, row: MaterialRequirement | None, data: dict[str, Any]
) -> MaterialRequirement:
    """Save a district row for the supervisor, else a row of the user's own agency."""
    user = _user(request)
    pk = row.pk if row else None
    district = row.agency_id is None if row else user.can(Capability.EDIT_RULE_PARAMETERS)
    if district:
        return list_actions.save_district_material(user, pk, _material_input(data), request=request)
    agency_id = row.agency_id if row and row.agency_id else _own_agency_id(request)
    return list_actions.save_agency_material(
        user, agency_id, pk, _material_input(data), request=request
    )


class MaterialEditView(_ListEditor):
    """Add (no ``pk``) or change a material row."""

    model = MaterialRequirement

    def _row(self, request: HttpRequest, pk: int | None) -> MaterialRequirement | None:
        user = _user(request)
        if pk is None:
            may_add = user.can(Capability.EDIT_RULE_PARAMETERS) or (
                user.can(Capability.MANAGE_REVIEW_CATALOG) and bool(user.agency_id)
            )
            if not may_add:
                raise PermissionDenied("您的角色不能添加送审材料要求。")
            return None
        row = _visible_materials(user).filter(pk=pk).first()
        if row is None:
            raise Http404("送审材料要求不存在或不在您的查看范围内。")
        if not _can_edit_material(user, row):
            raise PermissionDenied("您的角色不能修改这条送审材料要求。")
        return row

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        row = self._row(request, pk)
        initial = {name: getattr(row, name) for name in MaterialForm.base_fields} if row else {}
        form = MaterialForm(initial=initial or None)
        return _form_page(request, form, "送审材料要求", reverse("review:material_list"))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        row = self._row(request, pk)
        form = MaterialForm(request.POST)
        saved = form.is_valid() and _attempt(
            form, lambda: _save_material(request, row, form.cleaned_data)
        )
        if not saved:
            back = reverse("review:material_list")
            return _form_page(request, form, "送审材料要求", back, 400)
        messages.success(request, f"已保存送审材料要求“{saved.name}”。")
        return redirect("review:material_list")


class MaterialToggleView(_ListEditor):
    model = MaterialRequirement
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not _visible_materials(_user(request)).filter(pk=pk).exists():
            raise Http404("送审材料要求不存在或不在您的查看范围内。")
        active = request.POST.get("active") == "1"
        try:
            list_actions.set_material_active(_user(request), pk, active, request=request)
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已启用。" if active else "已停用。")
        return redirect("review:material_list")


class ChecklistListView(_ListEditor):
    def get(self, request: HttpRequest) -> HttpResponse:
        context = {
            "rows": ChecklistItem.objects.order_by("decision_kind", "group", "sort_order", "pk"),
            "can_edit": _user(request).can(Capability.EDIT_RULE_PARAMETERS),
        }
        return render(request, "review/lists/checklist.html", context)


def _checklist_item(pk: int | None) -> ChecklistItem | None:
    if pk is None:
        return None
    row = ChecklistItem.objects.filter(pk=pk).first()
    if row is None:
        raise Http404("审核要点不存在。")
    return row


class ChecklistEditView(CapabilityRequiredMixin, View):
    """Add (no ``pk``) or change a checklist item."""

    required_capability = Capability.EDIT_RULE_PARAMETERS
    model = ChecklistItem

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        row = _checklist_item(pk)
        initial = {name: getattr(row, name) for name in ChecklistForm.base_fields} if row else {}
        form = ChecklistForm(initial=initial or None)
        return _form_page(request, form, "法制审核要点", reverse("review:checklist_list"))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        _checklist_item(pk)
        form = ChecklistForm(request.POST)
        saved = form.is_valid() and _attempt(
            form,
            lambda: list_actions.save_checklist_item(
                _user(request),
                pk,
                list_actions.ChecklistInput(
                    **{**form.cleaned_data, "sort_order": form.cleaned_data["sort_order"] or 0}
                ),
                request=request,
            ),
        )
        if not saved:
            back = reverse("review:checklist_list")
            return _form_page(request, form, "法制审核要点", back, 400)
        messages.success(request, f"已保存审核要点“{saved.label}”。")
        return redirect("review:checklist_list")


class ChecklistToggleView(CapabilityRequiredMixin, View):
    required_capability = Capability.EDIT_RULE_PARAMETERS
    model = ChecklistItem
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        active = request.POST.get("active") == "1"
        try:
            list_actions.set_checklist_active(_user(request), pk, active, request=request)
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已启用。" if active else "已停用。")
        return redirect("review:checklist_list")


urlpatterns: list[URLPattern] = [
    path("catalogs/", CatalogListView.as_view(), name="catalog_list"),
    path("catalogs/new/", CatalogCreateView.as_view(), name="catalog_create"),
    path("catalogs/<int:pk>/", CatalogDetailView.as_view(), name="catalog_detail"),
    path("catalogs/<int:pk>/edit/", CatalogUpdateView.as_view(), name="catalog_update"),
    path("catalogs/<int:pk>/entries/new/", EntryCreateView.as_view(), name="catalog_entry_add"),
    path("catalogs/entries/<int:pk>/", EntryUpdateView.as_view(), name="catalog_entry_edit"),
    path(
        "catalogs/entries/<int:pk>/delete/",
        EntryDeleteView.as_view(),
        name="catalog_entry_delete",
    ),
    path("catalogs/<int:pk>/file/", CatalogFileView.as_view(), name="catalog_file"),
    path("catalogs/<int:pk>/accept/", CatalogAcceptView.as_view(), name="catalog_accept"),
    path("catalogs/<int:pk>/return/", CatalogReturnView.as_view(), name="catalog_return"),
    path("procedures/", ProcedureListView.as_view(), name="procedure_list"),
    path("procedures/new/", ProcedureCreateView.as_view(), name="procedure_create"),
    path("procedures/<int:pk>/", ProcedureDetailView.as_view(), name="procedure_detail"),
    path("lists/materials/", MaterialListView.as_view(), name="material_list"),
    path("lists/materials/new/", MaterialEditView.as_view(), name="material_create"),
    path("lists/materials/<int:pk>/", MaterialEditView.as_view(), name="material_edit"),
    path("lists/materials/<int:pk>/active/", MaterialToggleView.as_view(), name="material_toggle"),
    path("lists/checklist/", ChecklistListView.as_view(), name="checklist_list"),
    path("lists/checklist/new/", ChecklistEditView.as_view(), name="checklist_create"),
    path("lists/checklist/<int:pk>/", ChecklistEditView.as_view(), name="checklist_edit"),
    path(
        "lists/checklist/<int:pk>/active/",
        ChecklistToggleView.as_view(),
        name="checklist_toggle",
    ),
]

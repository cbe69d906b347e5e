"""Pages of ex-post publications: the list, one item, the approver screen, manual entry, changes.

Every page loads its publication through ``scoped_get``, so an item of another agency is a 404.
The actions in ``zhifa.publicity.publishing.approval`` and ``zhifa.publicity.drafting.drafts``
check capabilities and states; the pages show their Chinese errors beside the field they name.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.core.errors import ZhifaError
from zhifa.publicity.drafting import drafts
from zhifa.publicity.drafting.deadlines import is_overdue, refresh_pending_due_dates
from zhifa.publicity.drafting.document_numbers import NUMBER_REQUIRED_KINDS, number_in
from zhifa.publicity.drafting.external import ManualInput, PartyInput
from zhifa.publicity.drafting.forms import (
    ChangeForm,
    DocumentNumberForm,
    ExcludeForm,
    ManualEntryForm,
    MaskForm,
    PublicationFilterForm,
)
from zhifa.publicity.models import Publication, PublicationKind, PublicationStatus
from zhifa.publicity.publishing import approval
from zhifa.publicity.publishing.completeness import missing_field_warnings
from zhifa.publicity.publishing.highlight import highlighted
from zhifa.publicity.publishing.numbers import enter_document_number

PER_PAGE = 30
# The dual-publicity field that takes the manual entry's conclusion and basis, by kind; a
# licence has no basis field in the standard.
CONCLUSION_CODES = {"penalty": "CF_NR", "license": "XK_NR"}
BASIS_CODES = {"penalty": "CF_YJ", "license": ""}


def acting_user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def agencies_in_scope(user: User) -> list[tuple[int, str]]:
    return list(restrict(Agency.objects.all(), user).values_list("pk", "short_name"))


def form_field_name(form: Form, field: str, aliases: dict[str, str] | None = None) -> str | None:
    """Return the form field that an action's error ``field`` names, or None for the form.

    Actions name a party's field ``parties.<index>.<name>`` and a dual-publicity field
    ``fields.<code>``; the forms call them ``party_<name>`` and ``field_<code>``.
    """
    name = (aliases or {}).get(field, field)
    if name in form.fields:
        return name
    parts = field.split(".")
    if len(parts) == 3 and parts[0] == "parties" and f"party_{parts[2]}" in form.fields:
        return f"party_{parts[2]}"
    if len(parts) == 2 and parts[0] == "fields" and f"field_{parts[1]}" in form.fields:
        return f"field_{parts[1]}"
    return None


def show_error(form: Form, error: ZhifaError, aliases: dict[str, str] | None = None) -> None:
    form.add_error(form_field_name(form, error.field or "", aliases), error.message)


def publications() -> QuerySet[Publication]:
    return Publication.objects.select_related("agency", "case")


class PublicationListView(ScopedQuerysetMixin, ListView):
    """Drafts first, the earliest due date first, so overdue items lead the list."""

    model = Publication
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "publicity/drafts/publication_list.html"
    context_object_name = "publications"
    paginate_by = PER_PAGE

    def base_queryset(self) -> QuerySet[Publication]:
        return publications()

    def get_queryset(self) -> QuerySet[Publication]:
        # A calendar year imported since the last visit fills the pending due dates.
        refresh_pending_due_dates()
        queryset = super().get_queryset()
        user = acting_user(self.request)
        self.filter_form = PublicationFilterForm(
            self.request.GET or None, agencies=agencies_in_scope(user)
        )
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data.get("status"):
                queryset = queryset.filter(status=data["status"])
            if data.get("kind"):
                queryset = queryset.filter(kind=data["kind"])
            if data.get("agency"):
                queryset = queryset.filter(agency_id=data["agency"])
        return queryset.order_by("status", "due_on", "-decided_on", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["rows"] = [
            {"item": row, "overdue": is_overdue(row, today)} for row in context["publications"]
        ]
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        context["filter_form"] = self.filter_form
        context["can_enter"] = acting_user(self.request).can(Capability.MANAGE_PUBLICATIONS)
        return context


class PublicationDetailView(ScopedQuerysetMixin, View):
    model = Publication
    required_capability = Capability.VIEW_BACKOFFICE
    http_method_names = ["get"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        publication = scoped_get(publications(), request.user, pk=pk)
        user = acting_user(request)
        context = {
            "publication": publication,
            "versions": publication.versions.select_related("approved_by").order_by("-number"),
            "overdue": is_overdue(publication, timezone.localdate()),
            "can_review": user.can(Capability.PUBLISH_DECISIONS)
            and (publication.status == PublicationStatus.DRAFT or publication.pending_change),
            "can_change": user.can(Capability.MANAGE_PUBLICATIONS)
            and publication.status == PublicationStatus.PUBLISHED
            and not publication.pending_change,
            "can_withdraw": user.can(Capability.PUBLISH_DECISIONS)
            and publication.status == PublicationStatus.PUBLISHED,
            "can_record_repair": user.can(Capability.MANAGE_PUBLICATIONS)
            and publication.status == PublicationStatus.PUBLISHED
            and publication.kind == PublicationKind.PENALTY,
        }
        context["number_form"] = number_form_for(user, publication)
        return render(request, "publicity/drafts/publication_detail.html", context)


def number_form_for(
    user: User, publication: Publication, data: Any = None
) -> DocumentNumberForm | None:
    """Return the 补录决定书文号 form where the user may enter a number, else None."""
    if not user.can(Capability.MANAGE_PUBLICATIONS) or publication.pending_change:
        return None
    if publication.status not in (PublicationStatus.DRAFT, PublicationStatus.PUBLISHED):
        return None
    return DocumentNumberForm(data, initial={"document_number": publication.document_number})


class PublicationNumberView(ScopedQuerysetMixin, View):
    """补录决定书文号: a draft takes it at once, a published item through a correction."""

    model = Publication
    required_capability = Capability.MANAGE_PUBLICATIONS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        publication = scoped_get(publications(), request.user, pk=pk)
        user = acting_user(request)
        form = number_form_for(user, publication, request.POST)
        if form is None:
            messages.error(request, "该公示事项当前不能补录决定书文号。")
            return redirect("publicity:publication_detail", pk=pk)
        if form.is_valid():
            try:
                changed = enter_document_number(
                    user, publication, form.cleaned_data["document_number"]
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                done = (
                    "已提交更正，待发布审核。" if changed.pending_change else "已补录决定书文号。"
                )
                messages.success(request, done)
                return redirect("publicity:publication_detail", pk=pk)
        errors = "；".join(str(message) for message in form.errors.get("document_number", []))
        messages.error(request, errors or "补录决定书文号失败，请核对后重新提交。")
        return redirect("publicity:publication_detail", pk=pk)


class PublicationReviewView(ScopedQuerysetMixin, View):
    """The approver screen: original and masked text side by side, masks, approve or exclude."""

    model = Publication
    required_capability = Capability.VIEW_BACKOFFICE

    def load(self, request: HttpRequest, pk: int) -> Publication:
        publication: Publication = scoped_get(publications(), request.user, pk=pk)
        if not acting_user(request).can(Capability.PUBLISH_DECISIONS):
            raise PermissionDenied(f"您的角色没有“{Capability.PUBLISH_DECISIONS.label}”权限。")
        return publication

    def render_page(
        self,
        request: HttpRequest,
        publication: Publication,
        mask_form: Form | None = None,
        exclude_form: Form | None = None,
        error: str = "",
    ) -> HttpResponse:
        shown = approval.preview(publication)
        original = approval.material(publication)
        context = {
            "publication": publication,
            "shown": shown,
            "warnings": missing_field_warnings(publication.kind, original),
            "number_missing": publication.kind in NUMBER_REQUIRED_KINDS
            and not number_in(publication.kind, original),
            "original_html": highlighted(shown.original_text, shown.masks, masked=False),
            "masked_html": highlighted(shown.original_text, shown.masks, masked=True),
            "edits": approval.pending_edits(publication),
            "mask_form": mask_form or MaskForm(),
            "exclude_form": exclude_form or ExcludeForm(),
            "error": error,
            "reviewable": publication.status == PublicationStatus.DRAFT
            or bool(publication.pending_change),
        }
        return render(request, "publicity/drafts/publication_review.html", context)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        publication = self.load(request, pk)
        drafts.refresh(publication)
        return self.render_page(request, publication)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        publication = self.load(request, pk)
        user = acting_user(request)
        operation = request.POST.get("operation", "")
        mask_form = MaskForm(request.POST if operation == "masks" else None)
        exclude_form = ExcludeForm(request.POST if operation == "exclude" else None)
        try:
            if operation == "masks" and mask_form.is_valid():
                approval.edit_masks(
                    user,
                    publication,
                    add=[mask_form.cleaned_data["add"]],
                    remove=[mask_form.cleaned_data["remove"]],
                )
                messages.success(request, "已调整遮蔽。")
                return redirect("publicity:publication_review", pk=pk)
            if operation == "approve":
                version = approval.approve(user, publication)
                messages.success(request, f"已发布（第{version.number}版）。")
                return redirect("publicity:publication_detail", pk=pk)
            if operation == "exclude" and exclude_form.is_valid():
                approval.exclude(user, publication, exclude_form.cleaned_data["reason"])
                messages.success(request, "已决定不予公示，理由已记录。")
                return redirect("publicity:publication_detail", pk=pk)
        except ZhifaError as error:
            target = exclude_form if operation == "exclude" else mask_form
            if operation == "approve":
                return self.render_page(request, publication, error=error.message)
            show_error(target, error)
        publication.refresh_from_db()
        return self.render_page(request, publication, mask_form, exclude_form)


class PublicationCreateView(ScopedQuerysetMixin, View):
    """Manual entry (手工录入) of a decision made in another system."""

    model = Publication
    required_capability = Capability.MANAGE_PUBLICATIONS
    aliases = {
        "agency_id": "agency",
        "parties": "party_name",
        "fields": "conclusion",
        "domain_code": "domain",
        **{f"fields.{code}": "conclusion" for code in CONCLUSION_CODES.values()},
        "fields.GS_JL": "conclusion",
        **{f"fields.{code}": "legal_basis" for code in BASIS_CODES.values() if code},
        "fields.GS_YJ": "legal_basis",
    }

    def form(self, request: HttpRequest, data: Any = None) -> ManualEntryForm:
        return ManualEntryForm(data, agencies=agencies_in_scope(acting_user(request)))

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request, "publicity/drafts/publication_form.html", {"form": self.form(request)}
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.form(request, request.POST)
        if form.is_valid():
            try:
                publication = drafts.enter_manually(
                    acting_user(request), manual_input(form.cleaned_data)
                )
            except ZhifaError as error:
                show_error(form, error, self.aliases)
            else:
                messages.success(request, "已录入，待发布审核。")
                return redirect("publicity:publication_detail", pk=publication.pk)
        return render(request, "publicity/drafts/publication_form.html", {"form": form})


def manual_input(data: dict[str, Any]) -> ManualInput:
    party = PartyInput(
        kind=data["party_kind"],
        name=data["party_name"],
        id_number=data["party_id_number"],
        uscc=data["party_uscc"],
        legal_representative=data["party_legal_representative"],
        address=data["party_address"],
        phone=data["party_phone"],
    )
    fields = {}
    conclusion_code = CONCLUSION_CODES.get(data["kind"], "GS_JL")
    if data.get("conclusion"):
        fields[conclusion_code] = data["conclusion"]
    basis_code = BASIS_CODES.get(data["kind"], "GS_YJ")
    if data.get("legal_basis") and basis_code:
        fields[basis_code] = data["legal_basis"]
    return ManualInput(
        agency_id=data["agency"],
        kind=data["kind"],
        document_number=data["document_number"],
        decided_on=data["decided_on"],
        text=data["text"],
        parties=[party],
        title=data["title"],
        fields=fields,
        procedure=(data.get("procedure") or "") if data["kind"] == PublicationKind.PENALTY else "",
        penalty_types=list(data.get("penalty_types") or []),
        fine=data.get("fine") or None,
        domain_code=data.get("domain") or "",
        state_secret=bool(data.get("state_secret")),
    )


class PublicationChangeView(ScopedQuerysetMixin, View):
    """An officer prepares an update or correction of a published item for the approver."""

    model = Publication
    required_capability = Capability.MANAGE_PUBLICATIONS

    def load(self, request: HttpRequest, pk: int) -> Publication:
        publication: Publication = scoped_get(publications(), request.user, pk=pk)
        return publication

    def form(self, publication: Publication, data: Any = None) -> ChangeForm:
        return ChangeForm(
            data,
            kind=publication.kind,
            values=publication.original.get("fields") or {},
            initial={"text": publication.original.get("text", "")},
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        publication = self.load(request, pk)
        return self.render_page(request, publication, self.form(publication))

    def render_page(
        self, request: HttpRequest, publication: Publication, form: Form
    ) -> HttpResponse:
        context = {"publication": publication, "form": form}
        return render(request, "publicity/drafts/publication_change.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        publication = self.load(request, pk)
        form = self.form(publication, request.POST)
        if form.is_valid():
            try:
                approval.prepare_change(
                    acting_user(request),
                    publication,
                    change=form.cleaned_data["change"],
                    reason=form.cleaned_data["reason"],
                    fields=form.changed_fields(),
                    text=form.cleaned_data["text"],
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, "已提交，待发布审核人员审核。")
                return redirect("publicity:publication_detail", pk=pk)
        return self.render_page(request, publication, form)


def detail_url(publication: Publication) -> str:
    return reverse("publicity:publication_detail", kwargs={"pk": publication.pk})


urlpatterns: list[URLPattern] = [
    path("publications/", PublicationListView.as_view(), name="publication_list"),
    path("publications/new/", PublicationCreateView.as_view(), name="publication_create"),
    path("publications/<int:pk>/", PublicationDetailView.as_view(), name="publication_detail"),
    path(
        "publications/<int:pk>/review/", PublicationReviewView.as_view(), name="publication_review"
    ),
    path(
        "publications/<int:pk>/change/", PublicationChangeView.as_view(), name="publication_change"
    ),
    path(
        "publications/<int:pk>/number/", PublicationNumberView.as_view(), name="publication_number"
    ),
]

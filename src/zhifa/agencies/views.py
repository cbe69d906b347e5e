"""Back-office pages for agencies, officers, credentials, reviewers and supervision.

Views parse a form, call an action from ``actions.py`` and render. Every object comes from
``ScopedQuerysetMixin`` or ``scoped_get``, so one outside the user's scope is a 404.
"""

import logging
import mimetypes
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import segno
from django.contrib import messages
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies import actions, compliance, rules
from zhifa.agencies.forms import (
    AgencyForm,
    CredentialEventForm,
    EndReviewerForm,
    OfficerFilterForm,
    OfficerForm,
    ReviewBodyForm,
    ReviewerForm,
    TrainingForm,
    show_error,
)
from zhifa.agencies.models import (
    Agency,
    AgencyKind,
    Credential,
    CredentialEvent,
    CredentialStatus,
    Officer,
    Reviewer,
)
from zhifa.agencies.privacy import displayed_id_number
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.core.errors import ZhifaError
from zhifa.core.rules import parameter

logger = logging.getLogger(__name__)

OFFICERS_PER_PAGE = 30
LIVE_STATUSES = [CredentialStatus.APPLIED, CredentialStatus.ACTIVE, CredentialStatus.SUSPENDED]


# --- Agencies ----------------------------------------------------------------------------------


class AgencyListView(ScopedQuerysetMixin, ListView):
    model = Agency
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "agencies/agency_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Agency]:
        queryset = (
            super()
            .get_queryset()
            .annotate(officer_count=Count("officers", filter=Q(officers__is_active=True)))
            # An aggregate drops Meta.ordering, so the order is restated for pagination.
            .order_by("sort_order", "name")
        )
        query = self.request.GET.get("q", "").strip()
        if query:
            queryset = queryset.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
        kind = self.request.GET.get("kind", "")
        if kind in AgencyKind.values:
            queryset = queryset.filter(kind=kind)
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kinds"] = AgencyKind.choices
        context["query"] = self.request.GET.get("q", "")
        context["kind"] = self.request.GET.get("kind", "")
        return context


def _agency_detail_context(
    request: HttpRequest, agency: Agency, review_body_form: ReviewBodyForm | None = None
) -> dict[str, Any]:
    today = timezone.localdate()
    user: Any = request.user
    if review_body_form is None and user.can(Capability.MANAGE_AGENCY):
        review_body_form = ReviewBodyForm(agency=agency)
    return {
        "agency": agency,
        "departments": agency.departments.all(),
        "officer_count": restrict(
            Officer.objects.filter(agency=agency, is_active=True), user
        ).count(),
        "ratio": compliance.reviewer_ratio_for(agency, today),
        "review_body_problem": compliance.review_body_problem(agency),
        "review_body_form": review_body_form,
        "can_edit": user.can(Capability.MANAGE_AGENCY),
    }


class AgencyDetailView(ScopedQuerysetMixin, DetailView):
    model = Agency
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "agencies/agency_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(_agency_detail_context(self.request, self.object))
        return context


class AgencyReviewBodyView(ScopedQuerysetMixin, View):
    """Change the review body from the form on the agency page (POST only)."""

    model = Agency
    required_capability = Capability.MANAGE_AGENCY
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agency = scoped_get(Agency.objects.all(), request.user, pk=pk)
        form = ReviewBodyForm(request.POST, agency=agency)
        if form.is_valid():
            try:
                actions.set_review_body(
                    request.user,  # type: ignore[arg-type]
                    agency,
                    form.cleaned_data["review_body"].pk,
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, "已指定法制审核机构。")
                return redirect("agencies:agency_detail", pk=agency.pk)
        context = _agency_detail_context(request, agency, review_body_form=form)
        return render(request, "agencies/agency_detail.html", context, status=400)


class AgencyEditView(ScopedQuerysetMixin, View):
    model = Agency
    required_capability = Capability.MANAGE_AGENCY
    template_name = "agencies/agency_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agency = scoped_get(Agency.objects.all(), request.user, pk=pk)
        form = AgencyForm(initial=AgencyForm.initial_for(agency))
        return render(request, self.template_name, {"agency": agency, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agency = scoped_get(Agency.objects.all(), request.user, pk=pk)
        form = AgencyForm(request.POST)
        if form.is_valid():
            try:
                actions.update_agency(
                    request.user,  # type: ignore[arg-type]
                    agency,
                    form.to_input(),
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, "执法主体信息已保存。")
                return redirect("agencies:agency_detail", pk=agency.pk)
        return render(request, self.template_name, {"agency": agency, "form": form}, status=400)


# --- Officers ----------------------------------------------------------------------------------


class OfficerListView(ScopedQuerysetMixin, ListView):
    model = Officer
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "agencies/officer_list.html"
    paginate_by = OFFICERS_PER_PAGE

    def filter_form(self) -> OfficerFilterForm:
        agencies = restrict(Agency.objects.all(), self.request.user)
        return OfficerFilterForm(self.request.GET or None, agencies=agencies)

    def get_queryset(self) -> QuerySet[Officer]:
        queryset = (
            super()
            .get_queryset()
            .select_related("agency", "department")
            .prefetch_related(Prefetch("credentials", queryset=Credential.objects.order_by("-pk")))
        )
        form = self.filter_form()
        if not form.is_valid():
            return queryset
        data = form.cleaned_data
        if data["q"]:
            query = data["q"].strip()
            queryset = queryset.filter(
                Q(full_name__icontains=query) | Q(credentials__number__icontains=query)
            ).distinct()
        if data["agency"]:
            queryset = queryset.filter(agency=data["agency"])
        if data["department"]:
            queryset = queryset.filter(department=data["department"])
        return self._filter_credential_state(queryset, data["credential_state"])

    @staticmethod
    def _filter_credential_state(queryset: QuerySet[Officer], state: str) -> QuerySet[Officer]:
        if state == "none":
            return queryset.filter(credentials__isnull=True)
        if state == CredentialStatus.REVOKED:
            live = Credential.objects.filter(status__in=LIVE_STATUSES).values("officer")
            return queryset.filter(credentials__status=state).exclude(pk__in=live).distinct()
        if state in CredentialStatus.values:
            return queryset.filter(credentials__status=state).distinct()
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form()
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        context["can_create"] = self.request.user.can(  # type: ignore[union-attr]
            Capability.MANAGE_OFFICERS
        )
        return context


def _officer_detail_context(
    request: HttpRequest,
    officer: Officer,
    event_form: CredentialEventForm | None = None,
    training_form: TrainingForm | None = None,
) -> dict[str, Any]:
    user: Any = request.user
    today = timezone.localdate()
    credential = officer.current_credential()
    trainings = officer.trainings.all()
    hours = sum(
        (record.hours for record in trainings if record.attended_on.year == today.year), Decimal(0)
    )
    required_hours = parameter("training_hours_per_year")

    can_manage_credentials = user.can(Capability.MANAGE_CREDENTIALS)
    can_manage_officers = user.can(Capability.MANAGE_OFFICERS)
    current_status = None
    if credential is not None and credential.status != CredentialStatus.REVOKED:
        current_status = credential.status
    next_events = [
        kind
        for kind, effect in rules.CREDENTIAL_EVENT_EFFECTS.items()
        if current_status in effect.from_statuses
    ]
    if event_form is None and can_manage_credentials:
        event_form = CredentialEventForm(initial={"occurred_on": today})
    if training_form is None and can_manage_officers:
        training_form = TrainingForm(initial={"attended_on": today})

    return {
        "officer": officer,
        "id_number": displayed_id_number(user, officer),
        "credential": credential,
        "credential_label": credential.validity_label(today) if credential else "未申领",
        "events": CredentialEvent.objects.filter(credential__officer=officer)
        .select_related("credential", "recorded_by")
        .order_by("-occurred_on", "-id"),
        "trainings": trainings,
        "hours_this_year": hours,
        "required_hours": required_hours,
        "hours_missing": rules.training_shortfall(hours, required_hours),
        "next_events": next_events,
        "event_form": event_form,
        "training_form": training_form,
        "can_edit": can_manage_officers,
        "can_print": can_manage_credentials and credential is not None and bool(credential.number),
        "today": today,
    }


class OfficerDetailView(ScopedQuerysetMixin, DetailView):
    model = Officer
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "agencies/officer_detail.html"

    def base_queryset(self) -> QuerySet[Officer]:
        return Officer.objects.select_related("agency", "department")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(_officer_detail_context(self.request, self.object))
        return context


class CredentialEventView(ScopedQuerysetMixin, View):
    model = Officer
    required_capability = Capability.MANAGE_CREDENTIALS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        officer = scoped_get(Officer.objects.select_related("agency"), request.user, pk=pk)
        form = CredentialEventForm(request.POST)
        if form.is_valid():
            try:
                event = actions.record_credential_event(
                    request.user,  # type: ignore[arg-type]
                    officer,
                    form.to_input(),
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, f"已办理“{event.get_kind_display()}”。")
                return redirect("agencies:officer_detail", pk=officer.pk)
        context = _officer_detail_context(request, officer, event_form=form)
        return render(request, "agencies/officer_detail.html", context, status=400)


class TrainingCreateView(ScopedQuerysetMixin, View):
    model = Officer
    required_capability = Capability.MANAGE_OFFICERS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        officer = scoped_get(Officer.objects.select_related("agency"), request.user, pk=pk)
        form = TrainingForm(request.POST)
        if form.is_valid():
            try:
                actions.record_training(
                    request.user,  # type: ignore[arg-type]
                    officer,
                    form.to_input(),
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, "培训记录已登记。")
                return redirect("agencies:officer_detail", pk=officer.pk)
        context = _officer_detail_context(request, officer, training_form=form)
        return render(request, "agencies/officer_detail.html", context, status=400)


class OfficerCreateView(ScopedQuerysetMixin, View):
    model = Officer
    required_capability = Capability.MANAGE_OFFICERS
    template_name = "agencies/officer_form.html"

    def agencies(self) -> QuerySet[Agency]:
        return restrict(Agency.objects.all(), self.request.user)

    def get(self, request: HttpRequest) -> HttpResponse:
        form = OfficerForm(agencies=self.agencies())
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = OfficerForm(request.POST, request.FILES, agencies=self.agencies())
        if form.is_valid():
            try:
                officer = actions.create_officer(
                    request.user,  # type: ignore[arg-type]
                    form.cleaned_data["agency"],
                    form.to_input(),
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, f"已录入执法人员{officer.full_name}。")
                return redirect("agencies:officer_detail", pk=officer.pk)
        return render(request, self.template_name, {"form": form}, status=400)


class OfficerEditView(ScopedQuerysetMixin, View):
    model = Officer
    required_capability = Capability.MANAGE_OFFICERS
    template_name = "agencies/officer_form.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        officer = scoped_get(Officer.objects.select_related("agency"), request.user, pk=pk)
        agencies = restrict(Agency.objects.all(), request.user)
        form = OfficerForm(
            initial=OfficerForm.initial_for(officer), agencies=agencies, officer=officer
        )
        return render(request, self.template_name, {"form": form, "officer": officer})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        officer = scoped_get(Officer.objects.select_related("agency"), request.user, pk=pk)
        agencies = restrict(Agency.objects.all(), request.user)
        form = OfficerForm(request.POST, request.FILES, agencies=agencies, officer=officer)
        if form.is_valid():
            try:
                actions.update_officer(
                    request.user,  # type: ignore[arg-type]
                    officer,
                    form.to_input(),
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, "执法人员信息已保存。")
                return redirect("agencies:officer_detail", pk=officer.pk)
        context = {"form": form, "officer": officer}
        return render(request, self.template_name, context, status=400)


class OfficerPhotoView(ScopedQuerysetMixin, View):
    """Serve an officer's photo after the scope check; photos have no public URL."""

    model = Officer
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        officer = scoped_get(Officer.objects.all(), request.user, pk=pk)
        name = officer.photo.name or ""
        # Only names the upload action wrote are served, never a path that climbs out.
        if not name.startswith(actions.PHOTO_FOLDER) or ".." in name or "\\" in name:
            if name:
                logger.warning("officer %s has an unexpected photo name %r", officer.pk, name)
            raise Http404("该执法人员没有照片。")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if not content_type.startswith("image/"):
            raise Http404("该执法人员没有照片。")
        try:
            handle = officer.photo.storage.open(name, "rb")
        except FileNotFoundError:
            logger.error("photo file %s of officer %s is missing from storage", name, officer.pk)
            raise Http404("照片文件缺失，请重新上传。") from None

        response = FileResponse(handle, content_type=content_type)
        filename = f"{officer.full_name}{name[name.rfind('.') :]}"
        response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response


class CredentialCardView(ScopedQuerysetMixin, DetailView):
    """A printable credential card with a QR code that opens the public verification page."""

    model = Officer
    required_capability = Capability.MANAGE_CREDENTIALS
    template_name = "agencies/credential_card.html"

    def base_queryset(self) -> QuerySet[Officer]:
        return Officer.objects.select_related("agency")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        credential = self.object.current_credential()
        if credential is None or not credential.number:
            raise Http404("该执法人员尚未核发执法证件。")
        # The portal serves /verify/<token>/; the literal path keeps this app independent of it.
        verify_url = self.request.build_absolute_uri(f"/verify/{credential.verify_token}/")
        qr = segno.make(verify_url, error="m")
        context.update(
            {
                "credential": credential,
                "verify_url": verify_url,
                "qr_svg": qr.svg_inline(scale=4, title="执法证件核验二维码"),
                "credential_label": credential.validity_label(timezone.localdate()),
            }
        )
        return context


# --- Reviewers ---------------------------------------------------------------------------------


def _reviewer_context(
    request: HttpRequest,
    agency: Agency,
    agencies: QuerySet[Agency],
    assign_form: ReviewerForm | None = None,
) -> dict[str, Any]:
    user: Any = request.user
    today = timezone.localdate()
    reviewers = list(
        restrict(Reviewer.objects.filter(agency=agency), user).select_related("officer")
    )
    for reviewer in reviewers:
        outcome = rules.check_reviewer_qualification(
            reviewer.started_on, reviewer.legal_qualification
        )
        reviewer.problem = outcome.reason  # type: ignore[attr-defined]
        reviewer.is_current = reviewer.ended_on is None or reviewer.ended_on >= today  # type: ignore[attr-defined]
    can_manage = user.can(Capability.MANAGE_REVIEWERS)
    if assign_form is None and can_manage:
        assign_form = ReviewerForm(agency=agency)
    return {
        "agency": agency,
        "agencies": agencies,
        "reviewers": reviewers,
        "ratio": compliance.reviewer_ratio_for(agency, today),
        "assign_form": assign_form,
        "can_manage": can_manage,
        "qualification_from": rules.QUALIFICATION_REQUIRED_FROM,
    }


class ReviewerListView(ScopedQuerysetMixin, TemplateView):
    """The reviewers of one agency (chosen with ``?agency=``), with ratio and qualification."""

    model = Agency
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "agencies/reviewer_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agencies = self.get_queryset()
        selected = self.request.GET.get("agency", "")
        user: Any = self.request.user
        if selected.isdigit():
            agency = scoped_get(Agency.objects.all(), user, pk=int(selected))
        else:
            agency = agencies.filter(pk=user.agency_id).first() or agencies.first()
        if agency is None:
            context.update({"agency": None, "agencies": agencies})
            return context
        context.update(_reviewer_context(self.request, agency, agencies))
        return context


class ReviewerAssignView(ScopedQuerysetMixin, View):
    model = Agency
    required_capability = Capability.MANAGE_REVIEWERS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agency = scoped_get(Agency.objects.all(), request.user, pk=pk)
        form = ReviewerForm(request.POST, agency=agency)
        if form.is_valid():
            try:
                reviewer = actions.assign_reviewer(
                    request.user,  # type: ignore[arg-type]
                    agency,
                    form.to_input(),
                    request=request,
                )
            except ZhifaError as error:
                show_error(form, error)
            else:
                messages.success(request, f"已配备法制审核人员{reviewer.full_name}。")
                return redirect(f"{reverse('agencies:reviewer_list')}?agency={agency.pk}")
        context = _reviewer_context(request, agency, self.get_queryset(), assign_form=form)
        return render(request, "agencies/reviewer_list.html", context, status=400)


class ReviewerEndView(ScopedQuerysetMixin, View):
    model = Reviewer
    required_capability = Capability.MANAGE_REVIEWERS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        reviewer = scoped_get(Reviewer.objects.all(), request.user, pk=pk)
        back = f"{reverse('agencies:reviewer_list')}?agency={reviewer.agency_id}"
        form = EndReviewerForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请填写有效的“结束日期”。")
            return redirect(back)
        try:
            actions.end_reviewer(
                request.user,  # type: ignore[arg-type]
                reviewer,
                form.cleaned_data["ended_on"],
                request=request,
            )
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{reviewer.full_name}已登记离岗。")
        return redirect(back)


# --- Supervision -------------------------------------------------------------------------------


class SupervisionView(ScopedQuerysetMixin, TemplateView):
    """Every agency in scope with its compliance figures; non-compliant rows are highlighted."""

    model = Agency
    required_capability = Capability.VIEW_SUPERVISION
    template_name = "agencies/supervision.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rows = compliance.supervision_rows(self.get_queryset(), today)
        context.update(
            {
                "rows": rows,
                "non_compliant_count": sum(1 for row in rows if not row.compliant),
                "warning_days": int(parameter("credential_expiry_warning_days")),
                "required_hours": parameter("training_hours_per_year"),
                "today": today,
            }
        )
        return context


class SupervisionDetailView(ScopedQuerysetMixin, TemplateView):
    """One agency's officers and reviewers behind each supervision figure."""

    model = Agency
    required_capability = Capability.VIEW_SUPERVISION
    template_name = "agencies/supervision_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agency = scoped_get(Agency.objects.all(), self.request.user, pk=kwargs["pk"])
        today = timezone.localdate()
        row = compliance.supervision_rows(self.get_queryset().filter(pk=agency.pk), today)[0]
        context.update(
            {
                "agency": agency,
                "row": row,
                "warning_days": int(parameter("credential_expiry_warning_days")),
                "required_hours": parameter("training_hours_per_year"),
                "today": today,
            }
        )
        return context

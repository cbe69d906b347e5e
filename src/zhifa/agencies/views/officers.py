"""Back-office pages for officers, credentials, training and the credential card."""

import logging
import mimetypes
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import segno
from django.contrib import messages
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, ListView

from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies import actions, rules
from zhifa.agencies.forms import (
    CredentialEventForm,
    OfficerFilterForm,
    OfficerForm,
    TrainingForm,
    show_error,
)
from zhifa.agencies.models import (
    Agency,
    Credential,
    CredentialEvent,
    CredentialEventKind,
    CredentialStatus,
    Officer,
)
from zhifa.agencies.privacy import displayed_id_number
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.core.errors import ZhifaError
from zhifa.core.rules import parameter

logger = logging.getLogger(__name__)

OFFICERS_PER_PAGE = 30
LIVE_STATUSES = [CredentialStatus.APPLIED, CredentialStatus.ACTIVE, CredentialStatus.SUSPENDED]


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


def _offered_events(officer: Officer, credential: Credential | None) -> list[str]:
    """List the credential events that may be recorded now, in the order of a card's life.

    The credential's status decides (``rules.CREDENTIAL_EVENT_EFFECTS``). While an application
    is open, the exam step also decides, as ``record_credential_event`` checks: the exam is
    registered once, exemption needs a legal qualification, and issuing needs the exam.
    """
    live = credential if credential and credential.status != CredentialStatus.REVOKED else None
    status = live.status if live is not None else None
    kinds = [
        kind
        for kind, effect in rules.CREDENTIAL_EVENT_EFFECTS.items()
        if status in effect.from_statuses
    ]
    if live is None or live.status != CredentialStatus.APPLIED:
        return kinds

    skipped: set[str] = set()
    if live.exam_passed_on or live.exam_exempt_reason:
        skipped |= {CredentialEventKind.EXAM_PASSED, CredentialEventKind.EXAM_EXEMPTED}
    else:
        skipped.add(CredentialEventKind.ISSUED)
    if not officer.legal_qualification:
        skipped.add(CredentialEventKind.EXAM_EXEMPTED)
    return [kind for kind in kinds if kind not in skipped]


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
    next_events = _offered_events(officer, credential)
    if event_form is None and can_manage_credentials and next_events:
        event_form = CredentialEventForm(initial={"occurred_on": today})
    if event_form is not None:
        event_form.offer_only(next_events)
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
        "next_event_labels": [CredentialEventKind(kind).label for kind in next_events],
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

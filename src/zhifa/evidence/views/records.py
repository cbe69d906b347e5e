"""Pages of AV records: the list, one record, and the forms that link, mark and explain it."""

import logging
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, ListView

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.backoffice.mixins import CapabilityRequiredMixin, ScopedQuerysetMixin, scoped_get
from zhifa.cases.models import Case
from zhifa.core.errors import NotPermitted, ZhifaError
from zhifa.evidence import scenes, sessions, watermark
from zhifa.evidence.access import policy
from zhifa.evidence.access import sessions as playback_sessions
from zhifa.evidence.access.logging import open_record
from zhifa.evidence.forms import (
    ExemptionForm,
    InterruptionForm,
    LinkForm,
    RecordFilterForm,
    SensitivityForm,
)
from zhifa.evidence.models import AccessAction, AccessLog, AvRecord, RecordingDevice
from zhifa.evidence.records import exemptions, interruptions, links, marking

logger = logging.getLogger(__name__)

RECORDS_PER_PAGE = 30
DEFAULT_PURPOSE = "查看记录信息"
# Session key set by the record page's forms: the next view of that record is the page shown
# again after the form, so it reuses the view entry logged when the page was opened.
RETURN_KEY = "evidence_record_return"


def record_queryset() -> QuerySet[AvRecord]:
    return AvRecord.objects.select_related(
        "agency", "case", "party", "step", "scene", "device", "session", "uploaded_by"
    )


class RecordListView(ScopedQuerysetMixin, ListView):
    model = AvRecord
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evidence/record_list.html"
    paginate_by = RECORDS_PER_PAGE

    def base_queryset(self) -> QuerySet[AvRecord]:
        return record_queryset()

    def get_queryset(self) -> QuerySet[AvRecord]:
        queryset = super().get_queryset()
        user = self.request.user
        scene_choices = [
            (str(scene.pk), str(scene.name))
            for scene in scenes.visible_scenes(user)  # type: ignore[arg-type]
        ]
        devices = restrict(RecordingDevice.objects.all(), user)
        device_choices = [(str(device.pk), str(device)) for device in devices]
        self.filter_form = RecordFilterForm(
            self.request.GET or None, scenes=scene_choices, devices=device_choices
        )
        if not self.filter_form.is_valid():
            return queryset
        data = self.filter_form.cleaned_data
        if data["case_number"]:
            queryset = queryset.filter(case__number__icontains=data["case_number"].strip())
        if data["scene"]:
            queryset = queryset.filter(scene_id=data["scene"])
        if data["device"]:
            queryset = queryset.filter(device_id=data["device"])
        if data["date_from"]:
            queryset = queryset.filter(started_at__date__gte=data["date_from"])
        if data["date_to"]:
            queryset = queryset.filter(started_at__date__lte=data["date_to"])
        if data["unlinked"]:
            queryset = queryset.filter(case__isnull=True)
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        context["filter_form"] = self.filter_form
        user: User = self.request.user  # type: ignore[assignment]
        context["openable"] = _openable_ids(user, context["object_list"])
        return context


def _openable_ids(user: User, records: list[AvRecord]) -> set[int]:
    """Return the ids of ``records`` the user may open now (not sensitive, or approved)."""
    return {
        record.pk
        for record in records
        if not policy.needs_request(record) or policy.valid_request(user, record) is not None
    }


class RecordDetailView(ScopedQuerysetMixin, DetailView):
    """One record with its metadata, session and gaps; opening it is logged as a view."""

    model = AvRecord
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evidence/record_detail.html"
    context_object_name = "record"

    def base_queryset(self) -> QuerySet[AvRecord]:
        return record_queryset().prefetch_related("officers")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        record: AvRecord = self.object
        user: User = self.request.user  # type: ignore[assignment]
        context.update(_access_context(self.request, user, record))
        context.update(_session_context(record))
        can_manage = user.can(Capability.MANAGE_CASES)
        context["can_manage"] = can_manage
        context["can_mark"] = can_manage or user.can(Capability.APPROVE_EVIDENCE_ACCESS)
        if can_manage:
            context["link_form"] = _link_form(record)
            context["interruption_form"] = InterruptionForm()
        if context["can_mark"]:
            context["sensitivity_form"] = SensitivityForm(
                initial={"sensitivity": record.sensitivity}
            )
        return context


def _access_context(request: HttpRequest, user: User, record: AvRecord) -> dict[str, Any]:
    """Log the view and hand the player its token, or explain why the content stays hidden."""
    purpose = request.GET.get("purpose", "").strip() or DEFAULT_PURPOSE
    try:
        entry = _returning_entry(request, user, record)
        if entry is None:
            entry = open_record(user, record, AccessAction.VIEW, purpose, http_request=request)
    except NotPermitted as error:
        return {"content_refused": error.message}
    except ZhifaError as error:
        entry = open_record(user, record, AccessAction.VIEW, DEFAULT_PURPOSE, http_request=request)
        messages.warning(request, f"调阅事由未采用：{error.message}")
    token = playback_sessions.issue_token(entry)
    return {
        "stream_url": reverse("evidence:record_stream", args=[record.pk]) + f"?t={token}",
        "download_url": reverse("evidence:record_download", args=[record.pk]) + f"?t={token}",
        "watermark": watermark.watermark_text(user),
        "photo_download_note": watermark.PHOTO_DOWNLOAD_NOTE,
        "access_purpose": entry.purpose,
    }


def _returning_entry(request: HttpRequest, user: User, record: AvRecord) -> AccessLog | None:
    """Return the view entry to reuse when the page is shown again after one of its forms.

    Only a form's redirect sets the session key, and the access rules are checked again, so
    a marking raised by the form still hides the content.
    """
    if request.session.pop(RETURN_KEY, None) != record.pk:
        return None
    policy.approved_request(user, record)
    return (
        AccessLog.objects.filter(user=user, record=record, action=AccessAction.VIEW)
        .order_by("-at", "-pk")
        .first()
    )


def _session_context(record: AvRecord) -> dict[str, Any]:
    if record.session is None:
        return {"session_records": [], "gaps": []}
    session_records = list(
        AvRecord.objects.filter(session=record.session).order_by("started_at", "pk")
    )
    return {"session_records": session_records, "gaps": sessions.gaps(record.session)}


def _link_form(record: AvRecord) -> LinkForm | None:
    """Return the link form with the choices still open, or None when every link is set."""
    if record.case_id and record.party_id and record.step_id:
        return None
    form = LinkForm()
    if record.case is not None:
        form.fields["case_number"].widget = form.fields["case_number"].hidden_widget()
        parties = [(p.pk, p.name) for p in record.case.parties.all()]
        form.fields["party_id"].choices = [("", "（暂不关联）"), *parties]  # type: ignore[attr-defined]
        steps = [
            (step.pk, f"第{step.sequence}项 {scenes.step_label(step.step)}")
            for step in record.case.steps.order_by("sequence")
        ]
        form.fields["step_id"].choices = [("", "（暂不关联）"), *steps]  # type: ignore[attr-defined]
    return form


class RecordActionView(CapabilityRequiredMixin, View):
    """Base of the POST forms on the record page; each returns to the record."""

    model = AvRecord
    required_capability = Capability.MANAGE_CASES
    http_method_names = ["post"]

    def record(self, request: HttpRequest, pk: int) -> AvRecord:
        record: AvRecord = scoped_get(record_queryset(), request.user, pk=pk)
        return record

    def back(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Redirect to the record page without logging another view of it."""
        request.session[RETURN_KEY] = pk
        return redirect("evidence:record_detail", pk=pk)


class RecordLinkView(RecordActionView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.record(request, pk)
        user: User = request.user  # type: ignore[assignment]
        case_id = record.case_id
        number = request.POST.get("case_number", "").strip()
        if case_id is None:
            if not number:
                messages.error(request, "请填写“案号”：要关联的本单位案件的案号。")
                return self.back(request, pk)
            case = restrict(Case.objects.filter(number=number), user).first()
            if case is None:
                messages.error(request, f"案号“{number}”的案件不存在或不在您的管理范围内。")
                return self.back(request, pk)
            case_id = case.pk
        try:
            links.link_record(
                user,
                record,
                case_id=case_id,
                party_id=_optional_int(request.POST.get("party_id")),
                step_id=_optional_int(request.POST.get("step_id")),
            )
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已保存音像记录的关联。")
        return self.back(request, pk)


def _optional_int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


class RecordMarkView(RecordActionView):
    """Change the marking; ``marking.mark_sensitivity`` checks who may lower it."""

    required_capability = Capability.VIEW_BACKOFFICE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.record(request, pk)
        form = SensitivityForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, "；".join(str(error) for error in errors))
            return self.back(request, pk)
        try:
            marking.mark_sensitivity(
                request.user,  # type: ignore[arg-type]
                record,
                form.cleaned_data["sensitivity"],
                form.cleaned_data["reason"],
            )
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已修改内容标记。")
        return self.back(request, pk)


class InterruptionCreateView(RecordActionView):
    """Explain the gap before record ``pk`` (the record that resumed the recording)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.record(request, pk)
        form = InterruptionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, "；".join(str(error) for error in errors))
            return _back_to_gaps(request, record)
        try:
            interruptions.explain_gap(
                request.user,  # type: ignore[arg-type]
                record.pk,
                form.cleaned_data["source"],
                form.cleaned_data["explanation"],
            )
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已保存“{record.filename}”之前的中断说明。")
        return _back_to_gaps(request, record)


def _back_to_gaps(request: HttpRequest, record: AvRecord) -> HttpResponse:
    """Return to the record the form was on (``back``), or to ``record`` itself."""
    back = request.POST.get("back", "")
    pk = int(back) if back.isdigit() else record.pk
    request.session[RETURN_KEY] = pk
    return redirect(reverse("evidence:record_detail", args=[pk]) + "#gaps")


class ExemptionCreateView(CapabilityRequiredMixin, View):
    """Record an exemption from the case's AV panel and return to the case."""

    model = Case
    required_capability = Capability.MANAGE_CASES
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = scoped_get(Case.objects.all(), request.user, pk=pk)
        duty = request.POST.get("duty", "")
        form = ExemptionForm(request.POST, duties=[(duty, duty)])
        target = reverse("cases:case_detail", args=[case.pk]) + "#av-records"
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, "；".join(str(error) for error in errors))
            return redirect(target)
        step_id, _, scene_id = duty.partition(":")
        if not (step_id.isdigit() and scene_id.isdigit()):
            messages.error(request, "请选择须说明的环节和场景。")
            return redirect(target)
        try:
            exemptions.record_exemption(
                request.user,  # type: ignore[arg-type]
                case.pk,
                int(step_id),
                int(scene_id),
                form.cleaned_data["reason_kind"],
                form.cleaned_data["reason"],
            )
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已记录免予音像记录的理由。")
        return redirect(target)

"""Pages of the recording devices (执法记录仪) and the yearly equipment report."""

import datetime
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, ListView

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency, Officer
from zhifa.backoffice.mixins import CapabilityRequiredMixin, ScopedQuerysetMixin, scoped_get
from zhifa.core.errors import ZhifaError
from zhifa.evidence import devices, equipment
from zhifa.evidence.forms import AssignForm, DeviceForm, StatusForm
from zhifa.evidence.models import DeviceStatus, RecordingDevice


class DeviceListView(ScopedQuerysetMixin, ListView):
    model = RecordingDevice
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evidence/device_list.html"
    paginate_by = 50

    def base_queryset(self) -> QuerySet[RecordingDevice]:
        return RecordingDevice.objects.select_related("agency", "assigned_officer")

    def get_queryset(self) -> QuerySet[RecordingDevice]:
        queryset = super().get_queryset()
        status = self.request.GET.get("status", "")
        if status in DeviceStatus.values:
            queryset = queryset.filter(status=status)
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: User = self.request.user  # type: ignore[assignment]
        context["statuses"] = DeviceStatus.choices
        context["status"] = self.request.GET.get("status", "")
        context["can_manage"] = user.can(Capability.MANAGE_RECORDING_DEVICES) and user.agency_id
        return context


class DeviceCreateView(CapabilityRequiredMixin, View):
    """Register a device for the user's own agency."""

    required_capability = Capability.MANAGE_RECORDING_DEVICES

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "evidence/device_form.html", {"form": DeviceForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        user: User = request.user  # type: ignore[assignment]
        form = DeviceForm(request.POST)
        if user.agency is None:
            raise Http404("您的账号没有所属执法主体，不能登记执法记录仪。")
        if form.is_valid():
            try:
                device = devices.register_device(
                    user, user.agency, devices.DeviceInput(**form.cleaned_data)
                )
            except ZhifaError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"已登记执法记录仪{device.serial_number}。")
                return redirect("evidence:device_detail", pk=device.pk)
        return render(request, "evidence/device_form.html", {"form": form})


def _officer_choices(device: RecordingDevice) -> list[tuple[int, str]]:
    officers = Officer.objects.filter(agency_id=device.agency_id, is_active=True)
    return [(officer.pk, officer.full_name) for officer in officers.order_by("full_name")]


class DeviceDetailView(ScopedQuerysetMixin, DetailView):
    model = RecordingDevice
    required_capability = Capability.VIEW_BACKOFFICE
    template_name = "evidence/device_detail.html"
    context_object_name = "device"

    def base_queryset(self) -> QuerySet[RecordingDevice]:
        return RecordingDevice.objects.select_related("agency", "assigned_officer")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        device: RecordingDevice = self.object
        user: User = self.request.user  # type: ignore[assignment]
        context["assignments"] = device.assignments.select_related("officer", "recorded_by")
        context["records"] = device.records.select_related("case", "scene").order_by("-started_at")[
            :100
        ]
        context["record_count"] = device.records.count()
        if user.can(Capability.MANAGE_RECORDING_DEVICES):
            context["assign_form"] = AssignForm(officers=_officer_choices(device))
            context["status_form"] = StatusForm(initial={"status": device.status})
        return context


class DeviceActionView(CapabilityRequiredMixin, View):
    model = RecordingDevice
    required_capability = Capability.MANAGE_RECORDING_DEVICES
    http_method_names = ["post"]

    def device(self, request: HttpRequest, pk: int) -> RecordingDevice:
        device: RecordingDevice = scoped_get(RecordingDevice.objects.all(), request.user, pk=pk)
        return device

    def run(self, request: HttpRequest, pk: int, done: str, action: Any) -> HttpResponse:
        try:
            action()
        except ZhifaError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
        return redirect("evidence:device_detail", pk=pk)


class DeviceAssignView(DeviceActionView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        device = self.device(request, pk)
        form = AssignForm(request.POST, officers=_officer_choices(device))
        if not form.is_valid():
            messages.error(request, "请选择本单位在岗的执法人员。")
            return redirect("evidence:device_detail", pk=pk)
        officer = form.cleaned_data["officer"]
        return self.run(
            request,
            pk,
            "已配发执法记录仪。",
            lambda: devices.assign_device(request.user, device, officer),  # type: ignore[arg-type]
        )


class DeviceReturnView(DeviceActionView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        device = self.device(request, pk)
        return self.run(
            request,
            pk,
            "已收回执法记录仪。",
            lambda: devices.return_device(request.user, device),  # type: ignore[arg-type]
        )


class DeviceStatusView(DeviceActionView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        device = self.device(request, pk)
        form = StatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择“新状态”。")
            return redirect("evidence:device_detail", pk=pk)
        data = form.cleaned_data
        return self.run(
            request,
            pk,
            "已修改执法记录仪状态。",
            lambda: devices.change_status(request.user, device, data["status"], data["note"]),  # type: ignore[arg-type]
        )


def _report_for(request: HttpRequest) -> equipment.EquipmentReport:
    agencies = restrict(Agency.objects.all(), request.user)
    chosen = request.GET.get("agency", "")
    user: User = request.user  # type: ignore[assignment]
    if chosen.isdigit():
        agency = agencies.filter(pk=int(chosen)).first()
    else:
        own = agencies.filter(pk=user.agency_id) if user.agency_id else agencies.none()
        agency = own.first() or agencies.first()
    if agency is None:
        raise Http404("执法主体不存在或不在您的查看范围内。")
    today = timezone.localdate()
    year_text = request.GET.get("year", "")
    valid = year_text.isascii() and year_text.isdigit() and 2000 <= int(year_text) <= 2100
    year = int(year_text) if valid else today.year
    if year_text and str(year) != year_text:
        messages.warning(
            request, f"“年度”{year_text}无效，应为 2000 至 2100 年之间的年份；已显示{year}年。"
        )
    # A past year is reported as it stood on its last day; the current year as of today.
    on = today if year >= today.year else datetime.date(year, 12, 31)
    return equipment.build(agency, year, on)


class EquipmentReportView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        report = _report_for(request)
        context = {
            "report": report,
            "agencies": restrict(Agency.objects.all(), request.user),
            "export_url": reverse("evidence:equipment_export")
            + f"?agency={report.agency.pk}&year={report.year}",
        }
        return render(request, "evidence/equipment_report.html", context)


class EquipmentExportView(CapabilityRequiredMixin, View):
    required_capability = Capability.VIEW_BACKOFFICE

    def get(self, request: HttpRequest) -> HttpResponse:
        report = _report_for(request)
        audit.record(
            "equipment_report_exported",
            actor=request.user,  # type: ignore[arg-type]
            agency_id=report.agency.pk,
            request=request,
            detail={"year": report.year},
        )
        response = HttpResponse(
            equipment.to_excel(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        agency_name = report.agency.short_name or report.agency.name
        name = f"{agency_name}{report.year}年执法记录仪装备情况.xlsx"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response

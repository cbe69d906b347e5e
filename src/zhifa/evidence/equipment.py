"""The yearly equipment report (年度执法记录仪装备情况) of an agency, for the budget request.

Devices are counted as they stood at the end of the report day: those commissioned by then (or,
without a commissioning date, registered by then), with the status and holder they had then.
The status then is read from the audit entries of status changes, and the holder from the
device's assignments. A device whose status was changed outside the platform (no audit entry)
keeps its current status. A device is to be replaced
when its status is 待更换 or when it has been in use for the service life (rule parameter
``evidence_device_service_years``) by the end of the report year. Officers holding a valid
credential on the report day without a device issued to them are the devices needed.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from zhifa.accounts.models import AuditEntry
from zhifa.agencies.compliance import valid_credentials
from zhifa.agencies.models import Agency, Credential, Officer
from zhifa.core.rules import parameter
from zhifa.evidence.models import DeviceAssignment, DeviceStatus, RecordingDevice

SERVICE_YEARS_KEY = "evidence_device_service_years"


@dataclass
class EquipmentReport:
    agency: Agency
    year: int
    on: datetime.date
    service_years: int
    in_service: list[RecordingDevice] = field(default_factory=list)
    to_replace: list[tuple[RecordingDevice, str]] = field(default_factory=list)
    officers_without_device: list[Officer] = field(default_factory=list)

    @property
    def needed(self) -> int:
        return len(self.officers_without_device)


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def replacement_reason(device: RecordingDevice, year_end: datetime.date, years: int) -> str:
    """Return why a device is to be replaced by the end of the year, or an empty string."""
    if device.status == DeviceStatus.TO_REPLACE:
        return "状态为待更换"
    if device.commissioned_on and _years_later(device.commissioned_on, years) <= year_end:
        return f"启用已满{years}年"
    return ""


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _status_at(device: RecordingDevice, moment: datetime.datetime) -> str:
    """Return the device's status at ``moment`` from the audit entries of its status changes."""
    changes = AuditEntry.objects.filter(
        action="recording_device_status_changed",
        target_type=RecordingDevice._meta.label_lower,
        target_id=str(device.pk),
    )
    last = changes.filter(at__lte=moment).order_by("-at", "-pk").first()
    if last is not None:
        return str(last.detail.get("after", device.status))
    first_later = changes.filter(at__gt=moment).order_by("at", "pk").first()
    if first_later is not None:
        return str(first_later.detail.get("before", device.status))
    return device.status


def _holder_at(device: RecordingDevice, moment: datetime.datetime) -> Officer | None:
    row = (
        DeviceAssignment.objects.filter(device=device, assigned_at__lte=moment)
        .filter(Q(returned_at__isnull=True) | Q(returned_at__gt=moment))
        .select_related("officer")
        .order_by("-assigned_at")
        .first()
    )
    return row.officer if row is not None else None


def devices_on(agency: Agency, on: datetime.date) -> list[RecordingDevice]:
    """Return the agency's devices in use by the end of ``on``, with status and holder then.

    The returned instances carry the past status and holder and must never be saved.
    """
    moment = _end_of(on)
    started = Q(commissioned_on__lte=on) | Q(commissioned_on__isnull=True, created_at__lte=moment)
    found = []
    for device in RecordingDevice.objects.filter(started, agency=agency).order_by("serial_number"):
        device.status = _status_at(device, moment)
        device.assigned_officer = _holder_at(device, moment)
        found.append(device)
    return found


def build(agency: Agency, year: int, on: datetime.date) -> EquipmentReport:
    """Build the report of ``year`` with the inventory and credentials as they stood on ``on``."""
    years = int(parameter(SERVICE_YEARS_KEY))
    year_end = datetime.date(year, 12, 31)
    report = EquipmentReport(agency=agency, year=year, on=on, service_years=years)
    holders: set[int] = set()
    for device in devices_on(agency, on):
        if device.status == DeviceStatus.RETIRED:
            continue
        if device.status == DeviceStatus.IN_SERVICE:
            report.in_service.append(device)
            if device.assigned_officer is not None:
                holders.add(device.assigned_officer.pk)
        reason = replacement_reason(device, year_end, years)
        if reason:
            report.to_replace.append((device, reason))
    credentialed = valid_credentials(Credential.objects.filter(officer__agency=agency), on)
    report.officers_without_device = list(
        Officer.objects.filter(pk__in=credentialed.values("officer_id"))
        .exclude(pk__in=holders)
        .order_by("full_name")
    )
    return report


HEADERS = ["类别", "设备序列号", "品牌型号", "启用日期", "状态", "配发人员", "说明"]


def _day(value: datetime.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def _item_rows(report: EquipmentReport) -> list[list[str]]:
    rows = []
    for device in report.in_service:
        holder = device.assigned_officer.full_name if device.assigned_officer else ""
        rows.append(["在用", *_device_cells(device), holder, ""])
    for device, reason in report.to_replace:
        rows.append(["待更换", *_device_cells(device), "", reason])
    for officer in report.officers_without_device:
        rows.append(
            ["需新增", "", "", "", "", officer.full_name, "持有效执法证件，未配发执法记录仪"]
        )
    return rows


def _device_cells(device: RecordingDevice) -> list[str]:
    return [
        device.serial_number,
        device.model_name,
        _day(device.commissioned_on),
        device.get_status_display(),
    ]


def to_excel(report: EquipmentReport) -> bytes:
    """Write the report as a printable workbook: a summary on top, then one row per item."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = f"{report.year}年装备情况"
    sheet.append([f"{report.agency.name}{report.year}年度执法记录仪装备情况"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"统计日期：{_day(report.on)}；使用年限：{report.service_years}年"])
    sheet.append(
        ["在用", len(report.in_service), "待更换", len(report.to_replace), "需新增", report.needed]
    )
    sheet.append([])

    sheet.append(HEADERS)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in _item_rows(report):
        sheet.append(row)

    for column, width in zip("ABCDEFG", (10, 20, 22, 16, 10, 12, 32), strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=5):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    if sheet.sheet_properties.pageSetUpPr is not None:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    # The header row repeats on every printed page.
    sheet.print_title_rows = "5:5"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()

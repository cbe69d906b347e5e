"""Recording devices (执法记录仪): registration, issue to officers, return and status changes.

An agency's department heads and agency head keep the inventory. Each issue opens a
``DeviceAssignment`` and each return closes it, so the history shows who carried a device when.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict, scope_for
from zhifa.agencies.models import Agency, Officer
from zhifa.cases.actions._common import require, required_text
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.evidence.models import DeviceAssignment, DeviceClock, DeviceStatus, RecordingDevice

logger = logging.getLogger(__name__)


@dataclass
class DeviceInput:
    serial_number: str
    model_name: str
    clock: str = DeviceClock.LOCAL
    commissioned_on: datetime.date | None = None
    notes: str = ""


def _lock_device(user: User, device: RecordingDevice | int) -> RecordingDevice:
    require(user, Capability.MANAGE_RECORDING_DEVICES)
    pk = device.pk if isinstance(device, RecordingDevice) else device
    if not restrict(RecordingDevice.objects.filter(pk=pk), user).exists():
        raise NotFound("执法记录仪不存在或不在您的管理范围内。", field="device")
    return RecordingDevice.objects.select_for_update().get(pk=pk)


def register_device(user: User, agency: Agency, data: DeviceInput) -> RecordingDevice:
    """Add a device to an agency's inventory; the serial number is unique in the district."""
    require(user, Capability.MANAGE_RECORDING_DEVICES)
    if not scope_for(user).includes(agency.pk):
        raise NotFound("执法主体不存在或不在您的管理范围内。", field="agency")
    serial = required_text(data.serial_number, "serial_number", "设备序列号", 60)
    model_name = required_text(data.model_name, "model_name", "品牌型号", 100)
    if data.clock not in DeviceClock.values:
        raise ValidationFailed("请选择文件时间基准：北京时间或协调世界时（UTC）。", field="clock")
    if data.commissioned_on is not None and data.commissioned_on > timezone.localdate():
        raise ValidationFailed("启用日期晚于今天，请填写实际启用的日期。", field="commissioned_on")
    try:
        with transaction.atomic():
            device = RecordingDevice.objects.create(
                agency=agency,
                serial_number=serial,
                model_name=model_name,
                clock=data.clock,
                commissioned_on=data.commissioned_on,
                notes=(data.notes or "").strip()[:300],
            )
            audit.record(
                "recording_device_registered",
                actor=user,
                target=device,
                agency_id=agency.pk,
                detail={"serial_number": serial, "model_name": model_name, "clock": data.clock},
            )
    except IntegrityError:
        raise ValidationFailed(
            f"设备序列号“{serial}”已登记，请核对序列号。", field="serial_number"
        ) from None
    return device


def assign_device(
    user: User, device: RecordingDevice | int, officer_id: int, at: datetime.datetime | None = None
) -> DeviceAssignment:
    """Issue a device in service, not issued to anyone now, to an active officer of its agency."""
    at = at or timezone.now()
    with transaction.atomic():
        found = _lock_device(user, device)
        if found.status != DeviceStatus.IN_SERVICE:
            raise InvalidTransition(
                f"该执法记录仪状态为“{found.get_status_display()}”，只能配发在用的设备。",
                field="device",
            )
        if found.assigned_officer_id is not None:
            raise InvalidTransition(
                f"该执法记录仪已配发给{found.assigned_officer}，请先收回。", field="device"
            )
        officer = Officer.objects.filter(pk=officer_id, agency_id=found.agency_id).first()
        if officer is None or not officer.is_active:
            raise ValidationFailed("请选择本单位在岗的执法人员。", field="officer")
        row = DeviceAssignment.objects.create(
            device=found, officer=officer, assigned_at=at, recorded_by=user
        )
        found.assigned_officer = officer
        found.save(update_fields=["assigned_officer"])
        audit.record(
            "recording_device_assigned",
            actor=user,
            target=found,
            agency_id=found.agency_id,
            detail={"officer": officer.pk, "officer_name": officer.full_name},
        )
    return row


def return_device(
    user: User, device: RecordingDevice | int, at: datetime.datetime | None = None
) -> DeviceAssignment:
    """Take a device back from the officer it is issued to and close that assignment."""
    at = at or timezone.now()
    with transaction.atomic():
        found = _lock_device(user, device)
        current = (
            DeviceAssignment.objects.filter(device=found, returned_at__isnull=True)
            .order_by("-assigned_at")
            .first()
        )
        if current is None or found.assigned_officer_id is None:
            raise InvalidTransition("该执法记录仪没有配发给任何人，无须收回。", field="device")
        if at < current.assigned_at:
            raise ValidationFailed("收回时间早于配发时间，请核对。", field="returned_at")
        current.returned_at = at
        current.save(update_fields=["returned_at"])
        officer_name = found.assigned_officer.full_name if found.assigned_officer else ""
        found.assigned_officer = None
        found.save(update_fields=["assigned_officer"])
        audit.record(
            "recording_device_returned",
            actor=user,
            target=found,
            agency_id=found.agency_id,
            detail={"officer_name": officer_name},
        )
    return current


def change_status(
    user: User, device: RecordingDevice | int, status: str, note: str = ""
) -> RecordingDevice:
    """Change a device's status; a device leaving service must be returned first."""
    if status not in DeviceStatus.values:
        raise ValidationFailed("请选择设备状态：在用、维修中、待更换或已报废。", field="status")
    with transaction.atomic():
        found = _lock_device(user, device)
        before = found.status
        if before == status:
            raise ValidationFailed(
                f"该执法记录仪已是“{found.get_status_display()}”状态。", field="status"
            )
        if before == DeviceStatus.RETIRED:
            raise InvalidTransition("已报废的执法记录仪不能恢复使用。", field="status")
        if status != DeviceStatus.IN_SERVICE and found.assigned_officer_id is not None:
            raise InvalidTransition(
                f"该执法记录仪仍配发给{found.assigned_officer}，请先收回再修改状态。",
                field="status",
            )
        found.status = status
        found.save(update_fields=["status"])
        audit.record(
            "recording_device_status_changed",
            actor=user,
            target=found,
            agency_id=found.agency_id,
            detail={"before": before, "after": status, "note": (note or "").strip()[:300]},
        )
    return found

"""Recording devices: registration, issue and return, status changes and the device pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import AuditEntry, User
from zhifa.cases.tests import pages_support
from zhifa.cases.tests.pages_support import client_for
from zhifa.cases.tests.steps_support import World
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.evidence import devices
from zhifa.evidence.models import DeviceAssignment, DeviceClock, DeviceStatus, RecordingDevice
from zhifa.evidence.tests.records_support import make_record, shanghai

world = pages_support.world
world_b = pages_support.world_b


def _register(world: World, serial: str = "DSJ-001") -> RecordingDevice:
    return devices.register_device(
        world.head,
        world.agency,
        devices.DeviceInput(
            serial_number=serial,
            model_name="海康威视 DSJ-H7",
            clock=DeviceClock.UTC,
            commissioned_on=datetime.date(2024, 3, 1),
        ),
    )


def test_register_audited(world: World) -> None:
    device = _register(world)

    assert device.clock == DeviceClock.UTC
    assert device.status == DeviceStatus.IN_SERVICE
    assert AuditEntry.objects.filter(action="recording_device_registered").exists()


def test_register_duplicate_serial_refused(world: World) -> None:
    _register(world)

    with pytest.raises(ValidationFailed, match="已登记") as error:
        _register(world)
    assert error.value.field == "serial_number"


def test_register_future_date_refused(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        devices.register_device(
            world.head,
            world.agency,
            devices.DeviceInput(
                serial_number="DSJ-9",
                model_name="型号",
                commissioned_on=timezone.localdate() + datetime.timedelta(days=1),
            ),
        )
    assert error.value.field == "commissioned_on"


def test_officer_cannot_register(world: World) -> None:
    with pytest.raises(NotPermitted):
        devices.register_device(
            world.officer_user, world.agency, devices.DeviceInput("DSJ-2", "型号")
        )


def test_register_other_agency_refused(world: World, world_b: World) -> None:
    with pytest.raises(NotFound):
        devices.register_device(world.head, world_b.agency, devices.DeviceInput("DSJ-3", "型号"))


def test_assign_and_return_history(world: World) -> None:
    device = _register(world)
    first, second = world.officers

    devices.assign_device(world.head, device, first.pk)
    devices.return_device(world.head, device)
    devices.assign_device(world.head, device, second.pk)

    device.refresh_from_db()
    assert device.assigned_officer == second
    history = list(DeviceAssignment.objects.filter(device=device).order_by("assigned_at", "pk"))
    assert [row.officer for row in history] == [first, second]
    assert history[0].returned_at is not None
    assert history[1].returned_at is None


def test_assign_twice_refused(world: World) -> None:
    device = _register(world)
    devices.assign_device(world.head, device, world.officers[0].pk)

    with pytest.raises(InvalidTransition, match="请先收回"):
        devices.assign_device(world.head, device, world.officers[1].pk)


def test_assign_other_agency_officer_refused(world: World, world_b: World) -> None:
    device = _register(world)

    with pytest.raises(ValidationFailed) as error:
        devices.assign_device(world.head, device, world_b.officers[0].pk)
    assert error.value.field == "officer"


def test_assign_device_under_repair_refused(world: World) -> None:
    device = _register(world)
    devices.change_status(world.head, device, DeviceStatus.UNDER_REPAIR)

    with pytest.raises(InvalidTransition, match="维修中"):
        devices.assign_device(world.head, device, world.officers[0].pk)


def test_return_unassigned_refused(world: World) -> None:
    with pytest.raises(InvalidTransition, match="无须收回"):
        devices.return_device(world.head, _register(world))


def test_status_change_audited(world: World) -> None:
    device = _register(world)

    devices.change_status(world.head, device, DeviceStatus.TO_REPLACE, "镜头损坏")

    entry = AuditEntry.objects.get(action="recording_device_status_changed")
    assert entry.detail == {"before": "in_service", "after": "to_replace", "note": "镜头损坏"}


def test_status_change_while_assigned_refused(world: World) -> None:
    device = _register(world)
    devices.assign_device(world.head, device, world.officers[0].pk)

    with pytest.raises(InvalidTransition, match="请先收回"):
        devices.change_status(world.head, device, DeviceStatus.RETIRED)


def test_retired_stays_retired(world: World) -> None:
    device = _register(world)
    devices.change_status(world.head, device, DeviceStatus.RETIRED)

    with pytest.raises(InvalidTransition, match="不能恢复"):
        devices.change_status(world.head, device, DeviceStatus.IN_SERVICE)


def test_other_agency_cannot_change(world: World, world_b: World) -> None:
    device = _register(world)

    with pytest.raises(NotFound):
        devices.change_status(world_b.head, device, DeviceStatus.RETIRED)


def test_device_pages(world: World) -> None:
    client = client_for(world.head)
    response = client.post(
        reverse("evidence:device_create"),
        {"serial_number": "DSJ-P1", "model_name": "型号甲", "clock": "local"},
    )
    device = RecordingDevice.objects.get(serial_number="DSJ-P1")
    assert response.status_code == 302

    client.post(
        reverse("evidence:device_assign", args=[device.pk]), {"officer": world.officers[0].pk}
    )
    make_record(
        world.agency, world.officer_user, shanghai(11, 2, 9), shanghai(11, 2, 10), device=device
    )
    page = client.get(reverse("evidence:device_detail", args=[device.pk])).content.decode()

    assert world.officers[0].full_name in page
    assert "REC" in page
    assert "DSJ-P1" in client.get(reverse("evidence:device_list")).content.decode()


def test_device_page_other_agency_404(world: World, world_b: World) -> None:
    device = _register(world)
    client = client_for(world_b.officer_user)

    assert client.get(reverse("evidence:device_detail", args=[device.pk])).status_code == 404
    assert "DSJ-001" not in client.get(reverse("evidence:device_list")).content.decode()
    response = client.post(reverse("evidence:device_return", args=[device.pk]))
    assert response.status_code in (403, 404)


def test_officer_cannot_post_assign(world: World, officer_user: User) -> None:
    device = _register(world)
    response = client_for(officer_user).post(
        reverse("evidence:device_assign", args=[device.pk]), {"officer": world.officers[0].pk}
    )

    assert response.status_code == 403


def test_retired_page_hides_actions(world: World) -> None:
    device = _register(world)
    devices.change_status(world.head, device, DeviceStatus.RETIRED)

    page = client_for(world.head).get(reverse("evidence:device_detail", args=[device.pk]))

    text = page.content.decode()
    assert "已报废，不能再配发或修改状态" in text
    assert reverse("evidence:device_assign", args=[device.pk]) not in text
    assert reverse("evidence:device_status", args=[device.pk]) not in text


def test_repair_page_hides_assign_only(world: World) -> None:
    device = _register(world)
    devices.change_status(world.head, device, DeviceStatus.UNDER_REPAIR)

    text = (
        client_for(world.head)
        .get(reverse("evidence:device_detail", args=[device.pk]))
        .content.decode()
    )

    assert reverse("evidence:device_assign", args=[device.pk]) not in text
    assert reverse("evidence:device_status", args=[device.pk]) in text


def test_in_service_page_shows_actions(world: World) -> None:
    device = _register(world)

    text = (
        client_for(world.head)
        .get(reverse("evidence:device_detail", args=[device.pk]))
        .content.decode()
    )

    assert reverse("evidence:device_assign", args=[device.pk]) in text
    assert reverse("evidence:device_status", args=[device.pk]) in text


def test_short_serial_message_names_field(world: World) -> None:
    response = client_for(world.head).post(
        reverse("evidence:device_create"),
        {"serial_number": "", "model_name": "型号甲", "clock": "local"},
    )

    assert "请填写“设备序列号”" in response.content.decode()

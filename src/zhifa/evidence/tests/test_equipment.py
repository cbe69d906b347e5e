"""The yearly equipment report: devices in service, to replace and needed, and its Excel file."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhifa.cases.tests import pages_support
from zhifa.cases.tests.pages_support import client_for
from zhifa.cases.tests.steps_support import World
from zhifa.core.models import RuleParameter
from zhifa.evidence import devices, equipment
from zhifa.evidence.models import DeviceStatus, RecordingDevice
from zhifa.evidence.tests.records_support import make_device

world = pages_support.world

ON = datetime.date(2026, 12, 5)


@pytest.fixture
def inventory(world: World) -> dict[str, RecordingDevice]:
    issued = make_device(world.agency, commissioned_on=datetime.date(2024, 5, 1))
    devices.assign_device(world.head, issued, world.officers[0].pk)
    return {
        "issued": issued,
        # Six years are reached on 2026-12-31, inside the report year.
        "old": make_device(world.agency, commissioned_on=datetime.date(2020, 12, 31)),
        "young": make_device(world.agency, commissioned_on=datetime.date(2021, 1, 1)),
        "broken": make_device(world.agency, status=DeviceStatus.TO_REPLACE),
        "retired": make_device(
            world.agency, status=DeviceStatus.RETIRED, commissioned_on=datetime.date(2015, 1, 1)
        ),
    }


def test_report_numbers(world: World, inventory: dict[str, RecordingDevice]) -> None:
    report = equipment.build(world.agency, 2026, ON)

    assert {d.pk for d in report.in_service} == {
        inventory[name].pk for name in ("issued", "old", "young")
    }
    assert {d.pk: reason for d, reason in report.to_replace} == {
        inventory["old"].pk: "启用已满6年",
        inventory["broken"].pk: "状态为待更换",
    }
    # 甲 has a device. 乙 and 主持人 have valid credentials but no device.
    # 无证 has no credential.
    assert [o.full_name for o in report.officers_without_device] == ["主持人", "执法乙"]
    assert report.needed == 2


def test_service_years_from_parameter(world: World, inventory: dict[str, RecordingDevice]) -> None:
    RuleParameter.objects.filter(key=equipment.SERVICE_YEARS_KEY).update(value=5)

    report = equipment.build(world.agency, 2026, ON)

    replaced = {d.pk for d, _ in report.to_replace}
    assert inventory["young"].pk in replaced
    assert inventory["issued"].pk not in replaced


def test_expired_credential_not_needed(world: World) -> None:
    report = equipment.build(world.agency, 2029, datetime.date(2029, 6, 1))

    assert report.needed == 0


def test_excel_headers_and_rows(world: World, inventory: dict[str, RecordingDevice]) -> None:
    data = equipment.to_excel(equipment.build(world.agency, 2026, ON))

    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"{world.agency.name}2026年度执法记录仪装备情况"
    assert rows[2] == ("在用", 3, "待更换", 2, "需新增", 2, None)
    assert list(rows[4]) == equipment.HEADERS
    assert [row[0] for row in rows[5:]] == ["在用"] * 3 + ["待更换"] * 2 + ["需新增"] * 2
    assert sheet.print_title_rows == "$5:$5"


def test_report_page_and_export(world: World, inventory: dict[str, RecordingDevice]) -> None:
    client = client_for(world.head)

    page = client.get(reverse("evidence:equipment_report"), {"year": "2026"})
    export = client.get(reverse("evidence:equipment_export"), {"year": "2026"})

    assert page.status_code == 200
    assert page.context["report"].needed == 2
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in export["Content-Disposition"]


PAST_END = datetime.date(2025, 12, 31)
NOON = datetime.time(12)


def _shanghai(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datetime.date(year, month, day), NOON))


def test_past_year_counts_devices_then(world: World) -> None:
    commissioned_then = make_device(world.agency, commissioned_on=datetime.date(2024, 5, 1))
    commissioned_later = make_device(world.agency, commissioned_on=datetime.date(2026, 3, 1))
    # No commissioning date: registered today, after the report year.
    registered_later = make_device(world.agency)

    report = equipment.build(world.agency, 2025, PAST_END)

    counted = {d.pk for d in report.in_service}
    assert commissioned_then.pk in counted
    assert commissioned_later.pk not in counted
    assert registered_later.pk not in counted


def test_past_year_uses_status_then(world: World) -> None:
    repaired_later = make_device(world.agency, commissioned_on=datetime.date(2024, 5, 1))
    retired_later = make_device(world.agency, commissioned_on=datetime.date(2024, 5, 1))
    devices.change_status(world.head, repaired_later, DeviceStatus.UNDER_REPAIR)
    devices.change_status(world.head, retired_later, DeviceStatus.RETIRED)

    past = equipment.build(world.agency, 2025, PAST_END)
    now = equipment.build(world.agency, 2026, ON)

    assert {d.pk for d in past.in_service} == {repaired_later.pk, retired_later.pk}
    assert {d.pk for d in now.in_service} == set()


def test_past_year_uses_holder_then(world: World) -> None:
    device = make_device(world.agency, commissioned_on=datetime.date(2024, 5, 1))
    devices.assign_device(world.head, device, world.officers[0].pk, at=_shanghai(2025, 3, 1))
    devices.return_device(world.head, device, at=_shanghai(2026, 2, 1))

    past = equipment.build(world.agency, 2025, PAST_END)
    now = equipment.build(world.agency, 2026, ON)

    assert past.in_service[0].assigned_officer == world.officers[0]
    assert world.officers[0] not in past.officers_without_device
    assert now.in_service[0].assigned_officer is None


def test_past_year_page(world: World) -> None:
    make_device(world.agency, commissioned_on=datetime.date(2026, 3, 1))

    page = client_for(world.head).get(reverse("evidence:equipment_report"), {"year": "2025"})

    assert page.context["report"].on == PAST_END
    assert page.context["report"].in_service == []
    assert "按当日结束时的设备、状态和配发情况统计" in page.content.decode()


@pytest.mark.parametrize("year", ["1900", "abc", "²"])
def test_invalid_year_named(world: World, year: str) -> None:
    page = client_for(world.head).get(
        reverse("evidence:equipment_report"), {"year": year}, follow=True
    )

    assert page.status_code == 200
    assert page.context["report"].year == timezone.localdate().year
    assert f"“年度”{year}无效" in page.content.decode()

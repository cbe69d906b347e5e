"""Demo list rows: realistic rows per agency, one entry changed after a law change, idempotent."""

import datetime

from zhifa.agencies.models import Agency, AgencyKind
from zhifa.catalog.actions import PowerItemContent, create_power_item
from zhifa.catalog.lists import demo
from zhifa.catalog.models import ListEntry, ListEntryVersion, ListKind, PowerCategory


def test_demo_loads_once(agency_a: Agency, agency_b: Agency, today: datetime.date) -> None:
    Agency.objects.create(
        name="上海市青浦区城市管理行政执法局",
        short_name="区城管执法局",
        kind=AgencyKind.DISTRICT_DEPARTMENT,
    )
    license_content = PowerItemContent(
        "食品经营许可", PowerCategory.LICENSE, "《食品安全法》", None
    )
    create_power_item(
        None, agency_b, "310118001001", license_content, effective_from=datetime.date(2024, 1, 1)
    )

    first = demo.load(today)
    second = demo.load(today)

    assert first["list_entry_versions"] == ListEntryVersion.objects.count()
    assert second == {"list_entry_versions": 0}
    kinds = set(ListEntry.objects.values_list("kind", flat=True))
    assert kinds == set(ListKind.values)
    changed = ListEntry.objects.get(code="SCJG-CL-001")
    assert changed.versions.count() == 2
    assert changed.versions.get(number=1).effective_to == datetime.date(2021, 7, 14)
    guide = ListEntry.objects.get(code="SCJG-ZN-001").versions.get()
    assert guide.power_item is not None
    assert guide.power_item.code == "310118001001"

"""List entry actions: first version, changes as new versions, withdrawal, scope and audit."""

import datetime

import pytest
from django.utils import timezone

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.catalog.actions import PowerItemContent, create_power_item
from zhifa.catalog.lists.actions import (
    ListEntryContent,
    change_list_entry,
    create_list_entry,
    withdraw_list_entry,
    withdrawal_of,
)
from zhifa.catalog.lists.queries import (
    ENDED,
    IN_FORCE,
    NEVER_IN_FORCE,
    PENDING,
    version_state,
)
from zhifa.catalog.lists.tests.conftest import BENCHMARK, benchmark_content
from zhifa.catalog.models import ListEntry, ListKind, PowerCategory
from zhifa.core.errors import NotPermitted, ValidationFailed


def test_create_stores_first_version(agency_head_user: User, benchmark_entry: ListEntry) -> None:
    version = benchmark_entry.versions.get()

    assert version.number == 1
    assert version.title == "未取得食品经营许可从事食品经营活动"
    assert version.content["benchmark"].startswith("没收违法所得")
    assert version.content["note"] == ""
    assert version.effective_to is None
    assert version.created_by == agency_head_user
    audit = AuditEntry.objects.get(action="list_entry_created")
    assert audit.agency_id == benchmark_entry.agency_id
    assert audit.detail["kind"] == BENCHMARK


def test_create_names_missing_field(agency_head_user: User, agency_a: Agency) -> None:
    with pytest.raises(ValidationFailed) as caught:
        create_list_entry(
            agency_head_user,
            agency_a,
            BENCHMARK,
            "CL-009",
            benchmark_content(benchmark=" "),
            effective_from=datetime.date(2026, 1, 1),
        )

    assert caught.value.field == "benchmark"
    assert "裁量标准" in caught.value.message
    assert not ListEntry.objects.exists()


def test_create_rejects_other_agency(agency_head_user: User, agency_b: Agency) -> None:
    with pytest.raises(NotPermitted):
        create_list_entry(
            agency_head_user,
            agency_b,
            BENCHMARK,
            "CL-001",
            benchmark_content(),
            effective_from=datetime.date(2026, 1, 1),
        )


def test_create_needs_capability(officer_user: User, agency_a: Agency) -> None:
    with pytest.raises(NotPermitted) as caught:
        create_list_entry(
            officer_user,
            agency_a,
            BENCHMARK,
            "CL-001",
            benchmark_content(),
            effective_from=datetime.date(2026, 1, 1),
        )

    assert "维护事前公开清单" in caught.value.message


def test_create_rejects_duplicate_code(
    agency_head_user: User, agency_a: Agency, benchmark_entry: ListEntry
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        create_list_entry(
            agency_head_user,
            agency_a,
            BENCHMARK,
            "CL-001",
            benchmark_content(),
            effective_from=datetime.date(2026, 1, 1),
        )

    assert caught.value.field == "code"


def test_date_field_is_normalised(agency_head_user: User, agency_a: Agency) -> None:
    content = ListEntryContent(
        "朱家角镇淀山湖大道与珠溪路交叉口",
        {
            "monitored_conduct": "占道经营",
            "review_passed_on": "2025年3月1日",
            "legal_basis": "《中华人民共和国行政处罚法》第四十一条",
        },
    )
    entry = create_list_entry(
        agency_head_user,
        agency_a,
        ListKind.MONITORING_DEVICE,
        "JK-001",
        content,
        effective_from=datetime.date(2025, 3, 10),
    )

    assert entry.versions.get().content["review_passed_on"] == "2025-03-01"


def test_bad_date_field_is_rejected(agency_head_user: User, agency_a: Agency) -> None:
    content = ListEntryContent(
        "朱家角镇淀山湖大道",
        {"monitored_conduct": "占道经营", "review_passed_on": "三月", "legal_basis": "第四十一条"},
    )

    with pytest.raises(ValidationFailed) as caught:
        create_list_entry(
            agency_head_user,
            agency_a,
            ListKind.MONITORING_DEVICE,
            "JK-001",
            content,
            effective_from=datetime.date(2025, 3, 10),
        )

    assert caught.value.field == "review_passed_on"
    assert "不是有效日期" in caught.value.message


def test_change_adds_version_and_ends_previous(
    agency_head_user: User, benchmark_entry: ListEntry
) -> None:
    version = change_list_entry(
        agency_head_user,
        benchmark_entry,
        benchmark_content(benchmark="并处五万元以上十万元以下罚款"),
        effective_from=datetime.date(2026, 3, 1),
        change_reason="《食品安全法》修正，罚款幅度调整",
    )

    first = benchmark_entry.versions.get(number=1)
    assert version.number == 2
    assert first.effective_to == datetime.date(2026, 2, 28)
    assert benchmark_entry.version_on(datetime.date(2026, 2, 28)) == first
    assert benchmark_entry.version_on(datetime.date(2026, 3, 1)) == version
    audit = AuditEntry.objects.get(action="list_entry_changed")
    assert audit.detail["reason"] == "《食品安全法》修正，罚款幅度调整"


def test_change_with_same_content_is_rejected(
    agency_head_user: User, benchmark_entry: ListEntry
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        change_list_entry(
            agency_head_user,
            benchmark_entry,
            benchmark_content(),
            effective_from=datetime.date(2026, 3, 1),
            change_reason="无",
        )

    assert "完全相同" in caught.value.message
    assert benchmark_entry.versions.count() == 1


def test_change_needs_reason(agency_head_user: User, benchmark_entry: ListEntry) -> None:
    with pytest.raises(ValidationFailed) as caught:
        change_list_entry(
            agency_head_user,
            benchmark_entry,
            benchmark_content(benchmark="新标准"),
            effective_from=datetime.date(2026, 3, 1),
            change_reason="  ",
        )

    assert caught.value.field == "change_reason"


def test_change_needs_later_effective_date(
    agency_head_user: User, benchmark_entry: ListEntry
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        change_list_entry(
            agency_head_user,
            benchmark_entry,
            benchmark_content(benchmark="新标准"),
            effective_from=datetime.date(2025, 1, 1),
            change_reason="法律修改",
        )

    assert caught.value.field == "effective_from"


def test_change_of_other_agency_is_rejected(agency_head_user: User, other_entry: ListEntry) -> None:
    with pytest.raises(NotPermitted):
        change_list_entry(
            agency_head_user,
            other_entry,
            benchmark_content(benchmark="新标准"),
            effective_from=datetime.date(2026, 3, 1),
            change_reason="法律修改",
        )


def test_withdraw_ends_last_version(agency_head_user: User, benchmark_entry: ListEntry) -> None:
    withdraw_list_entry(
        agency_head_user, benchmark_entry, datetime.date(2026, 6, 30), "职能划转至区城管执法局"
    )

    withdrawn = withdrawal_of(benchmark_entry)
    assert withdrawn is not None
    assert withdrawn.effective_to == datetime.date(2026, 6, 30)
    assert withdrawn.withdrawal_reason == "职能划转至区城管执法局"
    assert benchmark_entry.version_on(datetime.date(2026, 7, 1)) is None
    assert AuditEntry.objects.filter(action="list_entry_withdrawn").count() == 1


def test_withdrawn_entry_cannot_change(agency_head_user: User, benchmark_entry: ListEntry) -> None:
    withdraw_list_entry(agency_head_user, benchmark_entry, datetime.date(2026, 6, 30), "取消")

    with pytest.raises(ValidationFailed) as caught:
        change_list_entry(
            agency_head_user,
            benchmark_entry,
            benchmark_content(benchmark="新标准"),
            effective_from=datetime.date(2026, 8, 1),
            change_reason="法律修改",
        )

    assert "已废止" in caught.value.message


def test_withdraw_before_effective_date_is_rejected(
    agency_head_user: User, benchmark_entry: ListEntry
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        withdraw_list_entry(agency_head_user, benchmark_entry, datetime.date(2024, 12, 31), "取消")

    assert caught.value.field == "effective_to"
    assert withdrawal_of(benchmark_entry) is None


def test_power_item_link_is_own_agency_only(
    agency_head_user: User, other_agency_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    item_content = PowerItemContent(
        "对未取得食品经营许可从事食品经营的处罚", PowerCategory.PENALTY, "《食品安全法》", None
    )
    create_power_item(
        agency_head_user, agency_a, "QP-1", item_content, effective_from=datetime.date(2025, 1, 1)
    )
    create_power_item(
        other_agency_user, agency_b, "QP-2", item_content, effective_from=datetime.date(2025, 1, 1)
    )

    entry = create_list_entry(
        agency_head_user,
        agency_a,
        BENCHMARK,
        "CL-1",
        ListEntryContent("标题", benchmark_content().fields, "QP-1"),
        effective_from=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationFailed) as caught:
        create_list_entry(
            agency_head_user,
            agency_a,
            BENCHMARK,
            "CL-2",
            ListEntryContent("标题", benchmark_content().fields, "QP-2"),
            effective_from=datetime.date(2026, 1, 1),
        )

    version = entry.versions.get()
    assert version.power_item is not None
    assert version.power_item.code == "QP-1"
    assert caught.value.field == "power_item_code"


def test_control_characters_are_removed(agency_head_user: User, agency_a: Agency) -> None:
    content = benchmark_content(
        title="未取得\x07食品经营许可\x7f",
        benchmark="第一档\x0b第二档\r\n\t第三档\x00",
        circumstance="初次违法\n货值较小\t",
    )

    entry = create_list_entry(
        agency_head_user,
        agency_a,
        BENCHMARK,
        "CL-\x1b002",
        content,
        effective_from=datetime.date(2025, 1, 1),
    )

    version = entry.latest_version()
    assert version is not None
    assert entry.code == "CL-002"
    assert version.title == "未取得食品经营许可"
    assert version.content["benchmark"] == "第一档\n第二档\n\t第三档"
    assert version.content["circumstance"] == "初次违法 货值较小"


def test_change_reason_loses_control_characters(
    agency_head_user: User, benchmark_entry: ListEntry
) -> None:
    version = change_list_entry(
        agency_head_user,
        benchmark_entry,
        benchmark_content(circumstance="再次违法"),
        effective_from=datetime.date(2026, 1, 1),
        change_reason="法律\x07修改",
    )

    assert version.change_reason == "法律修改"


def test_title_of_only_control_characters_is_missing(
    agency_head_user: User, agency_a: Agency
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        create_list_entry(
            agency_head_user,
            agency_a,
            BENCHMARK,
            "CL-003",
            benchmark_content(title="\x07\x08"),
            effective_from=datetime.date(2025, 1, 1),
        )

    assert caught.value.field == "title"


def test_withdraw_before_pending_version_ends_it(
    agency_head_user: User, benchmark_entry: ListEntry
) -> None:
    today = timezone.localdate()
    pending = change_list_entry(
        agency_head_user,
        benchmark_entry,
        benchmark_content(circumstance="再次违法"),
        effective_from=today + datetime.timedelta(days=30),
        change_reason="裁量基准修订",
    )
    last_day = today + datetime.timedelta(days=10)

    withdraw_list_entry(agency_head_user, benchmark_entry, last_day, "职能划转")

    first = benchmark_entry.versions.get(number=1)
    pending.refresh_from_db()
    assert first.effective_to == last_day
    assert pending.effective_to == last_day
    assert pending.effective_to < pending.effective_from
    assert version_state(pending, today).code == NEVER_IN_FORCE
    assert benchmark_entry.version_on(pending.effective_from) is None
    assert benchmark_entry.version_on(last_day) == first
    withdrawal = withdrawal_of(benchmark_entry)
    assert withdrawal is not None
    assert withdrawal.effective_to == last_day
    entry = AuditEntry.objects.get(action="list_entry_withdrawn")
    assert entry.detail["never_in_force"] == [2]


def test_withdraw_after_pending_date_keeps_it(
    agency_head_user: User, benchmark_entry: ListEntry
) -> None:
    today = timezone.localdate()
    pending = change_list_entry(
        agency_head_user,
        benchmark_entry,
        benchmark_content(circumstance="再次违法"),
        effective_from=today + datetime.timedelta(days=30),
        change_reason="裁量基准修订",
    )
    last_day = today + datetime.timedelta(days=60)

    withdraw_list_entry(agency_head_user, benchmark_entry, last_day, "职能划转")

    pending.refresh_from_db()
    assert pending.effective_to == last_day
    assert benchmark_entry.version_on(last_day) == pending
    assert benchmark_entry.versions.get(number=1).effective_to == pending.effective_from - (
        datetime.timedelta(days=1)
    )


def test_withdraw_before_started_version_is_rejected(
    agency_head_user: User, benchmark_entry: ListEntry
) -> None:
    today = timezone.localdate()
    change_list_entry(
        agency_head_user,
        benchmark_entry,
        benchmark_content(circumstance="再次违法"),
        effective_from=today,
        change_reason="裁量基准修订",
    )

    with pytest.raises(ValidationFailed) as caught:
        withdraw_list_entry(
            agency_head_user, benchmark_entry, today - datetime.timedelta(days=1), "取消"
        )

    assert caught.value.field == "effective_to"
    assert "第2版已于" in caught.value.message
    assert withdrawal_of(benchmark_entry) is None


@pytest.mark.parametrize(
    ("start", "end", "code", "label"),
    [
        (-10, None, IN_FORCE, "现行"),
        (-10, 5, IN_FORCE, "现行"),
        (10, None, PENDING, "将于"),
        (-20, -1, ENDED, "已失效"),
        (10, 5, NEVER_IN_FORCE, "未施行"),
    ],
)
def test_version_state_labels(
    start: int, end: int | None, code: str, label: str, benchmark_entry: ListEntry
) -> None:
    today = datetime.date(2026, 12, 5)
    version = benchmark_entry.versions.get()
    version.effective_from = today + datetime.timedelta(days=start)
    version.effective_to = None if end is None else today + datetime.timedelta(days=end)

    state = version_state(version, today)

    assert state.code == code
    assert state.label.startswith(label)

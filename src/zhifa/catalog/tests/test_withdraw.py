"""Withdrawing (废止) a power item: the action, its page, the list filter and the portal."""

import datetime
import io
from collections.abc import Callable

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from zhifa.accounts.audit import ACTION_LABELS
from zhifa.accounts.models import AuditEntry, User
from zhifa.catalog.actions import (
    PowerItemContent,
    PowerItemImportRejected,
    change_power_item,
    create_power_item,
    import_power_items,
    withdraw_power_item,
)
from zhifa.catalog.models import PowerCategory, PowerItem
from zhifa.core.errors import NotPermitted, ValidationFailed
from zhifa.portal.queries import power_items_in_force

MakeWorkbook = Callable[..., io.BytesIO]


def test_withdraw_ends_current_version(power_item: PowerItem, agency_head_user: User) -> None:
    version = withdraw_power_item(
        agency_head_user, power_item, datetime.date(2026, 6, 30), "职权已取消"
    )

    version.refresh_from_db()
    assert version.number == 1
    assert version.effective_to == datetime.date(2026, 6, 30)
    assert version.withdrawal_reason == "职权已取消"
    assert power_item.versions.count() == 1
    assert power_item.version_on(datetime.date(2026, 6, 30)) == version
    assert power_item.version_on(datetime.date(2026, 7, 1)) is None
    assert power_item.withdrawal() == version


def test_withdraw_is_audited(power_item: PowerItem, agency_head_user: User) -> None:
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.30")

    withdraw_power_item(
        agency_head_user, power_item, datetime.date(2026, 6, 30), "职权已取消", request=request
    )

    entry = AuditEntry.objects.get(action="power_item_withdrawn")
    assert entry.actor == agency_head_user
    assert entry.agency_id == power_item.agency_id
    assert entry.ip_address == "192.0.2.30"
    assert entry.detail == {
        "code": "ZJJ-001",
        "version": 1,
        "effective_to": "2026-06-30",
        "reason": "职权已取消",
    }
    assert ACTION_LABELS["power_item_withdrawn"] == "废止权责事项"


def test_withdraw_on_first_day_allowed(power_item: PowerItem, agency_head_user: User) -> None:
    version = withdraw_power_item(agency_head_user, power_item, datetime.date(2025, 1, 1), "录错")

    assert version.effective_to == datetime.date(2025, 1, 1)


@pytest.mark.parametrize(
    ("effective_to", "reason", "field", "message"),
    [
        (datetime.date(2024, 12, 31), "职权已取消", "effective_to", "不能早于现行版本（第1版）"),
        (datetime.date(2026, 6, 30), "  ", "reason", "请填写废止原因"),
        (datetime.date(2026, 6, 30), "因" * 201, "reason", "废止原因超过 200 个字"),
    ],
)
def test_withdraw_rejected(
    power_item: PowerItem,
    agency_head_user: User,
    effective_to: datetime.date,
    reason: str,
    field: str,
    message: str,
) -> None:
    with pytest.raises(ValidationFailed, match=message) as caught:
        withdraw_power_item(agency_head_user, power_item, effective_to, reason)

    assert caught.value.field == field
    assert power_item.withdrawal() is None
    assert not AuditEntry.objects.filter(action="power_item_withdrawn").exists()


def test_withdraw_checks_latest_version(power_item: PowerItem, agency_head_user: User) -> None:
    change_power_item(
        agency_head_user,
        power_item,
        PowerItemContent("新名称", PowerCategory.PENALTY, "新依据", None),
        effective_from=datetime.date(2026, 3, 1),
        change_reason="依据修订",
    )

    with pytest.raises(ValidationFailed, match="第2版"):
        withdraw_power_item(agency_head_user, power_item, datetime.date(2026, 2, 1), "取消")

    version = withdraw_power_item(agency_head_user, power_item, datetime.date(2026, 3, 31), "取消")
    assert version.number == 2


def test_withdraw_twice_rejected(power_item: PowerItem, agency_head_user: User) -> None:
    withdraw_power_item(agency_head_user, power_item, datetime.date(2026, 6, 30), "职权已取消")

    with pytest.raises(ValidationFailed, match="已废止（施行至 2026年6月30日）"):
        withdraw_power_item(agency_head_user, power_item, datetime.date(2026, 7, 31), "再次")


def test_withdraw_by_officer_rejected(power_item: PowerItem, officer_user: User) -> None:
    with pytest.raises(NotPermitted):
        withdraw_power_item(officer_user, power_item, datetime.date(2026, 6, 30), "取消")


def test_withdraw_other_agency_rejected(
    other_power_item: PowerItem, agency_head_user: User
) -> None:
    with pytest.raises(NotPermitted):
        withdraw_power_item(agency_head_user, other_power_item, datetime.date(2026, 6, 30), "取消")


def test_change_after_withdrawal_rejected(power_item: PowerItem, agency_head_user: User) -> None:
    withdraw_power_item(agency_head_user, power_item, datetime.date(2026, 6, 30), "职权已取消")

    with pytest.raises(ValidationFailed, match="该事项已废止"):
        change_power_item(
            agency_head_user,
            power_item,
            PowerItemContent("新名称", PowerCategory.PENALTY, "新依据", None),
            effective_from=datetime.date(2026, 8, 1),
            change_reason="恢复",
        )

    assert power_item.versions.count() == 1


def test_import_of_withdrawn_item_rejected(
    power_item: PowerItem, agency_head_user: User, make_workbook: MakeWorkbook
) -> None:
    withdraw_power_item(agency_head_user, power_item, datetime.date(2026, 6, 30), "职权已取消")
    row = [
        "ZJJ-001",
        "对无照经营的处罚",
        "行政处罚",
        "《无证无照经营查处办法》第十三条",
        "",
        "2025-01-01",
        "",
    ]

    with pytest.raises(PowerItemImportRejected) as caught:
        import_power_items(agency_head_user, power_item.agency, make_workbook([row]))

    assert caught.value.errors == [
        "第2行「事项编码」：编码“ZJJ-001”的事项已废止（施行至 2026年6月30日），"
        "不能通过导入变更，请删除本行。"
    ]


def test_portal_stops_listing_withdrawn_item(power_item: PowerItem, agency_head_user: User) -> None:
    withdraw_power_item(agency_head_user, power_item, datetime.date(2026, 6, 30), "职权已取消")

    on_last_day = power_items_in_force(power_item.agency_id, datetime.date(2026, 6, 30))
    after = power_items_in_force(power_item.agency_id, datetime.date(2026, 7, 1))

    assert [version.code for version in on_last_day] == ["ZJJ-001"]
    assert after == []


# --- Pages -------------------------------------------------------------------------------------


def test_withdraw_page_needs_capability(
    client: Client, officer_user: User, power_item: PowerItem
) -> None:
    client.force_login(officer_user)
    url = reverse("catalog:power_item_withdraw", args=[power_item.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"effective_to": "2026-06-30", "reason": "取消"}).status_code == 403
    assert power_item.withdrawal() is None


def test_withdraw_page_other_agency_404(
    client: Client, agency_head_user: User, other_power_item: PowerItem
) -> None:
    client.force_login(agency_head_user)
    url = reverse("catalog:power_item_withdraw", args=[other_power_item.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"effective_to": "2026-06-30", "reason": "取消"}).status_code == 404
    assert other_power_item.withdrawal() is None


def test_withdraw_page_withdraws(
    client: Client, agency_head_user: User, power_item: PowerItem
) -> None:
    client.force_login(agency_head_user)
    detail = client.get(reverse("catalog:power_item_detail", args=[power_item.pk]))
    assert reverse("catalog:power_item_withdraw", args=[power_item.pk]) in detail.content.decode()

    response = client.post(
        reverse("catalog:power_item_withdraw", args=[power_item.pk]),
        {"effective_to": "2025-06-30", "reason": "职权已取消"},
        REMOTE_ADDR="192.0.2.31",
        follow=True,
    )

    page = response.content.decode()
    assert "已废止 ZJJ-001：施行至 2025年6月30日" in page
    assert "已废止</span> 施行至 2025年6月30日；废止原因：职权已取消" in page
    assert reverse("catalog:power_item_withdraw", args=[power_item.pk]) not in page
    assert reverse("catalog:power_item_change", args=[power_item.pk]) not in page
    assert AuditEntry.objects.get(action="power_item_withdrawn").ip_address == "192.0.2.31"


def test_withdraw_page_shows_error(
    client: Client, agency_head_user: User, power_item: PowerItem
) -> None:
    client.force_login(agency_head_user)

    response = client.post(
        reverse("catalog:power_item_withdraw", args=[power_item.pk]),
        {"effective_to": "2024-12-31", "reason": "职权已取消"},
    )

    assert response.status_code == 400
    assert "不能早于现行版本（第1版）的生效日期 2025年1月1日" in response.content.decode()
    assert power_item.withdrawal() is None


def test_list_hides_withdrawn_unless_asked(
    client: Client,
    agency_head_user: User,
    power_item: PowerItem,
    today: datetime.date,
) -> None:
    active_item = create_power_item(
        agency_head_user,
        power_item.agency,
        "ZJJ-002",
        PowerItemContent("对占道经营的处罚", PowerCategory.PENALTY, "依据", None),
        effective_from=datetime.date(2025, 1, 1),
    )
    withdraw_power_item(agency_head_user, power_item, today - datetime.timedelta(days=1), "取消")
    client.force_login(agency_head_user)
    url = reverse("catalog:power_item_list")

    default = client.get(url).content.decode()
    withdrawn = client.get(url, {"status": "withdrawn"}).content.decode()
    everything = client.get(url, {"status": "all"}).content.decode()

    assert "ZJJ-001" not in default
    assert active_item.code in default
    assert "ZJJ-001" in withdrawn
    assert '对无照经营的处罚 <span class="badge bad">已废止</span>' in withdrawn
    assert active_item.code not in withdrawn
    assert "ZJJ-001" in everything
    assert active_item.code in everything


def test_list_keeps_item_until_last_day(
    client: Client, agency_head_user: User, power_item: PowerItem, today: datetime.date
) -> None:
    withdraw_power_item(agency_head_user, power_item, today, "取消")
    client.force_login(agency_head_user)
    url = reverse("catalog:power_item_list")

    assert "ZJJ-001" in client.get(url).content.decode()
    assert "ZJJ-001" not in client.get(url, {"status": "withdrawn"}).content.decode()

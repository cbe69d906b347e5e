"""Power item API: scoped list with filters, and one item with its versions."""

import datetime

from django.test import Client

from zhifa.accounts.models import User
from zhifa.catalog.actions import PowerItemContent, change_power_item
from zhifa.catalog.models import PowerCategory, PowerItem


def test_list_is_scoped(
    client: Client, officer_user: User, power_item: PowerItem, other_power_item: PowerItem
) -> None:
    client.force_login(officer_user)

    body = client.get("/api/power-items").json()

    assert body["count"] == 1
    assert [item["code"] for item in body["items"]] == ["ZJJ-001"]
    assert body["items"][0]["current"]["category_label"] == "行政处罚"


def test_list_filters(
    client: Client, supervisor_user: User, power_item: PowerItem, other_power_item: PowerItem
) -> None:
    client.force_login(supervisor_user)

    by_category = client.get("/api/power-items", {"category": "inspection"}).json()
    by_search = client.get("/api/power-items", {"q": "ZJJ"}).json()
    by_agency = client.get("/api/power-items", {"agency": other_power_item.agency_id}).json()

    assert [item["code"] for item in by_category["items"]] == ["SJ-001"]
    assert [item["code"] for item in by_search["items"]] == ["ZJJ-001"]
    assert [item["code"] for item in by_agency["items"]] == ["SJ-001"]


def test_detail_lists_versions(
    client: Client, agency_head_user: User, power_item: PowerItem
) -> None:
    change_power_item(
        agency_head_user,
        power_item,
        PowerItemContent("修订后的名称", PowerCategory.PENALTY, "新依据", None),
        effective_from=datetime.date(2026, 3, 1),
        change_reason="依据修订",
    )
    client.force_login(agency_head_user)

    body = client.get(f"/api/power-items/{power_item.pk}").json()

    assert [version["number"] for version in body["versions"]] == [1, 2]
    assert body["versions"][0]["effective_to"] == "2026-02-28"
    assert body["versions"][1]["change_reason"] == "依据修订"


def test_detail_of_other_agency_is_404(
    client: Client, officer_user: User, other_power_item: PowerItem
) -> None:
    client.force_login(officer_user)

    response = client.get(f"/api/power-items/{other_power_item.pk}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_list_refused_without_capability(client: Client, security_admin_user: User) -> None:
    client.force_login(security_admin_user)

    assert client.get("/api/power-items").status_code == 403


def test_list_requires_login(client: Client, db: None) -> None:
    assert client.get("/api/power-items").status_code == 401

"""List API: scoped list, detail with versions, create, change, withdraw and import."""

import io
from collections.abc import Callable

from django.test import Client

from zhifa.accounts.models import User
from zhifa.catalog.lists.tests.conftest import BENCHMARK, BENCHMARK_FIELDS, benchmark_row
from zhifa.catalog.models import ListEntry

MakeWorkbook = Callable[..., io.BytesIO]


def test_list_is_scoped(
    client: Client, officer_user: User, benchmark_entry: ListEntry, other_entry: ListEntry
) -> None:
    client.force_login(officer_user)

    body = client.get(f"/api/lists/{BENCHMARK}").json()

    assert body["count"] == 1
    assert [item["code"] for item in body["items"]] == ["CL-001"]
    assert body["items"][0]["current"]["content"]["circumstance"] == "初次违法，货值金额不足一万元"


def test_unknown_kind_is_422(client: Client, officer_user: User) -> None:
    client.force_login(officer_user)

    assert client.get("/api/lists/nonsense").status_code == 422


def test_detail_of_other_agency_is_404(
    client: Client, officer_user: User, other_entry: ListEntry
) -> None:
    client.force_login(officer_user)

    assert client.get(f"/api/lists/entries/{other_entry.pk}").status_code == 404


def test_create_change_and_withdraw(client: Client, agency_head_user: User) -> None:
    client.force_login(agency_head_user)
    payload = {
        "agency_id": agency_head_user.agency_id,
        "code": "CL-200",
        "title": "未按规定进货查验",
        "fields": BENCHMARK_FIELDS,
        "effective_from": "2026-01-01",
    }

    created = client.post(f"/api/lists/{BENCHMARK}", payload, content_type="application/json")
    entry_id = created.json()["id"]
    changed = client.post(
        f"/api/lists/entries/{entry_id}/change",
        {
            "title": "未按规定进货查验",
            "fields": {**BENCHMARK_FIELDS, "benchmark": "新标准"},
            "effective_from": "2026-04-01",
            "change_reason": "法律修正",
        },
        content_type="application/json",
    )
    withdrawn = client.post(
        f"/api/lists/entries/{entry_id}/withdraw",
        {"effective_to": "2026-12-31", "reason": "职能调整"},
        content_type="application/json",
    )

    assert created.status_code == 201
    assert changed.status_code == 200
    assert [version["number"] for version in changed.json()["versions"]] == [1, 2]
    assert changed.json()["versions"][0]["effective_to"] == "2026-03-31"
    assert withdrawn.json()["versions"][1]["effective_to"] == "2026-12-31"


def test_create_with_missing_field_is_400(client: Client, agency_head_user: User) -> None:
    client.force_login(agency_head_user)
    payload: dict[str, object] = {
        "agency_id": agency_head_user.agency_id,
        "code": "CL-200",
        "title": "未按规定进货查验",
        "fields": {},
        "effective_from": "2026-01-01",
    }

    response = client.post(f"/api/lists/{BENCHMARK}", payload, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["field"] == "legal_provision"


def test_officer_cannot_create(client: Client, officer_user: User) -> None:
    client.force_login(officer_user)
    payload = {
        "agency_id": officer_user.agency_id,
        "code": "CL-200",
        "title": "未按规定进货查验",
        "fields": BENCHMARK_FIELDS,
        "effective_from": "2026-01-01",
    }

    response = client.post(f"/api/lists/{BENCHMARK}", payload, content_type="application/json")

    assert response.status_code == 403


def test_create_for_other_agency_is_404(
    client: Client, agency_head_user: User, other_agency_user: User
) -> None:
    client.force_login(agency_head_user)
    payload = {
        "agency_id": other_agency_user.agency_id,
        "code": "CL-200",
        "title": "未按规定进货查验",
        "fields": BENCHMARK_FIELDS,
        "effective_from": "2026-01-01",
    }

    response = client.post(f"/api/lists/{BENCHMARK}", payload, content_type="application/json")

    assert response.status_code == 404
    assert not ListEntry.objects.exists()


def test_import_multipart(
    client: Client, agency_head_user: User, make_workbook: MakeWorkbook
) -> None:
    client.force_login(agency_head_user)
    good = make_workbook([benchmark_row("CL-1")])
    bad = make_workbook([benchmark_row("CL-2", benchmark="")])

    imported = client.post(
        f"/api/lists/{BENCHMARK}/import", {"agency_id": agency_head_user.agency_id, "file": good}
    )
    rejected = client.post(
        f"/api/lists/{BENCHMARK}/import", {"agency_id": agency_head_user.agency_id, "file": bad}
    )

    assert imported.status_code == 200
    assert imported.json() == {"created": 1, "changed": 0, "unchanged": 0, "skipped": 0}
    assert rejected.status_code == 400
    assert rejected.json()["code"] == "list_import_rejected"
    assert "第2行「裁量标准」" in rejected.json()["message"]

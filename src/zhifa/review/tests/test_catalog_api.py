"""The review catalog API under /api/review/catalogs."""

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import EnforcementDomain
from zhifa.review.models import ReviewCatalog

pytestmark = pytest.mark.django_db

BASE = "/api/review/catalogs"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def filed(client: Client, today: datetime.date) -> int:
    created = post(client, BASE, {"effective_from": today.isoformat()})
    assert created.status_code == 201
    catalog_id = created.json()["id"]
    entry = {"decision_kind": "penalty", "description": "较大数额罚款", "min_amount": "10000"}
    assert post(client, f"{BASE}/{catalog_id}/entries", entry).status_code == 201
    assert post(client, f"{BASE}/{catalog_id}/file").status_code == 200
    return catalog_id


def test_create_entries_and_file(agency_head_user: User, today: datetime.date) -> None:
    head = client_for(agency_head_user)
    created = post(head, BASE, {"effective_from": today.isoformat(), "change_note": "首版"})
    body = created.json()
    catalog_id = body["id"]

    assert created.status_code == 201
    assert body["version"] == 1
    assert body["state"] == "draft"

    added = post(
        head,
        f"{BASE}/{catalog_id}/entries",
        {"decision_kind": "penalty", "description": "罚款", "applies_to_all": True},
    )
    entry_id = added.json()["entries"][0]["id"]
    deleted = head.delete(f"{BASE}/{catalog_id}/entries/{entry_id}")
    assert deleted.status_code == 200
    assert deleted.json()["entries"] == []

    empty_filing = post(head, f"{BASE}/{catalog_id}/file")
    assert empty_filing.status_code == 400
    assert empty_filing.json()["code"] == "validation_failed"


def test_accept_and_return(
    agency_head_user: User, supervisor_user: User, today: datetime.date
) -> None:
    head = client_for(agency_head_user)
    bureau = client_for(supervisor_user)
    first = filed(head, today)

    assert post(head, f"{BASE}/{first}/accept").status_code == 403
    accepted = post(bureau, f"{BASE}/{first}/accept", {"comments": "同意"})
    assert accepted.json()["standing"] == "现行有效"

    second = filed(head, today)
    no_comments = post(bureau, f"{BASE}/{second}/return", {"comments": ""})
    assert no_comments.status_code == 400
    assert no_comments.json()["field"] == "comments"
    returned = post(bureau, f"{BASE}/{second}/return", {"comments": "请补充强制执行事项"})
    assert returned.json()["state"] == "returned"
    assert AuditEntry.objects.filter(action="review_catalog_returned").count() == 1

    again = post(bureau, f"{BASE}/{second}/accept")
    assert again.status_code == 409


def test_list_and_detail_scoped(
    agency_head_user: User, other_agency_user: User, supervisor_user: User, today: datetime.date
) -> None:
    catalog_id = filed(client_for(agency_head_user), today)
    other = client_for(other_agency_user)

    assert other.get(BASE).json() == []
    assert other.get(f"{BASE}/{catalog_id}").status_code == 404
    assert post(other, f"{BASE}/{catalog_id}/file").status_code == 404
    assert other.get(f"{BASE}/{2**63}").status_code == 404
    listed = client_for(supervisor_user).get(f"{BASE}?state=filed").json()
    assert [row["id"] for row in listed] == [catalog_id]


def test_officer_cannot_create(officer_user: User, today: datetime.date) -> None:
    response = post(client_for(officer_user), BASE, {"effective_from": today.isoformat()})

    assert response.status_code == 403
    assert not ReviewCatalog.objects.exists()


def test_anonymous_refused() -> None:
    assert Client().get(BASE).status_code == 401


def _draft_id(head: Client, today: datetime.date) -> int:
    created = post(head, BASE, {"effective_from": today.isoformat()})
    return int(created.json()["id"])


def test_entry_sort_order_20_digits(agency_head_user: User, today: datetime.date) -> None:
    head = client_for(agency_head_user)
    catalog_id = _draft_id(head, today)
    entry = {"decision_kind": "penalty", "description": "罚款", "min_amount": "1"}

    huge = post(head, f"{BASE}/{catalog_id}/entries", {**entry, "sort_order": 10**19})
    edge = post(head, f"{BASE}/{catalog_id}/entries", {**entry, "sort_order": 9999})

    assert huge.status_code == 400
    assert huge.json()["field"] == "sort_order"
    assert "0至9999" in huge.json()["message"]
    assert edge.status_code == 201


def test_entry_unknown_domain(agency_head_user: User, today: datetime.date) -> None:
    EnforcementDomain.objects.get_or_create(code="market", defaults={"name": "市场监管"})
    head = client_for(agency_head_user)
    catalog_id = _draft_id(head, today)
    entry = {"decision_kind": "penalty", "description": "罚款"}

    unknown = post(head, f"{BASE}/{catalog_id}/entries", {**entry, "domain_code": "markt"})
    known = post(head, f"{BASE}/{catalog_id}/entries", {**entry, "domain_code": "market"})

    assert unknown.status_code == 400
    assert unknown.json()["field"] == "domain_code"
    assert "market（市场监管）" in unknown.json()["message"]
    assert known.status_code == 201


def test_entry_without_criterion_refused(agency_head_user: User, today: datetime.date) -> None:
    head = client_for(agency_head_user)
    catalog_id = _draft_id(head, today)
    entry = {"decision_kind": "penalty", "description": "罚款", "other_criteria": "情节严重的"}

    refused = post(head, f"{BASE}/{catalog_id}/entries", entry)

    assert refused.status_code == 400
    assert refused.json()["field"] == "applies_to_all"
    assert "不参与自动判定" in refused.json()["message"]

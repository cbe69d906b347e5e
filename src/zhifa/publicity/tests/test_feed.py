"""The public JSON feed: snapshot only, no non-public field, withdrawn items without content."""

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.publicity.changes.expiry import expire_due
from zhifa.publicity.changes.repair import RepairRequest, decide, record_request
from zhifa.publicity.changes.withdrawal import withdraw
from zhifa.publicity.models import Publication, PublishedItem
from zhifa.publicity.tests.conftest import PARTY_ID_NUMBER

NOV = datetime.date(2026, 11, 10)
FEED = "/api/publicity/feed"


@pytest.fixture
def approver(make_user: Callable[..., User], agency_a: Agency) -> User:
    return make_user("approver_a", "publication_approver", agency=agency_a)


def test_feed_is_public_and_has_no_private_field(
    make_publication: Callable[..., Publication],
) -> None:
    make_publication(published_on=NOV)
    make_publication(document_number="草稿号")

    response = Client().get(FEED)

    assert response.status_code == 200
    body = response.content.decode()
    assert PARTY_ID_NUMBER not in body
    assert "310118********123X" not in body
    assert "CF_XDR_ZJHM" not in body
    assert "CF_XDR_ZJLX" not in body
    assert "张三" not in body
    items = response.json()["items"]
    assert len(items) == 1
    assert items[0]["party_name"] == "张某"
    assert items[0]["status"] == "public"
    assert {field["code"] for field in items[0]["fields"]} >= {"CF_XDR_MC", "CF_WSH"}


def test_feed_withdrawn_item_keeps_reason_only(
    approver: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(published_on=NOV)
    withdraw(approver, publication, "该决定已被依法撤销。", datetime.date(2026, 11, 20))

    [item] = Client().get(FEED).json()["items"]

    assert item["status"] == "withdrawn"
    assert item["withdrawal_reason"] == "该决定已被依法撤销。"
    assert item["fields"] == []
    assert item["text"] == ""
    assert item["party_name"] == ""


def test_feed_reports_expired_item_as_ended(
    make_publication: Callable[..., Publication],
) -> None:
    publication = make_publication(published_on=NOV, ends_on=datetime.date(2026, 12, 1))
    make_publication(published_on=NOV, document_number="仍在公示")
    first = PublishedItem.objects.get(publication=publication)
    since = first.updated_at.isoformat()

    expire_due(datetime.date(2026, 12, 4))

    body = Client().get(FEED, {"since": since}).content.decode()
    items = json.loads(body)["items"]
    ended = items[0]
    assert ended["id"] == first.pk
    assert ended["status"] == "ended"
    assert ended["end_reason"] == "expiry"
    assert ended["end_reason_label"] == "公示期满"
    assert ended["ended_on"] is not None
    assert ended["document_number"] == first.document_number
    assert ended["fields"] == []
    assert ended["text"] == ""
    assert ended["party_name"] == ""
    assert ended["withdrawal_reason"] == ""
    assert "张某" not in json.dumps(ended, ensure_ascii=False)
    assert [item["status"] for item in items[1:]] == ["public"]


def test_feed_reports_repaired_item_as_ended(
    officer_user: User, approver: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(
        published_on=NOV,
        min_end_on=datetime.date(2026, 12, 1),
        ends_on=datetime.date(2029, 11, 5),
    )
    request = record_request(
        officer_user,
        publication,
        RepairRequest(requested_on=datetime.date(2026, 12, 2), grounds="已缴清罚款并整改完毕"),
    )
    decide(approver, request, True, "")

    [item] = Client().get(FEED).json()["items"]

    assert item["status"] == "ended"
    assert item["end_reason"] == "repair"
    assert item["end_reason_label"] == "信用修复"
    assert item["fields"] == []


def test_feed_pages_newest_first_with_cursor(
    agency_b: Agency, make_publication: Callable[..., Publication]
) -> None:
    numbered = [
        make_publication(published_on=NOV, document_number=f"号{index}") for index in range(5)
    ]
    make_publication(agency=agency_b, published_on=NOV, document_number="乙")
    client = Client()

    first = client.get(FEED, {"limit": 2, "agency": numbered[0].agency_id}).json()
    second = client.get(
        FEED, {"limit": 2, "agency": numbered[0].agency_id, "cursor": first["next_cursor"]}
    ).json()
    third = client.get(
        FEED, {"limit": 2, "agency": numbered[0].agency_id, "cursor": second["next_cursor"]}
    ).json()

    seen = [item["document_number"] for page in (first, second, third) for item in page["items"]]
    assert seen == ["号4", "号3", "号2", "号1", "号0"]
    assert third["next_cursor"] is None


def test_feed_since_filters_by_change_time(make_publication: Callable[..., Publication]) -> None:
    old = make_publication(published_on=NOV, document_number="旧")
    make_publication(published_on=NOV, document_number="新")
    PublishedItem.objects.filter(publication=old).update(
        updated_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )

    items = Client().get(FEED, {"since": "2026-06-01T00:00:00+08:00"}).json()["items"]

    assert [item["document_number"] for item in items] == ["新"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "2026-06-01"}, "since"),
        ({"since": "昨天"}, "since"),
        ({"cursor": "不是游标"}, "cursor"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
    ],
)
def test_feed_rejects_bad_parameters(params: dict[str, Any], field: str, db: None) -> None:
    response = Client().get(FEED, params)
    assert response.status_code == 400
    assert json.loads(response.content)["field"] == field

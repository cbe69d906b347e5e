"""Credit repair: requests, refusals before the minimum or for non-removable penalties, approval."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from zhifa.publicity.changes.repair import RepairRequest, decide, record_request
from zhifa.publicity.models import (
    ChangeKind,
    CreditRepair,
    CreditRepairSource,
    CreditRepairStatus,
    EndReason,
    Publication,
    PublicationStatus,
    PublishedItem,
)

# make_publication decides on 5 November 2026; today in these tests is later than 5 December 2026.
PAST_MINIMUM = datetime.date(2026, 12, 1)


@pytest.fixture
def approver(make_user: Callable[..., User], agency_a: Agency) -> User:
    return make_user("approver_a", "publication_approver", agency=agency_a)


def request_for(user: User, publication: Publication, **overrides: str) -> CreditRepair:
    data = RepairRequest(requested_on=datetime.date(2026, 12, 2), grounds="已缴清罚款并整改完毕")
    for key, value in overrides.items():
        setattr(data, key, value)
    return record_request(user, publication, data)


def test_approval_after_minimum_removes_item(
    officer_user: User, approver: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(
        published_on=datetime.date(2026, 11, 10),
        min_end_on=PAST_MINIMUM,
        ends_on=datetime.date(2029, 11, 5),
    )
    repair = request_for(officer_user, publication)

    decide(approver, repair, True, "")

    repair.refresh_from_db()
    publication.refresh_from_db()
    assert repair.status == CreditRepairStatus.APPROVED
    assert repair.decided_by == approver
    assert publication.status == PublicationStatus.REPAIRED
    tombstone = PublishedItem.objects.get(publication=publication)
    assert tombstone.end_reason == EndReason.REPAIR
    assert tombstone.is_public is False
    assert tombstone.fields == {}
    assert tombstone.search_text == ""
    newest = publication.versions.order_by("-number").first()
    assert newest is not None
    assert newest.change == ChangeKind.REPAIR
    assert AuditEntry.objects.filter(action="credit_repair_recorded").count() == 1
    assert AuditEntry.objects.filter(action="credit_repair_decided").count() == 1


def test_approval_before_minimum_refused_with_date(
    officer_user: User, approver: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(
        published_on=datetime.date(2026, 11, 10),
        min_end_on=datetime.date(2099, 2, 5),
        ends_on=datetime.date(2099, 11, 5),
    )
    repair = request_for(officer_user, publication)

    with pytest.raises(InvalidTransition) as error:
        decide(approver, repair, True, "")

    assert "2099年2月5日" in error.value.message
    repair.refresh_from_db()
    assert repair.status == CreditRepairStatus.PENDING
    assert PublishedItem.objects.get(publication=publication).ended_on is None


def test_approval_refused_for_business_suspension(
    officer_user: User, approver: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(
        published_on=datetime.date(2026, 11, 10),
        min_end_on=PAST_MINIMUM,
        ends_on=datetime.date(2029, 11, 5),
        facts={"penalty_types": ["fine", "business_suspension"]},
    )
    repair = request_for(officer_user, publication)

    with pytest.raises(InvalidTransition) as error:
        decide(approver, repair, True, "")

    assert "责令停产停业" in error.value.message
    assert "不得提前停止公示" in error.value.message


def test_refusal_needs_reason_and_keeps_item(
    officer_user: User, approver: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(
        published_on=datetime.date(2026, 11, 10), min_end_on=PAST_MINIMUM
    )
    repair = request_for(officer_user, publication)

    with pytest.raises(ValidationFailed) as missing:
        decide(approver, repair, False, " ")
    assert missing.value.field == "reason"

    decide(approver, repair, False, "当事人一年内再次发生同类违法行为")
    repair.refresh_from_db()
    publication.refresh_from_db()
    assert repair.status == CreditRepairStatus.REFUSED
    assert publication.status == PublicationStatus.PUBLISHED
    with pytest.raises(InvalidTransition):
        decide(approver, repair, True, "")


def test_second_pending_request_rejected(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(published_on=datetime.date(2026, 11, 10))
    request_for(officer_user, publication)
    with pytest.raises(InvalidTransition):
        request_for(officer_user, publication)


def test_draft_cannot_be_repaired(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    with pytest.raises(InvalidTransition):
        request_for(officer_user, make_publication())


def test_officer_cannot_decide(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(
        published_on=datetime.date(2026, 11, 10), min_end_on=PAST_MINIMUM
    )
    repair = request_for(officer_user, publication)
    with pytest.raises(NotPermitted):
        decide(officer_user, repair, True, "")


def test_platform_report_through_api_is_idempotent(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(published_on=datetime.date(2026, 11, 10))
    client = Client()
    client.force_login(officer_user)
    body = {
        "reference": "XYXF-2026-0001",
        "requested_on": "2026-12-02",
        "grounds": "信用中国网站完成信用修复",
        "document_number": publication.document_number,
    }

    first = client.post("/api/publicity/credit-repairs", body, content_type="application/json")
    again = client.post("/api/publicity/credit-repairs", body, content_type="application/json")

    assert first.status_code == 201, first.content
    assert again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    row = CreditRepair.objects.get()
    assert row.source == CreditRepairSource.CREDIT_PLATFORM
    assert row.reference == "XYXF-2026-0001"


def test_platform_report_needs_login(make_publication: Callable[..., Publication]) -> None:
    publication = make_publication(published_on=datetime.date(2026, 11, 10))
    response = Client().post(
        "/api/publicity/credit-repairs",
        {
            "reference": "X",
            "requested_on": "2026-12-02",
            "grounds": "g",
            "publication_id": publication.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 401


def test_repair_pages(
    officer_user: User,
    approver: User,
    other_agency_user: User,
    make_publication: Callable[..., Publication],
) -> None:
    publication = make_publication(
        published_on=datetime.date(2026, 11, 10), min_end_on=PAST_MINIMUM
    )
    officer = Client()
    officer.force_login(officer_user)
    created = officer.post(
        reverse("publicity:repair_create"),
        {
            "document_number": publication.document_number,
            "requested_on": "2026-12-02",
            "grounds": "已履行",
        },
    )
    repair = CreditRepair.objects.get()
    assert created.status_code == 302
    assert officer.get(reverse("publicity:repair_list")).status_code == 200

    outsider = Client()
    outsider.force_login(other_agency_user)
    assert outsider.get(reverse("publicity:repair_detail", args=[repair.pk])).status_code == 404

    unapproved = officer.post(
        reverse("publicity:repair_detail", args=[repair.pk]), {"decision": "approve"}
    )
    assert unapproved.status_code == 302
    repair.refresh_from_db()
    assert repair.status == CreditRepairStatus.PENDING

    approving = Client()
    approving.force_login(approver)
    page = approving.get(reverse("publicity:repair_detail", args=[repair.pk]))
    assert "提交审核结论" in page.content.decode()
    approving.post(reverse("publicity:repair_detail", args=[repair.pk]), {"decision": "approve"})
    repair.refresh_from_db()
    assert repair.status == CreditRepairStatus.APPROVED


def _report(client: Client, **names: object) -> Any:
    body = {
        "reference": "XYXF-2026-0002",
        "requested_on": "2026-12-02",
        "grounds": "信用中国网站完成信用修复",
        **names,
    }
    return client.post("/api/publicity/credit-repairs", body, content_type="application/json")


def test_api_rejects_id_and_number_that_disagree(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    first = make_publication(published_on=datetime.date(2026, 11, 10))
    second = make_publication(
        published_on=datetime.date(2026, 11, 10), document_number="青朱综执罚〔2026〕2号"
    )
    client = Client()
    client.force_login(officer_user)

    response = _report(client, publication_id=second.pk, document_number=first.document_number)

    assert response.status_code == 400, response.content
    assert response.json()["field"] == "document_number"
    assert "不一致" in response.json()["message"]
    assert not CreditRepair.objects.exists()

    agreeing = _report(client, publication_id=second.pk, document_number=second.document_number)
    assert agreeing.status_code == 201, agreeing.content
    assert CreditRepair.objects.get().publication_id == second.pk


def test_api_duplicate_number_asks_for_id(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    make_publication(published_on=datetime.date(2026, 11, 10))
    make_publication(published_on=datetime.date(2026, 11, 10))
    client = Client()
    client.force_login(officer_user)

    response = _report(client, document_number="青朱综执罚〔2026〕1号")

    assert response.status_code == 400
    assert "publication_id" in response.json()["message"]
    assert not CreditRepair.objects.exists()


def test_repair_form_prefilled_by_publication(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(
        published_on=datetime.date(2026, 11, 10), document_number="", title="无文号的处罚决定"
    )
    client = Client()
    client.force_login(officer_user)
    url = reverse("publicity:repair_create")

    page = client.get(url, {"publication": publication.pk})
    created = client.post(
        url,
        {"publication": publication.pk, "requested_on": "2026-12-02", "grounds": "已履行"},
    )

    assert page.status_code == 200
    assert "无文号的处罚决定" in page.content.decode()
    assert f'value="{publication.pk}"' in page.content.decode()
    assert created.status_code == 302, created.content.decode()
    assert CreditRepair.objects.get().publication_id == publication.pk


def test_repair_form_rejects_mismatch_and_other_scope(
    officer_user: User,
    agency_b: Agency,
    make_publication: Callable[..., Publication],
) -> None:
    own = make_publication(published_on=datetime.date(2026, 11, 10))
    foreign = make_publication(agency=agency_b, published_on=datetime.date(2026, 11, 10))
    client = Client()
    client.force_login(officer_user)
    url = reverse("publicity:repair_create")

    mismatch = client.post(
        url,
        {
            "publication": own.pk,
            "document_number": "青朱综执罚〔2026〕9号",
            "requested_on": "2026-12-02",
            "grounds": "已履行",
        },
    )

    assert mismatch.status_code == 200
    assert "不一致" in mismatch.content.decode()
    assert client.get(url, {"publication": foreign.pk}).status_code == 404
    assert client.get(url, {"publication": "abc"}).status_code == 404
    assert not CreditRepair.objects.exists()


def test_repair_form_needs_number_or_publication(officer_user: User, db: None) -> None:
    client = Client()
    client.force_login(officer_user)

    page = client.post(
        reverse("publicity:repair_create"), {"requested_on": "2026-12-02", "grounds": "已履行"}
    )

    assert page.status_code == 200
    assert "请填写“行政处罚决定书文号”" in page.content.decode()

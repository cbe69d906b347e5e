"""补录决定书文号, approval without a number, duplicate numbers and missing-field warnings."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import AuditEntry
from zhifa.accounts.roles import Role
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from zhifa.publicity.drafting import drafts
from zhifa.publicity.models import PublicationStatus, PublishedItem
from zhifa.publicity.publishing import approval
from zhifa.publicity.publishing.numbers import enter_document_number
from zhifa.publicity.tests.drafting_support import (
    CASE_DOCUMENT_NUMBER,
    decided_case,
    person_penalty,
    person_penalty_input,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver(make_user, agency_a):
    return make_user("fabu_a", Role.PUBLICATION_APPROVER, agency=agency_a)


@pytest.fixture
def case_draft(agency_a, agency_head_user, officer_user):
    return decided_case(agency_a, agency_head_user, officer_user)[2]


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_case_draft_without_number_not_approved(case_draft, approver) -> None:
    assert case_draft.document_number == ""

    with pytest.raises(ValidationFailed) as caught:
        approval.approve(approver, case_draft)

    assert caught.value.field == "document_number"
    assert "补录决定书文号" in caught.value.message
    case_draft.refresh_from_db()
    assert case_draft.status == PublicationStatus.DRAFT


def test_entered_number_kept_and_published(case_draft, approver, officer_user) -> None:
    enter_document_number(officer_user, case_draft, f" {CASE_DOCUMENT_NUMBER} ")

    case_draft.refresh_from_db()
    assert case_draft.document_number == CASE_DOCUMENT_NUMBER
    assert case_draft.original["fields"]["CF_WSH"] == CASE_DOCUMENT_NUMBER
    # Reading the case again, as the approver screen does, keeps the entered number.
    drafts.refresh(case_draft)
    assert case_draft.document_number == CASE_DOCUMENT_NUMBER
    approval.approve(approver, case_draft)
    item = PublishedItem.objects.get(publication=case_draft)
    assert item.document_number == CASE_DOCUMENT_NUMBER
    assert item.fields["CF_WSH"] == CASE_DOCUMENT_NUMBER
    assert AuditEntry.objects.filter(action="publication_number_entered").count() == 1


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("   ", "请填写“决定书文号”"),
        ("罚" * 101, "100个字"),
        ("青罚\x00〔2026〕1号", "U+0000"),
        ("青罚\u202e〔2026〕1号", "U+202E"),
    ],
)
def test_bad_number_refused(case_draft, officer_user, number, words) -> None:
    with pytest.raises(ValidationFailed) as caught:
        enter_document_number(officer_user, case_draft, number)

    assert caught.value.field == "document_number"
    assert words in caught.value.message
    assert "决定书文号" in caught.value.message


def test_duplicate_number_refused(agency_a, case_draft, officer_user) -> None:
    other = person_penalty(agency_a, officer_user)

    with pytest.raises(ValidationFailed) as caught:
        enter_document_number(officer_user, case_draft, other.document_number)

    assert "已用于本机关的另一公示事项" in caught.value.message


def test_duplicate_manual_entry_refused(agency_a, officer_user) -> None:
    person_penalty(agency_a, officer_user)

    with pytest.raises(ValidationFailed) as caught:
        drafts.enter_manually(officer_user, person_penalty_input(agency_a))

    assert caught.value.field == "document_number"
    assert "青市监罚〔2026〕88号" in caught.value.message


def test_number_reusable_after_exclusion(agency_a, officer_user, approver) -> None:
    first = person_penalty(agency_a, officer_user)
    approval.exclude(approver, first, "涉及国家秘密，依法不予公开")

    second = person_penalty(agency_a, officer_user)

    assert second.document_number == first.document_number


def test_other_agency_may_use_same_number(agency_a, agency_b, officer_user, make_user) -> None:
    person_penalty(agency_a, officer_user)
    officer_b = make_user("officer_b2", Role.OFFICER, agency=agency_b)

    entered = person_penalty(agency_b, officer_b)

    assert entered.document_number == "青市监罚〔2026〕88号"


def test_published_number_becomes_correction(agency_a, officer_user, approver) -> None:
    published = person_penalty(agency_a, officer_user)
    approval.approve(approver, published)

    enter_document_number(officer_user, published, "青市监罚〔2026〕89号")

    published.refresh_from_db()
    assert published.pending_change["change"] == "correction"
    assert published.document_number == "青市监罚〔2026〕88号"
    approval.approve(approver, published)
    published.refresh_from_db()
    item = PublishedItem.objects.get(publication=published)
    assert published.document_number == "青市监罚〔2026〕89号"
    assert item.document_number == "青市监罚〔2026〕89号"
    assert item.fields["CF_WSH"] == "青市监罚〔2026〕89号"


def test_number_needs_capability_and_open_status(agency_a, officer_user, approver, make_user):
    draft = person_penalty(agency_a, officer_user)
    reviewer = make_user("reviewer_x", Role.REVIEWER, agency=agency_a)
    with pytest.raises(NotPermitted):
        enter_document_number(reviewer, draft, "青市监罚〔2026〕90号")

    approval.exclude(approver, draft, "涉及国家秘密，依法不予公开")
    with pytest.raises(InvalidTransition):
        enter_document_number(officer_user, draft, "青市监罚〔2026〕90号")


def test_number_page_and_api(case_draft, officer_user) -> None:
    client = login(officer_user)
    detail = client.get(reverse("publicity:publication_detail", args=[case_draft.pk]))
    assert "补录决定书文号" in detail.content.decode()

    url = reverse("publicity:publication_number", args=[case_draft.pk])
    refused = client.post(url, {"document_number": "罚" * 101}, follow=True)
    assert "最多100个字" in refused.content.decode()
    saved = client.post(url, {"document_number": CASE_DOCUMENT_NUMBER})
    assert saved.status_code == 302
    case_draft.refresh_from_db()
    assert case_draft.document_number == CASE_DOCUMENT_NUMBER

    response = client.post(
        f"/api/publicity/publications/{case_draft.pk}/document-number",
        json.dumps({"document_number": "青朱综执罚〔2026〕8号"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["document_number"] == "青朱综执罚〔2026〕8号"


def test_review_page_warns_of_missing_fields(case_draft, approver, agency_a) -> None:
    agency_a.uscc = ""
    agency_a.save(update_fields=["uscc"])

    page = login(approver).get(reverse("publicity:publication_review", args=[case_draft.pk]))
    html = page.content.decode()

    assert "没有“决定书文号”" in html
    assert "处罚机关统一社会信用代码" in html
    assert "CF_CFJGDM" in html
    assert "执法主体尚未登记统一社会信用代码" in html

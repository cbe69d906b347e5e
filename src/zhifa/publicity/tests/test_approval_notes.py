"""Withdrawal reasons and correction notes reach the public masked, like the decision text."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import AuditEntry
from zhifa.accounts.roles import Role
from zhifa.publicity.changes.withdrawal import withdraw
from zhifa.publicity.exports.dual_publicity import ExportFilter, rows
from zhifa.publicity.models import PublishedItem
from zhifa.publicity.publishing import approval
from zhifa.publicity.publishing.masking import mask_public_note
from zhifa.publicity.tests.drafting_support import (
    PERSON,
    PERSON_ID_NUMBER,
    PERSON_PHONE,
    person_penalty,
)

pytestmark = pytest.mark.django_db

PRIVATE = (PERSON, PERSON_ID_NUMBER, PERSON_PHONE)
REASON = (
    f"当事人{PERSON}（身份证号{PERSON_ID_NUMBER}，电话{PERSON_PHONE}）申请行政复议，"
    "复议机关撤销了原处罚决定。"
)


@pytest.fixture
def approver(make_user, agency_a):
    return make_user("fabu_a", Role.PUBLICATION_APPROVER, agency=agency_a)


@pytest.fixture
def published(agency_a, officer_user, approver):
    draft = person_penalty(agency_a, officer_user)
    approval.approve(approver, draft)
    draft.refresh_from_db()
    return draft


def public_views(publication) -> dict[str, str]:
    """Return what the public reads of ``publication``: snapshot, portal page, feed, export."""
    item = PublishedItem.objects.get(publication=publication)
    page = Client().get(reverse("portal:decision_detail", args=[item.pk]))
    feed = Client().get("/api/publicity/feed")
    today = timezone.localdate()
    export = rows(
        None,
        ExportFilter(
            kind="penalty",
            date_from=today - datetime.timedelta(days=1),
            date_to=today,
            include_withdrawn=True,
        ),
    )
    return {
        "snapshot": " ".join([item.withdrawal_reason, item.correction_note, item.text]),
        "portal": page.content.decode(),
        "feed": feed.content.decode(),
        "export": str(list(export)),
    }


def test_mask_public_note_masks_party_data(published) -> None:
    masked = mask_public_note(published, REASON)

    for value in PRIVATE:
        assert value not in masked
    assert "王某某" in masked
    assert "申请行政复议" in masked


def test_withdrawal_reason_masked_everywhere(published, approver) -> None:
    withdraw(approver, published, REASON, timezone.localdate())

    version = published.versions.order_by("-number").first()
    assert version is not None
    assert "申请行政复议" in version.reason
    for where, text in public_views(published).items():
        assert "申请行政复议" in text, where
        for value in PRIVATE:
            assert value not in text, f"{value} in {where}"
    audit = AuditEntry.objects.get(action="publication_withdrawn")
    assert audit.detail["reason"] == REASON


def test_correction_note_masked_everywhere(published, approver, officer_user) -> None:
    approval.prepare_change(
        officer_user,
        published,
        change="correction",
        reason=REASON,
        fields={"CF_NR": "罚款人民币3000元"},
    )
    version = approval.approve(approver, published)

    assert "申请行政复议" in version.reason
    item = PublishedItem.objects.get(publication=published)
    assert item.correction_note.startswith("当事人王某某")
    for where, text in public_views(published).items():
        for value in PRIVATE:
            assert value not in text, f"{value} in {where}"
    audit = AuditEntry.objects.get(action="publication_corrected")
    assert audit.detail["reason"] == REASON

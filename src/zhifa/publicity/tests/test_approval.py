"""The approver's work: preview, masks, approval, exclusion, updates and corrections."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from zhifa.accounts.models import AuditEntry
from zhifa.accounts.roles import Role
from zhifa.cases.tests.steps_support import person_id
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.publicity.drafting import drafts
from zhifa.publicity.drafting.external import ManualInput, PartyInput
from zhifa.publicity.models import PublicationStatus, PublishedItem
from zhifa.publicity.publishing import approval
from zhifa.publicity.publishing.snapshot import public_field_values
from zhifa.publicity.search_text import index_text
from zhifa.publicity.tests.drafting_support import numbered_case

pytestmark = pytest.mark.django_db

ID_NUMBER = person_id(52, "19880214")
PHONE = "13912345678"
TEXT = (
    "行政处罚决定书\n当事人：王建国，身份证号码" + ID_NUMBER + "，联系电话" + PHONE + "。\n"
    "违法事实：当事人在青浦区华新镇经营场所内销售过期食品，证人赵丽华在场。\n"
    "处罚内容：罚款人民币5000元。"
)


@pytest.fixture
def approver(make_user, agency_a):
    return make_user("fabu_a", Role.PUBLICATION_APPROVER, agency=agency_a)


@pytest.fixture
def draft(agency_a, officer_user):
    data = ManualInput(
        agency_id=agency_a.pk,
        kind="penalty",
        document_number="青市监罚〔2026〕88号",
        decided_on=datetime.date(2026, 11, 3),
        text=TEXT,
        parties=[
            PartyInput(
                kind="natural_person",
                name="王建国",
                id_number=ID_NUMBER,
                phone=PHONE,
                address="上海市青浦区华新镇华腾路1号",
            )
        ],
        fields={"CF_NR": "罚款人民币5000元", "CF_SY": "销售过期食品"},
        penalty_types=["fine"],
        fine=Decimal("5000"),
    )
    return drafts.enter_manually(officer_user, data)


def test_preview_masks_party_data(draft) -> None:
    shown = approval.preview(draft)
    assert ID_NUMBER not in shown.masked_text
    assert PHONE not in shown.masked_text
    assert "王建国" not in shown.masked_text
    assert "王某某" in shown.masked_text
    assert shown.fields["CF_XDR_MC"] == "王某某"
    assert ID_NUMBER not in shown.fields["CF_XDR_ZJHM"]
    assert shown.masks


def test_approve_writes_version_and_snapshot(draft, approver) -> None:
    version = approval.approve(approver, draft)

    draft.refresh_from_db()
    assert draft.status == PublicationStatus.PUBLISHED
    assert draft.published_at is not None
    assert draft.starts_on == timezone.localdate()
    assert version.number == 1
    assert version.change == "initial"
    assert version.approved_by == approver
    item = PublishedItem.objects.get(publication=draft)
    public = str(item.fields) + item.text + item.party_name + item.search_text
    assert ID_NUMBER not in public
    assert PHONE not in public
    assert "王建国" not in public
    assert "CF_XDR_ZJHM" not in item.fields
    assert item.party_name == "王某某"
    assert item.search_text == index_text(
        item.title,
        item.document_number,
        item.publisher_name,
        *public_field_values(item.kind, item.fields),
        item.text,
    )
    assert "过 期 食 品" in item.search_text
    assert AuditEntry.objects.filter(action="publication_published").count() == 1


def test_approve_twice_refused(draft, approver) -> None:
    approval.approve(approver, draft)
    with pytest.raises(InvalidTransition):
        approval.approve(approver, draft)


def test_mask_edits_add_and_remove(draft, approver) -> None:
    approval.edit_masks(approver, draft, add=["华新镇经营场所"])
    draft.refresh_from_db()
    shown = approval.preview(draft)
    assert "华新镇经营场所" not in shown.masked_text

    approval.edit_masks(approver, draft, remove=["赵丽华"])
    draft.refresh_from_db()
    assert draft.mask_edits == {"added": ["华新镇经营场所"], "removed": ["赵丽华"]}
    assert "赵丽华" in approval.preview(draft).masked_text
    assert AuditEntry.objects.filter(action="publication_masks_edited").count() == 2


def test_mask_not_in_text_refused(draft, approver) -> None:
    with pytest.raises(ValidationFailed) as caught:
        approval.edit_masks(approver, draft, add=["不存在的词"])
    assert caught.value.field == "add"
    assert "不存在的词" in caught.value.message


def test_officer_cannot_approve_or_edit_masks(draft, officer_user) -> None:
    with pytest.raises(NotPermitted):
        approval.approve(officer_user, draft)
    with pytest.raises(NotPermitted):
        approval.edit_masks(officer_user, draft, add=["王建国"])


def test_other_agency_approver_gets_not_found(draft, make_user, agency_b) -> None:
    stranger = make_user("fabu_b", Role.PUBLICATION_APPROVER, agency=agency_b)
    with pytest.raises(NotFound):
        approval.approve(stranger, draft)
    with pytest.raises(NotFound):
        approval.exclude(stranger, draft, "涉及国家秘密")


def test_exclude_records_reason(draft, approver) -> None:
    with pytest.raises(ValidationFailed) as caught:
        approval.exclude(approver, draft, "  ")
    assert caught.value.field == "reason"

    approval.exclude(approver, draft, "涉及商业秘密，依《政府信息公开条例》第十五条不予公开")
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.EXCLUDED
    assert "商业秘密" in draft.exclusion_reason
    assert not PublishedItem.objects.filter(publication=draft).exists()


@pytest.mark.parametrize(
    ("change", "audit_code"),
    [("update", "publication_updated"), ("correction", "publication_corrected")],
)
def test_change_becomes_new_version(draft, approver, officer_user, change, audit_code) -> None:
    approval.approve(approver, draft)
    new_text = TEXT.replace("5000元", "3000元")
    approval.prepare_change(
        officer_user, draft, change=change, reason="复议决定变更罚款数额", text=new_text
    )
    draft.refresh_from_db()
    assert draft.pending_change["change"] == change
    item = PublishedItem.objects.get(publication=draft)
    assert "5000元" in item.text

    version = approval.approve(approver, draft)
    draft.refresh_from_db()
    item.refresh_from_db()
    assert version.number == 2
    assert version.change == change
    assert version.reason == "复议决定变更罚款数额"
    assert draft.pending_change == {}
    assert "3000元" in item.text
    assert item.version_number == 2
    assert ID_NUMBER not in item.text
    assert draft.versions.count() == 2
    assert AuditEntry.objects.filter(action=audit_code).count() == 1
    if change == "correction":
        assert item.corrected_on is not None


def test_change_needs_published_item_and_reason(draft, officer_user, approver) -> None:
    with pytest.raises(InvalidTransition):
        approval.prepare_change(officer_user, draft, change="update", reason="x", text="新全文")
    approval.approve(approver, draft)
    with pytest.raises(ValidationFailed) as caught:
        approval.prepare_change(officer_user, draft, change="update", reason="", text="新全文")
    assert caught.value.field == "reason"
    with pytest.raises(ValidationFailed) as unchanged:
        approval.prepare_change(officer_user, draft, change="update", reason="无变化", text=TEXT)
    assert unchanged.value.field == "fields"


def test_case_draft_published_without_id(
    agency_a, agency_head_user, officer_user, approver
) -> None:
    _, case, publication = numbered_case(agency_a, agency_head_user, officer_user)
    approval.approve(approver, publication)
    item = PublishedItem.objects.get(publication=publication)
    id_number = case.parties.get().id_number
    assert id_number not in str(item.fields) + item.text
    assert item.party_name == "张某某"
    assert item.kind == "penalty"

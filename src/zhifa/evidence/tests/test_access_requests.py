"""Access requests for sensitive records: filing, approval rules, expiry and the audit trail."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.core.models import RuleParameter
from zhifa.evidence.access import policy
from zhifa.evidence.access.requests import decide_request, request_access
from zhifa.evidence.models import AccessRequest, AccessRequestStatus, AvRecord, Sensitivity
from zhifa.evidence.tests.access_support import bytes_file, record_from_file

PURPOSE = "核查案件当事人陈述的现场情况"


@pytest.fixture
def secret_record(agency_a: Agency, officer_user: User, tmp_path: Path) -> AvRecord:
    path = bytes_file(tmp_path / "secret.mp4", 1000)
    return record_from_file(agency_a, officer_user, path, sensitivity=Sensitivity.TRADE_SECRET)


def test_request_then_approval_opens_record(
    secret_record: AvRecord, officer_user: User, agency_head_user: User
) -> None:
    with pytest.raises(NotPermitted):
        policy.approved_request(officer_user, secret_record)

    filed = request_access(officer_user, secret_record, PURPOSE)
    decided = decide_request(agency_head_user, filed.pk, approve=True, hours=24)

    assert decided.status == AccessRequestStatus.APPROVED
    assert decided.decided_by == agency_head_user
    assert policy.approved_request(officer_user, secret_record) == decided
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "evidence_access_requested" in actions
    assert "evidence_access_approved" in actions


def test_approval_covers_only_the_requester(
    secret_record: AvRecord, officer_user: User, agency_head_user: User, make_user, agency_a
) -> None:
    colleague = make_user("officer_a2", "officer", agency=agency_a)
    filed = request_access(officer_user, secret_record, PURPOSE)
    decide_request(agency_head_user, filed.pk, approve=True, hours=24)

    with pytest.raises(NotPermitted):
        policy.approved_request(colleague, secret_record)


def test_expired_approval_no_longer_opens(
    secret_record: AvRecord, officer_user: User, agency_head_user: User
) -> None:
    filed = request_access(officer_user, secret_record, PURPOSE)
    decide_request(agency_head_user, filed.pk, approve=True, hours=1)
    AccessRequest.objects.filter(pk=filed.pk).update(
        valid_until=timezone.now() - datetime.timedelta(seconds=1)
    )

    with pytest.raises(NotPermitted):
        policy.approved_request(officer_user, secret_record)


def test_self_approval_refused(secret_record: AvRecord, agency_head_user: User) -> None:
    filed = request_access(agency_head_user, secret_record, PURPOSE)

    with pytest.raises(NotPermitted, match="不能审批本人提出的调阅申请"):
        decide_request(agency_head_user, filed.pk, approve=True, hours=24)
    filed.refresh_from_db()
    assert filed.status == AccessRequestStatus.PENDING


def test_other_agency_approver_refused(
    secret_record: AvRecord, officer_user: User, other_agency_user: User
) -> None:
    filed = request_access(officer_user, secret_record, PURPOSE)

    with pytest.raises(NotFound):
        decide_request(other_agency_user, filed.pk, approve=True, hours=24)


def test_supervisor_may_approve_any_agency(
    secret_record: AvRecord, officer_user: User, supervisor_user: User
) -> None:
    filed = request_access(officer_user, secret_record, PURPOSE)

    decided = decide_request(supervisor_user, filed.pk, approve=True, hours=2)

    assert decided.status == AccessRequestStatus.APPROVED


def test_officer_cannot_approve(
    secret_record: AvRecord, agency_head_user: User, officer_user: User
) -> None:
    filed = request_access(agency_head_user, secret_record, PURPOSE)

    with pytest.raises(NotPermitted, match="审批调阅申请"):
        decide_request(officer_user, filed.pk, approve=True, hours=2)


@pytest.mark.parametrize(("hours", "accepted"), [(0, False), (1, True), (72, True), (73, False)])
def test_validity_hours_capped(
    secret_record: AvRecord, officer_user: User, agency_head_user: User, hours: int, accepted: bool
) -> None:
    filed = request_access(officer_user, secret_record, PURPOSE)

    if accepted:
        decided = decide_request(agency_head_user, filed.pk, approve=True, hours=hours)
        expected = timezone.now() + datetime.timedelta(hours=hours)
        assert decided.valid_until is not None
        assert abs((decided.valid_until - expected).total_seconds()) < 60
    else:
        with pytest.raises(ValidationFailed, match="1至72小时"):
            decide_request(agency_head_user, filed.pk, approve=True, hours=hours)


def test_cap_follows_rule_parameter(
    secret_record: AvRecord, officer_user: User, agency_head_user: User
) -> None:
    RuleParameter.objects.filter(key=policy.MAX_HOURS_PARAMETER).update(value=8)
    filed = request_access(officer_user, secret_record, PURPOSE)

    with pytest.raises(ValidationFailed, match="1至8小时"):
        decide_request(agency_head_user, filed.pk, approve=True, hours=9)
    assert decide_request(agency_head_user, filed.pk, approve=True, hours=8).valid_until


def test_refusal_needs_note_and_is_final(
    secret_record: AvRecord, officer_user: User, agency_head_user: User
) -> None:
    filed = request_access(officer_user, secret_record, PURPOSE)

    with pytest.raises(ValidationFailed, match="审批意见"):
        decide_request(agency_head_user, filed.pk, approve=False)
    refused = decide_request(agency_head_user, filed.pk, approve=False, note="事由与本案无关")

    assert refused.status == AccessRequestStatus.REFUSED
    assert AuditEntry.objects.filter(action="evidence_access_refused").exists()
    with pytest.raises(InvalidTransition):
        decide_request(agency_head_user, filed.pk, approve=True, hours=2)
    with pytest.raises(NotPermitted):
        policy.approved_request(officer_user, secret_record)


@pytest.mark.parametrize(("purpose", "accepted"), [("查看", False), ("核查现场", True)])
def test_purpose_at_least_four_characters(
    secret_record: AvRecord, officer_user: User, purpose: str, accepted: bool
) -> None:
    if accepted:
        assert request_access(officer_user, secret_record, purpose).purpose == purpose
    else:
        with pytest.raises(ValidationFailed, match="调阅事由"):
            request_access(officer_user, secret_record, purpose)


def test_duplicate_pending_request_refused(secret_record: AvRecord, officer_user: User) -> None:
    request_access(officer_user, secret_record, PURPOSE)

    with pytest.raises(ValidationFailed, match="正在等待审批"):
        request_access(officer_user, secret_record, PURPOSE)


def test_normal_record_needs_no_request(
    agency_a: Agency, officer_user: User, tmp_path: Path
) -> None:
    record = record_from_file(agency_a, officer_user, bytes_file(tmp_path / "n.mp4", 10))

    assert policy.approved_request(officer_user, record) is None
    with pytest.raises(ValidationFailed, match="无需申请"):
        request_access(officer_user, record, PURPOSE)


def test_request_outside_scope_not_found(secret_record: AvRecord, other_agency_user: User) -> None:
    with pytest.raises(NotFound):
        request_access(other_agency_user, secret_record, PURPOSE)


@pytest.mark.parametrize("value", ["state_secret", "国家秘密", " STATE_SECRET "])
def test_state_secret_refused(value: str, secret_record: AvRecord, officer_user: User) -> None:
    with pytest.raises(ValidationFailed, match="涉密渠道") as caught:
        request_access(officer_user, secret_record, PURPOSE, classification=value)

    assert caught.value.message == policy.STATE_SECRET_MESSAGE
    assert not AccessRequest.objects.exists()


@pytest.mark.parametrize("value", [None, "", "trade_secret", "private", "normal"])
def test_other_markings_pass_state_secret_check(value: str | None) -> None:
    policy.reject_state_secret(value)


@pytest.mark.parametrize(
    "purpose", ["录像涉及国家秘密，需调阅", "内容属于国家秘密", "查看国家秘密内容"]
)
def test_state_secret_purpose_refused(
    purpose: str, secret_record: AvRecord, officer_user: User
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        request_access(officer_user, secret_record, purpose)

    assert caught.value.message == policy.STATE_SECRET_MESSAGE
    assert caught.value.field == "purpose"
    assert not AccessRequest.objects.exists()


@pytest.mark.parametrize("purpose", ["复核商业秘密保护措施是否到位", "调阅涉密载体查处现场"])
def test_purpose_not_claiming_a_state_secret_accepted(
    purpose: str, secret_record: AvRecord, officer_user: User
) -> None:
    assert request_access(officer_user, secret_record, purpose).purpose == purpose

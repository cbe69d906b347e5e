"""Access requests (调阅申请) for records marked as holding trade secrets or private data.

The requester gives a purpose. An approver of the record's agency other than the requester
then approves for a number of hours, at most the rule parameter ``evidence_access_max_hours``,
or refuses with a reason. Each step is audited in the same transaction as the change.
"""

import datetime
import logging

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.evidence.access import policy
from zhifa.evidence.models import AccessRequest, AccessRequestStatus, AvRecord

logger = logging.getLogger(__name__)

MIN_PURPOSE_LENGTH = 4
MAX_TEXT_LENGTH = 300


def clean_purpose(purpose: str) -> str:
    """Return the stripped purpose (调阅事由), or raise when it is too short or too long.

    A purpose that names a state secret is rejected first, because such content never belongs
    in this system whatever the length of the text.
    """
    text = (purpose or "").strip()
    policy.reject_state_secret_purpose(text)
    if len(text) < MIN_PURPOSE_LENGTH:
        raise ValidationFailed(
            f"请填写“调阅事由”，至少{MIN_PURPOSE_LENGTH}个字，写明调阅的案件和用途。",
            field="purpose",
        )
    if len(text) > MAX_TEXT_LENGTH:
        raise ValidationFailed(f"“调阅事由”不能超过{MAX_TEXT_LENGTH}个字。", field="purpose")
    return text


def request_access(
    user: User,
    record: AvRecord,
    purpose: str,
    *,
    classification: str | None = None,
    request: HttpRequest | None = None,
) -> AccessRequest:
    """File a request to open a sensitive ``record``; the record must be in the user's scope."""
    policy.reject_state_secret(classification, field="classification")
    if not user.can(Capability.VIEW_BACKOFFICE):
        raise NotPermitted("您的角色没有“进入工作台”权限，不能申请调阅音像记录。")
    record = policy.scoped_record(user, record.pk)
    text = clean_purpose(purpose)
    if not policy.needs_request(record):
        raise ValidationFailed(
            "该音像记录未标记为含商业秘密或个人隐私，无需申请，填写调阅事由后即可查看。",
            field="record",
        )
    pending = AccessRequest.objects.filter(
        record=record, requester=user, status=AccessRequestStatus.PENDING
    )
    if pending.exists():
        raise ValidationFailed(
            "您对该音像记录的调阅申请正在等待审批，请勿重复提出。", field="record"
        )

    with transaction.atomic():
        row = AccessRequest.objects.create(record=record, requester=user, purpose=text)
        audit.record(
            "evidence_access_requested",
            actor=user,
            target=row,
            agency_id=record.agency_id,
            request=request,
            detail={"record": record.pk, "purpose": text},
        )
    return row


def _locked_request(user: User, pk: int) -> AccessRequest:
    if not restrict(AccessRequest.objects.filter(pk=pk), user).exists():
        raise NotFound("调阅申请不存在或不在您的审批范围内。")
    return AccessRequest.objects.select_for_update().select_related("record").get(pk=pk)


def _check_decider(user: User, row: AccessRequest) -> None:
    if not user.can(Capability.APPROVE_EVIDENCE_ACCESS):
        raise NotPermitted("您的角色没有“审批调阅申请”权限。")
    if row.requester_id == user.pk:
        raise NotPermitted("不能审批本人提出的调阅申请，请由其他有审批权限的人员审批。")
    if row.status != AccessRequestStatus.PENDING:
        raise InvalidTransition(f"该调阅申请已{row.get_status_display()}，不能再次审批。")


def _valid_until(hours: int | None) -> datetime.datetime:
    limit = policy.max_validity_hours()
    if hours is None or hours < 1 or hours > limit:
        raise ValidationFailed(
            f"“有效时长”应为1至{limit}小时之间的整数，请重新填写。", field="hours"
        )
    return timezone.now() + datetime.timedelta(hours=hours)


def decide_request(
    user: User,
    pk: int,
    *,
    approve: bool,
    hours: int | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> AccessRequest:
    """Approve (for ``hours``) or refuse (with ``note``) the pending request ``pk``."""
    note = (note or "").strip()[:MAX_TEXT_LENGTH]
    with transaction.atomic():
        row = _locked_request(user, pk)
        _check_decider(user, row)
        if approve:
            row.valid_until = _valid_until(hours)
            row.status = AccessRequestStatus.APPROVED
        elif not note:
            raise ValidationFailed("不予批准时请填写“审批意见”，说明理由。", field="note")
        else:
            row.status = AccessRequestStatus.REFUSED
        row.decided_by = user
        row.decided_at = timezone.now()
        row.decision_note = note
        row.save(
            update_fields=["status", "decided_by", "decided_at", "decision_note", "valid_until"]
        )
        audit.record(
            "evidence_access_approved" if approve else "evidence_access_refused",
            actor=user,
            target=row,
            agency_id=row.record.agency_id,
            request=request,
            detail={"record": row.record_id, "hours": hours if approve else None, "note": note},
        )
    logger.info("access request %s %s by %s", row.pk, row.status, user.username)
    return row

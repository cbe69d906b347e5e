"""Use requests (档案利用申请) to consult or borrow an archived case file, and their decisions.

A user with REQUEST_ARCHIVE_USE requests a case file in their scope, giving the kind, the
purpose and the number of days, at most ``MAX_DAYS``. A user with APPROVE_ARCHIVE_USE of the
case file's agency, other than the requester, approves or refuses with a reason. Approval opens
the file until ``valid_until``; a borrower marks the copy returned, which ends access early.
Each step is audited in the same transaction as the change.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.disposition.models import AppraisalEntry
from zhifa.archives.use.models import UseKind, UseRequest, UseStatus
from zhifa.cases.actions._common import require, required_text
from zhifa.core.chinese_dates import chinese_date
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.evidence.access import policy

# Maximum validity of one request, in days. NOTE: no rule found fixes it. A month is chosen to
# cover a review or the preparation of a lawsuit, and a longer need is a new request.
MAX_DAYS = 30
MIN_PURPOSE_LENGTH = 4
MAX_PURPOSE_LENGTH = 300


def checked_purpose(purpose: str, label: str) -> str:
    """Return the stripped purpose, or raise ``ValidationFailed`` naming the field ``label``.

    A purpose that names a state secret is rejected whatever its length.
    """
    text = (purpose or "").strip()
    policy.reject_state_secret_purpose(text)
    if len(text) < MIN_PURPOSE_LENGTH:
        raise ValidationFailed(
            f"请填写“{label}”，至少{MIN_PURPOSE_LENGTH}个字，写明具体用途。", field="purpose"
        )
    if len(text) > MAX_PURPOSE_LENGTH:
        raise ValidationFailed(
            f"“{label}”不能超过{MAX_PURPOSE_LENGTH}个字，现有{len(text)}个字，请精简后重试。",
            field="purpose",
        )
    return text


def clean_use_purpose(purpose: str) -> str:
    return checked_purpose(purpose, "利用目的")


def destroyed_message(case_file: CaseFile) -> str:
    """Return the message that a destroyed case file cannot be used, with the day if recorded."""
    entry = (
        AppraisalEntry.objects.filter(case_file=case_file, destroyed_at__isnull=False)
        .order_by("-destroyed_at")
        .first()
    )
    if entry is None or entry.destroyed_at is None:
        return "该案卷已按鉴定销毁，不能利用。"
    destroyed_on = timezone.localdate(entry.destroyed_at)
    return f"该案卷已于{chinese_date(destroyed_on)}按鉴定销毁，不能利用。"


def reject_duplicate_pending(user: User, case_file: CaseFile, kind: str) -> None:
    """Raise ``InvalidTransition`` when the user already waits for the same kind of use."""
    pending = UseRequest.objects.filter(
        case_file=case_file, kind=kind, requester=user, status=UseStatus.PENDING
    ).first()
    if pending is not None:
        requested_on = chinese_date(timezone.localdate(pending.requested_at))
        raise InvalidTransition(
            f"您已于{requested_on}提出该案卷的“{pending.get_kind_display()}”申请"
            f"（第{pending.pk}号），正在等待审批，请勿重复提交。"
        )


def clean_days(days: int | None) -> int:
    if days is None or not 1 <= days <= MAX_DAYS:
        raise ValidationFailed(f"“申请期限”须为 1 至 {MAX_DAYS} 天。", field="days")
    return days


def request_use(
    user: User, case_file: CaseFile, kind: str, purpose: str, days: int | None
) -> UseRequest:
    """Create a pending request; a case file outside the user's scope gives ``NotFound``."""
    require(user, Capability.REQUEST_ARCHIVE_USE)
    if not restrict(CaseFile.objects.filter(pk=case_file.pk), user).exists():
        raise NotFound("案卷不存在。")
    if case_file.status == CaseFileStatus.DESTROYED:
        raise InvalidTransition(destroyed_message(case_file))
    if case_file.status != CaseFileStatus.ARCHIVED:
        raise InvalidTransition("该案卷尚未归档，归档后才能申请利用。")
    if kind not in UseKind.values:
        raise ValidationFailed("请选择“利用方式”。", field="kind")
    text = clean_use_purpose(purpose)
    period = clean_days(days)
    with transaction.atomic():
        # Locking the case file makes a double submission wait and then find the first request.
        CaseFile.objects.select_for_update().filter(pk=case_file.pk).first()
        reject_duplicate_pending(user, case_file, kind)
        use = UseRequest.objects.create(
            case_file=case_file, kind=kind, requester=user, purpose=text, days=period
        )
        audit.record(
            "archive_use_requested",
            actor=user,
            target=use,
            agency_id=case_file.agency_id,
            detail={"kind": kind, "days": period, "purpose": text},
        )
    return use


def _lock_for_decision(user: User, use: UseRequest) -> UseRequest:
    require(user, Capability.APPROVE_ARCHIVE_USE)
    if user.agency_id is None:
        raise NotFound("档案利用申请不存在。")
    locked = (
        UseRequest.objects.select_for_update()
        .filter(pk=use.pk, case_file__agency_id=user.agency_id)
        .first()
    )
    if locked is None:
        raise NotFound("档案利用申请不存在。")
    if locked.requester_id == user.pk:
        raise NotPermitted("不能审批自己提出的档案利用申请，请由本单位其他审批人处理。")
    if locked.status != UseStatus.PENDING:
        raise InvalidTransition(f"该申请已是“{locked.get_status_display()}”状态。")
    return locked


def approve(user: User, use: UseRequest, note: str = "") -> UseRequest:
    """Approve a pending request of the approver's agency for the days it asked."""
    with transaction.atomic():
        locked = _lock_for_decision(user, use)
        if locked.case_file.status == CaseFileStatus.DESTROYED:
            raise InvalidTransition(destroyed_message(locked.case_file))
        now = timezone.now()
        locked.status = UseStatus.APPROVED
        locked.decided_by = user
        locked.decided_at = now
        locked.decision_note = (note or "").strip()[:300]
        locked.valid_until = now + datetime.timedelta(days=locked.days)
        locked.save()
        audit.record(
            "archive_use_approved",
            actor=user,
            target=locked,
            agency_id=user.agency_id,
            detail={"valid_until": locked.valid_until.isoformat()},
        )
    return locked


def refuse(user: User, use: UseRequest, reason: str) -> UseRequest:
    text = required_text(reason, "decision_note", "不予批准的理由", 300)
    with transaction.atomic():
        locked = _lock_for_decision(user, use)
        locked.status = UseStatus.REFUSED
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.decision_note = text
        locked.save()
        audit.record(
            "archive_use_refused",
            actor=user,
            target=locked,
            agency_id=user.agency_id,
            detail={"reason": text},
        )
    return locked


def mark_returned(user: User, use: UseRequest) -> UseRequest:
    """Record that the borrower returned the copy (归还); only the borrower does this."""
    with transaction.atomic():
        locked = UseRequest.objects.select_for_update().filter(pk=use.pk, requester=user).first()
        if locked is None:
            raise NotFound("档案利用申请不存在。")
        if locked.kind != UseKind.BORROW or locked.status != UseStatus.APPROVED:
            raise InvalidTransition("只有已批准的借阅申请才能登记归还。")
        locked.status = UseStatus.RETURNED
        locked.returned_at = timezone.now()
        locked.save(update_fields=["status", "returned_at"])
        audit.record(
            "archive_use_returned",
            actor=user,
            target=locked,
            agency_id=locked.case_file.agency_id,
        )
    return locked

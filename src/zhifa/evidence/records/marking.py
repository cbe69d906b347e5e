"""Changing a record's sensitivity marking (内容标记).

Raising a marking (一般 → 含商业秘密 or 含个人隐私, or between those two) only narrows who may
watch the record, so any officer with MANAGE_CASES in scope may do it. Lowering it to 一般 opens
the record to everyone in scope without an access request. So it needs a written reason and an
approver of access requests (APPROVE_EVIDENCE_ACCESS) whose scope covers the record's agency.
That approver must not be the user who raised the marking.
"""

import logging

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict, scope_for
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.evidence.access import policy
from zhifa.evidence.ledger import entries
from zhifa.evidence.models import AvRecord, Sensitivity
from zhifa.evidence.records._common import lock_record

logger = logging.getLogger(__name__)

MIN_REASON_LENGTH = 5
MAX_REASON_LENGTH = 300


def _clean_choice(sensitivity: str) -> None:
    policy.reject_state_secret(sensitivity)
    if sensitivity not in Sensitivity.values:
        raise ValidationFailed(
            "请选择内容标记：一般、含商业秘密或含个人隐私。", field="sensitivity"
        )


def _clean_reason(reason: str) -> str:
    text = (reason or "").strip()
    if len(text) < MIN_REASON_LENGTH:
        raise ValidationFailed(
            f"取消内容标记须填写“理由”，至少{MIN_REASON_LENGTH}个字，写明为何记录不再含商业秘密"
            "或个人隐私。",
            field="reason",
        )
    if len(text) > MAX_REASON_LENGTH:
        raise ValidationFailed(f"“理由”不能超过{MAX_REASON_LENGTH}个字。", field="reason")
    return text


def marked_by(record: AvRecord) -> int | None:
    """Return the id of the user who set the record's current sensitive marking.

    That is the actor of the latest marking change to the current value, or the uploader when
    the marking was set at upload and never changed.
    """
    entry = (
        AuditEntry.objects.filter(
            action="av_record_marked",
            target_type=AvRecord._meta.label_lower,
            target_id=str(record.pk),
            detail__after=record.sensitivity,
        )
        .order_by("-at", "-pk")
        .first()
    )
    if entry is not None:
        return entry.actor_id
    return record.uploaded_by_id


def _lock_for_lowering(user: User, pk: int) -> AvRecord:
    if not user.can(Capability.APPROVE_EVIDENCE_ACCESS):
        raise NotPermitted(
            "取消含商业秘密或个人隐私的内容标记须由有权审批调阅申请的负责人办理。",
            field="sensitivity",
        )
    if not restrict(AvRecord.objects.filter(pk=pk), user).exists():
        raise NotFound("音像记录不存在或不在您的管理范围内。", field="record")
    found = AvRecord.objects.select_for_update().get(pk=pk)
    if not scope_for(user).includes(found.agency_id):
        raise NotPermitted("只能取消本单位音像记录的内容标记。", field="sensitivity")
    if found.sensitivity == Sensitivity.NORMAL:
        raise ValidationFailed("该音像记录的内容标记已是“一般”，无须取消。", field="sensitivity")
    if marked_by(found) == user.pk:
        raise NotPermitted(
            "内容标记是您本人设定的，须由其他有权审批调阅申请的负责人取消。",
            field="sensitivity",
        )
    return found


def mark_sensitivity(
    user: User, record: AvRecord | int, sensitivity: str, reason: str = ""
) -> AvRecord:
    """Change a record's marking; lowering it to 一般 needs another approver and a reason."""
    _clean_choice(sensitivity)
    pk = record.pk if isinstance(record, AvRecord) else record
    lowering = sensitivity == Sensitivity.NORMAL
    text = _clean_reason(reason) if lowering else (reason or "").strip()[:MAX_REASON_LENGTH]
    with transaction.atomic():
        found = _lock_for_lowering(user, pk) if lowering else lock_record(user, pk)
        before = found.sensitivity
        if before == sensitivity:
            raise ValidationFailed(
                f"该音像记录的内容标记已是“{found.get_sensitivity_display()}”。",
                field="sensitivity",
            )
        AvRecord.objects.filter(pk=found.pk).update(sensitivity=sensitivity)
        found.refresh_from_db()
        entries.av_record_links_changed(found)
        audit.record(
            "av_record_marked",
            actor=user,
            target=found,
            agency_id=found.agency_id,
            detail={"before": before, "after": sensitivity, "reason": text},
        )
    logger.info("AV record %s marking changed: %s -> %s", found.pk, before, sensitivity)
    return found

"""Recording what happens to a package after it is written: downloads and the receipt note."""

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.archives.handover.models import Handover
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed

MAX_RECEIPT_NOTE = 500


def _scoped(user: User, pk: int) -> Handover:
    handover = restrict(Handover.objects.select_for_update(), user).filter(pk=pk).first()
    if handover is None:
        raise NotFound("移交记录不存在或不在您的管理范围内。", field="handover")
    return handover


def record_receipt(user: User, pk: int, note: str) -> Handover:
    """Store what the receiving archive confirmed (接收情况), e.g. the date and the result."""
    # The agency's archivist or the receiving archives bureau (区档案局) records it.
    if not (user.can(Capability.HAND_OVER_ARCHIVES) or user.can(Capability.RECEIVE_HANDOVERS)):
        raise NotPermitted("您的角色没有“移交档案”或“接收移交档案”权限。")
    note = note.strip()
    if not note:
        raise ValidationFailed("请填写接收情况，例如接收日期和核验结果。", field="receipt_note")
    if len(note) > MAX_RECEIPT_NOTE:
        raise ValidationFailed(
            f"接收情况最多 {MAX_RECEIPT_NOTE} 字，现有 {len(note)} 字，请精简。",
            field="receipt_note",
        )
    with transaction.atomic():
        handover = _scoped(user, pk)
        previous = handover.receipt_note
        handover.receipt_note = note
        handover.save(update_fields=["receipt_note"])
        audit.record(
            "archive_handover_receipt_recorded",
            actor=user,
            target=handover,
            agency_id=handover.agency_id,
            detail={"receipt_note": note, "previous": previous},
        )
    return handover


def record_download(user: User, handover: Handover) -> None:
    with transaction.atomic():
        audit.record(
            "archive_handover_downloaded",
            actor=user,
            target=handover,
            agency_id=handover.agency_id,
            detail={"package": handover.package_name, "manifest_digest": handover.package_digest},
        )

"""Legal holds (冻结): why a case's records may not be destroyed now.

A case is held by each active ``LegalHold`` row and by each reconsideration or lawsuit that
has not concluded, so a hold exists from the day a remedy is registered without anyone placing
it by hand. Disposal calls ``holds_on`` and refuses destruction while it returns anything.
"""

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.archives.retention.models import HoldReason, LegalHold
from zhifa.archives.retention.reasons import checked_reason
from zhifa.cases.actions._common import require
from zhifa.cases.models import Case
from zhifa.core.chinese_dates import chinese_date
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.remedies.models import Remedy, RemedyStatus


def active_holds(case: Case) -> list[LegalHold]:
    return list(LegalHold.objects.filter(case=case, released_at__isnull=True))


def holds_on(case: Case) -> list[str]:
    """Return one Chinese reason per active hold on ``case``; an empty list means none."""
    reasons = [
        f"{hold.get_reason_kind_display()}冻结：{hold.reason}" for hold in active_holds(case)
    ]
    pending = Remedy.objects.filter(case=case, status=RemedyStatus.PENDING).order_by("filed_on")
    for remedy in pending:
        reasons.append(
            f"{remedy.get_kind_display()}审理中（{remedy.reference}，"
            f"{chinese_date(remedy.filed_on)}提出）"
        )
    return reasons


def reject_duplicate_hold(case: Case, reason_kind: str) -> None:
    """Raise ``InvalidTransition`` when ``case`` already has an active hold of ``reason_kind``."""
    existing = LegalHold.objects.filter(
        case=case, reason_kind=reason_kind, released_at__isnull=True
    ).first()
    if existing is not None:
        placed_on = timezone.localdate(existing.placed_at)
        raise InvalidTransition(
            f"该案件已因“{existing.get_reason_kind_display()}”冻结"
            f"（{chinese_date(placed_on)}设置），无需重复冻结。"
        )


def place_hold(user: User, case: Case, reason_kind: str, reason: str) -> LegalHold:
    """Place a hold on a case of the user's scope; another agency's case gives ``NotFound``."""
    require(user, Capability.PLACE_LEGAL_HOLDS)
    if reason_kind not in HoldReason.values:
        raise ValidationFailed("请选择“冻结原因”。", field="reason_kind")
    text = checked_reason(reason, "reason", "冻结说明")
    if not restrict(Case.objects.filter(pk=case.pk), user).exists():
        raise NotFound("案件不存在。")
    with transaction.atomic():
        # Locking the case makes two concurrent placements of the same hold wait for each other.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        reject_duplicate_hold(case, reason_kind)
        hold = LegalHold.objects.create(
            case=case, reason_kind=reason_kind, reason=text, placed_by=user
        )
        audit.record(
            "legal_hold_placed",
            actor=user,
            target=hold,
            agency_id=case.agency_id,
            detail={"case": case.number, "reason_kind": reason_kind, "reason": text},
        )
    return hold


def release_hold(user: User, hold: LegalHold, reason: str) -> LegalHold:
    require(user, Capability.PLACE_LEGAL_HOLDS)
    text = checked_reason(reason, "release_reason", "解除理由")
    with transaction.atomic():
        # The scope check joins through the case and needs DISTINCT, which PostgreSQL does not
        # allow with FOR UPDATE, so the row is checked first and locked by its key alone.
        if not restrict(LegalHold.objects.filter(pk=hold.pk), user).exists():
            raise NotFound("冻结记录不存在。")
        locked = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if locked.released_at is not None:
            raise InvalidTransition("该冻结已经解除。")
        locked.released_by = user
        locked.released_at = timezone.now()
        locked.release_reason = text
        locked.save(update_fields=["released_by", "released_at", "release_reason"])
        audit.record(
            "legal_hold_released",
            actor=user,
            target=locked,
            agency_id=locked.case.agency_id,
            detail={"case": locked.case.number, "reason": text},
        )
    return locked

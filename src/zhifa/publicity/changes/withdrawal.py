"""Withdrawal (撤回) of published decisions that were changed, revoked, confirmed illegal or void.

行政处罚法 Art. 48 requires the withdrawal within 3 working days of the outcome, with the reason
stated publicly. A withdrawn item stays on the portal as a heading with its reason and no
content. A decision that was corrected before it was published is excluded instead.

A correcting reconsideration or litigation outcome applies to every publication of the case
decided on or before the outcome date. A decision made later, such as a remade one, is not
affected.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.cases.actions._common import CALENDAR, require, required_text
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.core.workdays import CalendarNotCovered, shanghai_date
from zhifa.publicity.changes.versions import close
from zhifa.publicity.models import ChangeKind, Publication, PublicationStatus
from zhifa.publicity.publishing.masking import mask_public_note
from zhifa.remedies import rules as remedy_rules
from zhifa.remedies.models import CORRECTION_OUTCOMES, Remedy, RemedyStatus

logger = logging.getLogger(__name__)

EXCLUSION_SOURCE = (
    "《中华人民共和国行政处罚法》第四十八条：决定被变更、撤销、确认违法或确认无效的，不再公示"
)
OPEN_STATUSES = (PublicationStatus.DRAFT, PublicationStatus.PUBLISHED)


def correction_reason(remedy: Remedy) -> str:
    """Return the public reason for withdrawing a decision that ``remedy`` corrected."""
    day = remedy.concluded_on or remedy.filed_on
    return (
        f"该决定已于{day.year}年{day.month}月{day.day}日经{remedy.get_kind_display()}"
        f"被{remedy.get_outcome_display()}（{remedy.body}，{remedy.reference}），依法撤回公示。"
    )


def _withdraw_by(triggered_on: datetime.date) -> datetime.date | None:
    try:
        return remedy_rules.withdrawal_due(triggered_on, CALENDAR)
    except CalendarNotCovered:
        return None


def _lock(user: User | None, publication: Publication | int) -> Publication:
    pk = publication.pk if isinstance(publication, Publication) else publication
    # The scope filter may add DISTINCT, which PostgreSQL refuses with FOR UPDATE, so the row
    # is found in scope first and locked by its key.
    if user is not None and not restrict(Publication.objects.all(), user).filter(pk=pk).exists():
        raise NotFound("公示事项不存在或不在您的管理范围内。")
    locked = Publication.objects.select_for_update(of=("self",)).filter(pk=pk).first()
    if locked is None:
        raise NotFound("公示事项不存在或不在您的管理范围内。")
    return locked


def _check_triggered_on(publication: Publication, triggered_on: datetime.date) -> None:
    if triggered_on > shanghai_date(timezone.now()):
        raise ValidationFailed("“撤回事由发生日期”不能晚于今天。", field="triggered_on")
    if triggered_on < publication.decided_on:
        raise ValidationFailed(
            f"“撤回事由发生日期”早于决定日期{publication.decided_on.isoformat()}，请核对。",
            field="triggered_on",
        )


def withdraw(
    user: User | None,
    publication: Publication | int,
    reason: str,
    triggered_on: datetime.date,
    *,
    withdraw_by: datetime.date | None = None,
    remedy: Remedy | None = None,
) -> Publication:
    """Withdraw a published item, or exclude a draft, with ``reason`` stated publicly.

    ``user`` None is the platform acting on a remedy outcome. ``triggered_on`` is the day of
    the outcome that requires the withdrawal. ``withdraw_by`` defaults to 3 working days after
    it. The audit entry records it and whether the withdrawal was late.
    """
    if user is not None:
        require(user, Capability.PUBLISH_DECISIONS)
    reason = required_text(reason, "reason", "撤回理由", 2000)
    if triggered_on is None:
        raise ValidationFailed("请填写“撤回事由发生日期”。", field="triggered_on")
    if withdraw_by is None:
        withdraw_by = _withdraw_by(triggered_on)

    with transaction.atomic():
        locked = _lock(user, publication)
        _check_triggered_on(locked, triggered_on)
        if locked.status not in OPEN_STATUSES:
            raise InvalidTransition(
                f"该公示事项状态为“{locked.get_status_display()}”，不能撤回。", field="reason"
            )
        if locked.status == PublicationStatus.DRAFT:
            _exclude(user, locked, reason, remedy)
        else:
            _take_down(user, locked, reason, triggered_on, withdraw_by, remedy)
    return locked


def _exclude(
    user: User | None, publication: Publication, reason: str, remedy: Remedy | None
) -> None:
    publication.status = PublicationStatus.EXCLUDED
    publication.exclusion_reason = reason
    publication.exclusion_source = EXCLUSION_SOURCE
    publication.pending_change = {}
    publication.save(
        update_fields=[
            "status",
            "exclusion_reason",
            "exclusion_source",
            "pending_change",
            "updated_at",
        ]
    )
    audit.record(
        "publication_excluded",
        actor=user,
        target=publication,
        agency_id=publication.agency_id,
        detail={"reason": reason, "remedy_id": remedy.pk if remedy else None},
    )
    logger.info("publication %s excluded before publication: decision corrected", publication.pk)


def _take_down(
    user: User | None,
    publication: Publication,
    reason: str,
    triggered_on: datetime.date,
    withdraw_by: datetime.date | None,
    remedy: Remedy | None,
) -> None:
    # The portal, feed and export show the version's reason, so it is masked like the text.
    version = close(publication, ChangeKind.WITHDRAWAL, mask_public_note(publication, reason), user)
    withdrawn_on = shanghai_date(version.created_at)
    dropped_change = bool(publication.pending_change)
    publication.status = PublicationStatus.WITHDRAWN
    publication.pending_change = {}
    publication.save(update_fields=["status", "pending_change", "updated_at"])
    audit.record(
        "publication_withdrawn",
        actor=user,
        target=publication,
        agency_id=publication.agency_id,
        detail={
            "reason": reason,
            "version": version.number,
            "triggered_on": triggered_on.isoformat(),
            "withdraw_by": withdraw_by.isoformat() if withdraw_by else None,
            "late": bool(withdraw_by and withdrawn_on > withdraw_by),
            "remedy_id": remedy.pk if remedy else None,
            "pending_change_dropped": dropped_change,
        },
    )
    logger.info(
        "publication %s withdrawn in version %s (due %s)",
        publication.pk,
        version.number,
        withdraw_by,
    )


# --- Reconsideration and litigation outcomes ----------------------------------------------------


def affected_publications(remedy: Remedy) -> list[Publication]:
    """Return the case's open publications decided on or before the outcome date."""
    if remedy.concluded_on is None:
        return []
    return list(
        Publication.objects.filter(
            case_id=remedy.case_id,
            status__in=OPEN_STATUSES,
            decided_on__lte=remedy.concluded_on,
        ).order_by("pk")
    )


def withdraw_for_remedy(remedy: Remedy, withdraw_by: datetime.date | None = None) -> int:
    """Withdraw or exclude every publication that a correcting ``remedy`` affects."""
    if remedy.outcome not in CORRECTION_OUTCOMES or remedy.concluded_on is None:
        return 0
    reason = correction_reason(remedy)
    done = 0
    for publication in affected_publications(remedy):
        withdraw(
            None,
            publication,
            reason,
            remedy.concluded_on,
            withdraw_by=withdraw_by or remedy.withdraw_by,
            remedy=remedy,
        )
        done += 1
    return done


def correcting_remedies() -> list[Remedy]:
    """Return the concluded correcting remedies of cases that still have open publications."""
    return list(
        Remedy.objects.filter(
            status=RemedyStatus.CONCLUDED,
            outcome__in=CORRECTION_OUTCOMES,
            case__publications__status__in=OPEN_STATUSES,
        )
        .distinct()
        .order_by("concluded_on", "pk")
    )


def withdraw_corrected() -> int:
    """Withdraw what earlier outcomes require but that is still open.

    This covers drafts made after the outcome, and outcomes whose signal found no publication
    or failed; the sweep and the demo run it.
    """
    return sum(withdraw_for_remedy(remedy) for remedy in correcting_remedies())


def correction_of(publication: Publication) -> str | None:
    """Return why ``publication`` may not be published: its decision was corrected, or None.

    The same rule as ``affected_publications``, seen from the publication: a correcting
    outcome concluded on or after the decision date.
    """
    if publication.case_id is None:
        return None
    remedy = (
        Remedy.objects.filter(
            case_id=publication.case_id,
            status=RemedyStatus.CONCLUDED,
            outcome__in=CORRECTION_OUTCOMES,
            concluded_on__gte=publication.decided_on,
        )
        .order_by("concluded_on", "pk")
        .first()
    )
    return correction_reason(remedy) if remedy is not None else None

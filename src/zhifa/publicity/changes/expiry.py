"""Expiry: items leave the portal the day after their 公示截止期 (``Publication.ends_on``)."""

import datetime
import logging

from django.db import transaction

from zhifa.accounts import audit
from zhifa.publicity.changes.versions import close
from zhifa.publicity.models import ChangeKind, Publication, PublicationStatus

logger = logging.getLogger(__name__)


def expiry_reason(ends_on: datetime.date) -> str:
    return f"公示期限已于{ends_on.year}年{ends_on.month}月{ends_on.day}日届满，停止公示。"


def _expire(pk: int, today: datetime.date) -> bool:
    with transaction.atomic():
        publication = (
            Publication.objects.select_for_update(of=("self",))
            .filter(pk=pk, status=PublicationStatus.PUBLISHED, ends_on__lt=today)
            .first()
        )
        if publication is None or publication.ends_on is None:
            return False
        version = close(publication, ChangeKind.EXPIRY, expiry_reason(publication.ends_on), None)
        publication.status = PublicationStatus.EXPIRED
        publication.save(update_fields=["status", "updated_at"])
        audit.record(
            "publication_expired",
            actor=None,
            target=publication,
            agency_id=publication.agency_id,
            detail={"ends_on": publication.ends_on.isoformat(), "version": version.number},
        )
    logger.info("publication %s expired (ends_on %s)", pk, publication.ends_on)
    return True


def expire_due(today: datetime.date) -> int:
    """Remove every published item whose period ended before ``today``; return how many.

    Each item is expired in its own transaction, so one failure leaves the others done. The
    failure is logged, and the next sweep tries the item again.
    """
    due = Publication.objects.filter(
        status=PublicationStatus.PUBLISHED, ends_on__lt=today
    ).values_list("pk", flat=True)
    expired = 0
    for pk in list(due):
        try:
            expired += int(_expire(pk, today))
        except Exception:
            logger.exception("expiring publication %s failed", pk)
    return expired

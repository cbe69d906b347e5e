"""Due dates of publications (应公示日期), in working days on the platform calendar.

Licensing and penalty decisions (双公示) are due 7 working days after the decision, other
decisions and inspection results 20 working days (国办发〔2018〕118号, as the Ministry of
Justice explained it on 2019-01-04). The start day is not counted. Both periods are rule
parameters seeded with that source, so the supervisor can correct them.
"""

import datetime
import logging

from django.db import transaction

from zhifa.core.rules import parameter
from zhifa.core.workdays import CalendarNotCovered, add_working_days
from zhifa.publicity.models import Publication, PublicationKind, PublicationStatus

logger = logging.getLogger(__name__)

DUAL_PUBLICITY_PARAMETER = "publication_days_dual_publicity"
GENERAL_PARAMETER = "publication_days_general"
DUAL_PUBLICITY_KINDS = frozenset({PublicationKind.PENALTY, PublicationKind.LICENSE})


def period_days(kind: str) -> int:
    """Return the working days a decision of ``kind`` has until it must be published."""
    key = DUAL_PUBLICITY_PARAMETER if kind in DUAL_PUBLICITY_KINDS else GENERAL_PARAMETER
    return int(parameter(key).to_integral_value())


def due_date(kind: str, decided_on: datetime.date) -> datetime.date | None:
    """Return the due date, or None while the calendar does not cover the year it falls in."""
    try:
        return add_working_days(decided_on, period_days(kind))
    except CalendarNotCovered as error:
        logger.info("publication due date pending: calendar lacks %s", error.year)
        return None


def refresh_pending_due_dates() -> int:
    """Fill the due dates left pending, now that the calendar may cover them; return how many.

    Only drafts wait for a due date: a published or excluded item no longer needs one.
    """
    pending = Publication.objects.filter(status=PublicationStatus.DRAFT, due_on__isnull=True)
    filled = 0
    for publication in pending.only("pk", "kind", "decided_on"):
        due_on = due_date(publication.kind, publication.decided_on)
        if due_on is None:
            continue
        with transaction.atomic():
            updated = Publication.objects.filter(pk=publication.pk, due_on__isnull=True).update(
                due_on=due_on
            )
        filled += updated
    if filled:
        logger.info("filled %s pending publication due dates", filled)
    return filled


def is_overdue(publication: Publication, today: datetime.date) -> bool:
    """Return whether a draft is past its due date; a pending due date is never overdue."""
    return (
        publication.status == PublicationStatus.DRAFT
        and publication.due_on is not None
        and publication.due_on < today
    )

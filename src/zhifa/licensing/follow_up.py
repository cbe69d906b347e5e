"""The follow-up due day of commitment-based licences (告知承诺核查期限) left pending.

A grant decided late in a year may fall due in a year the working calendar does not cover
yet. The licence is still issued with ``follow_up_due`` empty, and the day is counted and
stored the next time the licence is read after the year is imported.
"""

import logging
from collections.abc import Iterable

from django.db import transaction

from zhifa.accounts import audit
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.compliance import facts_for
from zhifa.licensing import facts as licensing_facts
from zhifa.licensing.models import Licence

logger = logging.getLogger(__name__)


def resolve_follow_up_due(licence: Licence) -> Licence:
    """Count and store the pending follow-up due day of ``licence`` once the calendar allows.

    The stored day is audited as computed by the system. A licence whose day is still not
    countable is returned unchanged.
    """
    if not licence.follow_up_pending:
        return licence
    decision = licensing_facts.decision(facts_for(licence.case))
    due = licensing_facts.follow_up_due(decision, CALENDAR)
    if due is None:
        return licence
    with transaction.atomic():
        updated = Licence.objects.filter(pk=licence.pk, follow_up_due__isnull=True).update(
            follow_up_due=due
        )
        if updated:
            audit.record(
                "licence_follow_up_due_computed",
                actor=None,
                target=licence,
                agency_id=licence.agency_id,
                detail={"follow_up_due": due.isoformat()},
            )
    licence.follow_up_due = due
    logger.info("licence %s follow-up due day computed: %s", licence.pk, due)
    return licence


def resolve_pending(licences: Iterable[Licence]) -> None:
    """Resolve the pending due days of the licences about to be shown."""
    for licence in licences:
        resolve_follow_up_due(licence)

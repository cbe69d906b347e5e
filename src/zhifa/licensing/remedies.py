"""The licence register's side of reconsideration and litigation outcomes.

``on_decision_corrected`` receives ``zhifa.remedies.signals.decision_corrected`` after the
outcome commits. When the corrected decision is the grant of an issued licence, it writes a
``LicenceRemedyCorrection`` and, for a revoked or void grant, the licence's new status, in
one transaction with the audit entry. A changed grant keeps the licence status.
"""

import datetime
import logging
from typing import Any

from django.db import transaction

from zhifa.accounts import audit
from zhifa.cases.models import Case
from zhifa.licensing.models import Licence, LicenceRemedyCorrection, LicenceStatus
from zhifa.remedies.models import Remedy, RemedyOutcome

logger = logging.getLogger(__name__)

# Outcomes after which the grant no longer authorises the holder, and the status they give.
ENDING_OUTCOMES = {
    RemedyOutcome.REVOKED: LicenceStatus.REVOKED_BY_REMEDY,
    RemedyOutcome.CONFIRMED_VOID: LicenceStatus.VOID_BY_REMEDY,
}
# Outcomes recorded on the licence without a status change.
NOTED_OUTCOMES = frozenset({RemedyOutcome.CHANGED})


def on_decision_corrected(
    sender: type[Remedy],
    *,
    case: Case,
    remedy: Remedy,
    withdraw_by: datetime.date,
    **kwargs: Any,
) -> None:
    """Record a correcting outcome on the licence that the corrected grant decision issued."""
    if remedy.outcome not in ENDING_OUTCOMES and remedy.outcome not in NOTED_OUTCOMES:
        return
    if remedy.decision_step.step != "license_decision":
        return
    with transaction.atomic():
        licence = Licence.objects.select_for_update().filter(case_id=case.pk).first()
        if licence is None:
            # issue_licence refuses to issue once the grant has been revoked or voided.
            logger.info("case %s has no licence for remedy %s", case.pk, remedy.pk)
            return
        if licence.remedy_corrections.filter(remedy=remedy).exists():
            return
        _record(licence, remedy)


def _record(licence: Licence, remedy: Remedy) -> None:
    before = licence.status
    after = ENDING_OUTCOMES.get(RemedyOutcome(remedy.outcome), before)
    correction = LicenceRemedyCorrection.objects.create(
        licence=licence,
        remedy=remedy,
        outcome=remedy.outcome,
        outcome_label=remedy.get_outcome_display(),
        kind_label=remedy.get_kind_display(),
        reference=remedy.reference,
        body=remedy.body,
        # conclude_remedy sets the date together with the outcome.
        concluded_on=remedy.concluded_on or remedy.filed_on,
        status_before=before,
        status_after=after,
    )
    if after != before:
        licence.status = after
        licence.save(update_fields=["status"])
    audit.record(
        "licence_corrected_by_remedy",
        # The user who recorded the outcome; the signal carries no request.
        actor=remedy.concluded_step.recorded_by if remedy.concluded_step else None,
        target=licence,
        agency_id=licence.agency_id,
        detail={
            "remedy_id": remedy.pk,
            "reference": remedy.reference,
            "outcome": remedy.outcome,
            "concluded_on": correction.concluded_on.isoformat(),
            "status_before": before,
            "status_after": after,
        },
    )
    logger.info(
        "licence %s corrected by remedy %s (%s): %s -> %s",
        licence.pk,
        remedy.pk,
        remedy.outcome,
        before,
        after,
    )

"""Demo changes to the publications the drafting demo made: withdrawals, repairs and expiry.

The remedies demo records its correcting outcomes before any publication exists, so the
withdrawal step here (``withdraw_corrected``, the same one the daily sweep runs) excludes the
drafts of the decisions those outcomes corrected, with the outcome as the reason. To show a
withdrawal on the portal, one published penalty then gets a reconsideration revoked yesterday,
recorded through the remedies actions like any other. A pending credit repair is added to one
published penalty, and an approved one to a penalty past its minimum period if the demo has
one. Every step finds what an earlier load did and skips it.
"""

import datetime
import logging

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.actions import StepInput
from zhifa.demo.cases_demo import at
from zhifa.publicity.changes import repair
from zhifa.publicity.changes.expiry import expire_due
from zhifa.publicity.changes.withdrawal import withdraw_corrected
from zhifa.publicity.models import (
    CreditRepair,
    Publication,
    PublicationKind,
    PublicationStatus,
)
from zhifa.remedies import actions as remedy_actions
from zhifa.remedies.finality import served_on
from zhifa.remedies.models import Remedy, RemedyKind, RemedyOutcome, RemedyStatus

logger = logging.getLogger(__name__)

PENDING_GROUNDS = "（演示）当事人已缴清罚款并完成整改，申请提前停止公示。"
REVOKING_REFERENCE = "青府复字〔演示〕9号"
RECONSIDERATION_BODY = "上海市青浦区人民政府"
APPROVED_GROUNDS = "（演示）当事人已履行处罚决定，一年内未再发生同类违法行为。"


def _user_with(publication: Publication, capability: str) -> User | None:
    users = User.objects.filter(agency_id=publication.agency_id, is_active=True).order_by("pk")
    return next((user for user in users if user.can(capability)), None)


def _published_penalties() -> list[Publication]:
    return list(
        Publication.objects.filter(
            kind=PublicationKind.PENALTY, status=PublicationStatus.PUBLISHED, repairs__isnull=True
        ).order_by("published_at", "pk")
    )


def _add_repair(
    publication: Publication, grounds: str, today: datetime.date
) -> CreditRepair | None:
    recorder = _user_with(publication, Capability.MANAGE_PUBLICATIONS)
    if recorder is None:
        logger.warning("demo repair: agency %s has no staff to record it", publication.agency_id)
        return None
    request = repair.RepairRequest(requested_on=today, grounds=grounds)
    return repair.record_request(recorder, publication, request)


def _pending_repair(today: datetime.date) -> int:
    if CreditRepair.objects.filter(grounds=PENDING_GROUNDS).exists():
        return 0
    candidates = _published_penalties()
    if not candidates:
        logger.warning("demo repair: no published penalty to attach a request to")
        return 0
    return int(_add_repair(candidates[0], PENDING_GROUNDS, today) is not None)


def _approved_repair(today: datetime.date) -> int:
    if CreditRepair.objects.filter(grounds=APPROVED_GROUNDS).exists():
        return 0
    for publication in _published_penalties():
        if repair.refusal_reason(publication, today):
            continue
        approver = _user_with(publication, Capability.APPROVE_CREDIT_REPAIR)
        row = _add_repair(publication, APPROVED_GROUNDS, today)
        if approver is None or row is None:
            continue
        repair.decide(approver, row, True, "（演示）经核查符合信用修复条件。")
        return 1
    logger.info("demo repair: no published penalty is past its minimum period yet")
    return 0


def _revocable(today: datetime.date) -> Publication | None:
    """Return a published penalty of a served case without remedies, decided before yesterday."""
    for publication in _published_penalties():
        case = publication.case
        if case is None or Remedy.objects.filter(case=case).exists():
            continue
        served = served_on(case)
        if served is not None and served < today - datetime.timedelta(days=2):
            return publication
    return None


def _revoke_one(today: datetime.date) -> int:
    """Record a revoking reconsideration on one published penalty; the listener withdraws it."""
    if Remedy.objects.filter(reference=REVOKING_REFERENCE).exists():
        return 0
    publication = _revocable(today)
    if publication is None or publication.case is None:
        logger.info("demo withdrawal: no published penalty of a served case to revoke")
        return 0
    case = publication.case
    user = case.created_by
    party = case.parties.order_by("pk").first()
    if user is None or party is None:
        return 0

    filed_on = today - datetime.timedelta(days=2)
    concluded_on = today - datetime.timedelta(days=1)
    remedy_actions.file_remedy(
        user,
        case,
        StepInput(step="remedy_filed", occurred_at=at(filed_on, 9), summary="当事人申请行政复议"),
        remedy_actions.FilingInput(
            kind=RemedyKind.RECONSIDERATION,
            filed_on=filed_on,
            body=RECONSIDERATION_BODY,
            reference=REVOKING_REFERENCE,
            party_id=party.pk,
        ),
    )

    remedy_actions.conclude_remedy(
        user,
        case,
        StepInput(
            step="remedy_concluded", occurred_at=at(concluded_on, 9), summary="收到复议决定书"
        ),
        remedy_actions.ConclusionInput(
            outcome=RemedyOutcome.REVOKED, concluded_on=concluded_on, reference=REVOKING_REFERENCE
        ),
    )

    remedy = Remedy.objects.get(reference=REVOKING_REFERENCE, status=RemedyStatus.CONCLUDED)
    logger.info("demo withdrawal: remedy %s revoked case %s", remedy.pk, case.pk)
    return 1


def load(today: datetime.date) -> dict[str, int]:
    revoked = _revoke_one(today)
    counts = {
        "demo_revocations": revoked,
        "publications_withdrawn": withdraw_corrected(),
        "credit_repairs_approved": _approved_repair(today),
        "credit_repairs_pending": _pending_repair(today),
        "publications_expired": expire_due(today),
    }
    logger.info("demo publication changes loaded: %s", counts)
    return counts

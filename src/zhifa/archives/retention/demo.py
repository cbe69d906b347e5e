"""Demo data of the retention app, loaded by ``zhifa demo load`` after the demo cases.

The demo archivist's 区市场监管局 gets a schedule approved by the demo archives bureau account
``dangan``. 区建管委 gets one submitted and waiting for approval, and one closed case of
区市场监管局 is held. Each part is skipped when its rows exist, so loading twice adds nothing.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.archives.retention import holds, schedules
from zhifa.archives.retention.models import LegalHold, RetentionSchedule, ScheduleStatus
from zhifa.archives.retention.periods import district_template
from zhifa.cases.models import Case, CaseStatus

logger = logging.getLogger(__name__)

SUBMITTED_AGENCY = "区建管委"
HOLD_REASON = "区审计局对本案办理情况开展专项审计（演示）"


def load(today: datetime.date) -> dict[str, int]:
    """Add the demo schedules and hold once; return counts, ``skipped`` for parts already there."""
    counts = {"schedules": 0, "holds": 0, "skipped": 0}
    archivist = User.objects.filter(username="archivist").first()
    bureau = User.objects.filter(username="dangan").first()
    if archivist is None or bureau is None or archivist.agency_id is None:
        logger.warning("retention demo skipped: the demo archivist or dangan account is missing")
        return counts
    _approved_schedule(archivist, archivist.agency_id, bureau, today, counts)
    _submitted_schedule(counts)
    _hold(archivist, archivist.agency_id, counts)
    return counts


def _approved_schedule(
    archivist: User, agency_id: int, bureau: User, today: datetime.date, counts: dict[str, int]
) -> None:
    if RetentionSchedule.objects.filter(agency_id=agency_id).exists():
        counts["skipped"] += 1
        return
    draft = schedules.start_draft(archivist)
    schedules.submit(archivist, draft, "依据区默认期限表编制（演示）。")
    schedules.approve(bureau, draft, "青档复〔演示〕1号", today)
    counts["schedules"] += 1


def _submitted_schedule(counts: dict[str, int]) -> None:
    """Write 区建管委's submitted version directly: the demo has no archivist of that agency."""
    agency = Agency.objects.filter(short_name=SUBMITTED_AGENCY).first()
    author = User.objects.filter(username="jianguan").first()
    template = district_template()
    if agency is None or author is None or template is None:
        logger.warning("retention demo: %s or its head account is missing", SUBMITTED_AGENCY)
        return
    if RetentionSchedule.objects.filter(agency=agency).exists():
        counts["skipped"] += 1
        return
    with transaction.atomic():
        draft = RetentionSchedule.objects.create(
            agency=agency,
            version=1,
            created_by=author,
            status=ScheduleStatus.SUBMITTED,
            submitted_at=timezone.now(),
            note="依据区默认期限表编制，待区档案局审批（演示）。",
        )
        schedules.copy_categories(template, draft)
    counts["schedules"] += 1


def _hold(archivist: User, agency_id: int, counts: dict[str, int]) -> None:
    if LegalHold.objects.filter(reason=HOLD_REASON).exists():
        counts["skipped"] += 1
        return
    case = (
        Case.objects.filter(agency_id=agency_id, status=CaseStatus.CLOSED)
        .order_by("closed_on", "pk")
        .first()
    )
    if case is None:
        logger.warning("retention demo: no closed case of the archivist's agency to hold")
        return
    holds.place_hold(archivist, case, "investigation", HOLD_REASON)
    counts["holds"] += 1

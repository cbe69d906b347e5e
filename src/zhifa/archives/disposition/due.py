"""The appraisal due lists (到期鉴定清单): case files and routine audio-video records.

A case file is due once its retention period has ended, which means ``retention_ends_on`` is on or
before today. A permanent file has no end, so it is never due. A routine AV record is one that never
became evidence (no case, party or step linked) and is older than the agency's routine period (at
least 6 months). Nothing here destroys anything: the lists only feed appraisals.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from zhifa.agencies.models import Agency
from zhifa.archives import periods
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.disposition.models import (
    Appraisal,
    AppraisalEntry,
    AppraisalStatus,
    Verdict,
)
from zhifa.archives.retention import holds
from zhifa.archives.retention.periods import routine_av_months
from zhifa.core.chinese_dates import SHANGHAI
from zhifa.evidence.models import AvRecord

OPEN_STATUSES = (AppraisalStatus.DRAFT, AppraisalStatus.SUBMITTED, AppraisalStatus.RETURNED)


@dataclass
class DueCaseFile:
    case_file: CaseFile
    holds: list[str] = field(default_factory=list)
    appraisal: Appraisal | None = None


def busy_entries() -> QuerySet[AppraisalEntry]:
    """Entries that keep their subject out of a new appraisal: open, or approved and not done."""
    return AppraisalEntry.objects.filter(
        Q(appraisal__status__in=OPEN_STATUSES)
        | Q(appraisal__status=AppraisalStatus.APPROVED, verdict=Verdict.DESTROY)
    )


def due_case_files(queryset: QuerySet[CaseFile], today: datetime.date) -> QuerySet[CaseFile]:
    """Limit ``queryset`` to archived case files whose retention period has ended by ``today``."""
    return (
        queryset.filter(
            status=CaseFileStatus.ARCHIVED,
            retention_months__isnull=False,
            retention_ends_on__lte=today,
        )
        .select_related("case", "agency")
        .order_by("retention_ends_on", "pk")
    )


def with_holds(case_files: Iterable[CaseFile]) -> list[DueCaseFile]:
    """Attach each file's legal holds and the open appraisal it is in, if any."""
    rows = [DueCaseFile(case_file, holds.holds_on(case_file.case)) for case_file in case_files]
    entries = busy_entries().filter(case_file__in=[row.case_file.pk for row in rows])
    by_file = {entry.case_file_id: entry.appraisal for entry in entries.select_related("appraisal")}
    for row in rows:
        row.appraisal = by_file.get(row.case_file.pk)
    return rows


def routine_cutoff(agency: Agency, today: datetime.date) -> datetime.datetime:
    """Return the moment before which a routine AV record of ``agency`` has been kept long enough.

    A record started on or before ``today`` minus the routine period is due, counted in
    Shanghai dates.
    """
    last_day = periods.add_months(today, -routine_av_months(agency))
    next_day = last_day + datetime.timedelta(days=1)
    return datetime.datetime.combine(next_day, datetime.time(), tzinfo=SHANGHAI)


def kept_until(record: AvRecord, months: int) -> datetime.date:
    """Return the day from which a routine record kept for ``months`` is due again."""
    return periods.add_months(record.started_at.astimezone(SHANGHAI).date(), months)


def routine_records(agency: Agency) -> QuerySet[AvRecord]:
    """AV records of ``agency`` that never became evidence and were not destroyed."""
    destroyed = AppraisalEntry.objects.filter(
        av_record__isnull=False, destroyed_at__isnull=False
    ).values("av_record_id")
    return AvRecord.objects.filter(
        agency=agency, case__isnull=True, party__isnull=True, step__isnull=True
    ).exclude(pk__in=destroyed)


def due_av_records(agency: Agency, today: datetime.date) -> list[AvRecord]:
    """Return the routine AV records of ``agency`` due for appraisal on ``today``, oldest first."""
    busy = busy_entries().filter(av_record__isnull=False).values("av_record_id")
    candidates = list(
        routine_records(agency)
        .filter(started_at__lt=routine_cutoff(agency, today))
        .exclude(pk__in=busy)
        .select_related("content")
        .order_by("started_at", "pk")
    )
    # A record kept longer by an earlier appraisal is due again only when that period ends.
    kept = AppraisalEntry.objects.filter(
        av_record__in=[record.pk for record in candidates],
        appraisal__status=AppraisalStatus.APPROVED,
        verdict=Verdict.KEEP,
    ).values_list("av_record_id", "new_retention_months", "keep_permanently")
    later: dict[int, int | None] = {}
    for record_id, months, permanent in kept:
        previous = later.get(record_id, 0)
        if permanent or previous is None:
            later[record_id] = None
        else:
            later[record_id] = max(previous, months or 0)
    return [
        record
        for record in candidates
        if record.pk not in later
        or (later[record.pk] is not None and kept_until(record, later[record.pk] or 0) <= today)
    ]

"""Recording sessions (录制过程): grouping the files of one recording and finding its gaps.

A body-worn camera splits a long recording into several files, and an officer may stop and
restart it. Files of the same device (or, without a device, of the same uploader and first
officer) that follow each other within ``evidence_session_join_minutes`` belong to one session.
Inside a session, a gap is a pause longer than ``evidence_gap_tolerance_seconds`` between the end
of one file and the start of the next. Each gap needs an ``Interruption`` (中断说明).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet

from zhifa.core.rules import parameter
from zhifa.evidence.models import (
    AvRecord,
    Interruption,
    MediaKind,
    RecordingSession,
)

JOIN_MINUTES_KEY = "evidence_session_join_minutes"
GAP_TOLERANCE_KEY = "evidence_gap_tolerance_seconds"


def join_window() -> timedelta:
    return timedelta(minutes=float(parameter(JOIN_MINUTES_KEY)))


def gap_tolerance() -> timedelta:
    return timedelta(seconds=float(parameter(GAP_TOLERANCE_KEY)))


def record_end(record: AvRecord) -> datetime:
    """Return when a record ended: its end time, else start plus duration, else its start."""
    if record.ended_at is not None:
        return record.ended_at
    if record.duration_seconds:
        return record.started_at + timedelta(seconds=record.duration_seconds)
    return record.started_at


def first_officer_id(record: AvRecord) -> int | None:
    """Return the officer added first to the record (the lowest row of the officers table)."""
    through = AvRecord.officers.through
    return (
        through.objects.filter(avrecord_id=record.pk)
        .order_by("pk")
        .values_list("officer_id", flat=True)
        .first()
    )


def _same_recorder(record: AvRecord) -> QuerySet[AvRecord]:
    """Return the other grouped records of the same device, or without one, of the uploader."""
    others = AvRecord.objects.filter(agency_id=record.agency_id, session__isnull=False).exclude(
        pk=record.pk
    )
    if record.device_id is not None:
        return others.filter(device_id=record.device_id)
    return others.filter(device__isnull=True, uploaded_by_id=record.uploaded_by_id)


def find_session(record: AvRecord) -> RecordingSession | None:
    """Return the session whose files end or start within the join window around ``record``.

    A file that arrives out of order (the later file uploaded first) joins too, because the
    window is checked on both sides. The closest neighbouring file decides.
    """
    window = join_window()
    start = record.started_at
    end = record_end(record)
    neighbours = _same_recorder(record).filter(
        Q(started_at__lte=end + window),
        Q(ended_at__gte=start - window) | Q(ended_at__isnull=True, started_at__gte=start - window),
    )
    officer = first_officer_id(record) if record.device_id is None else None
    best: AvRecord | None = None
    best_distance: timedelta | None = None
    for other in neighbours.select_related("session"):
        if record.device_id is None and first_officer_id(other) != officer:
            continue
        distance = max(start - record_end(other), other.started_at - end, timedelta(0))
        if best_distance is None or distance < best_distance:
            best, best_distance = other, distance
    return best.session if best is not None else None


def attach(record: AvRecord) -> RecordingSession | None:
    """Put a video or audio record into its session, creating a session when none fits.

    Call it after the record's officers are set. Photos are not grouped and return None. The
    caller puts the new link into the ledger: ``entries.av_record_stored`` does so for a new
    record, ``entries.av_record_links_changed`` for an existing one.
    """
    if record.media_kind == MediaKind.PHOTO:
        return None
    with transaction.atomic():
        session = find_session(record)
        if session is None:
            session = RecordingSession.objects.create(
                agency_id=record.agency_id, device_id=record.device_id
            )
        if record.session_id != session.pk:
            record.session = session
            record.save(update_fields=["session"])
    return session


@dataclass(frozen=True)
class Gap:
    """A pause inside a session between the end of ``previous`` and the start of ``resumed``."""

    session_id: int
    previous: AvRecord
    resumed: AvRecord
    started_at: datetime
    ended_at: datetime
    interruption: Interruption | None

    @property
    def seconds(self) -> float:
        return (self.ended_at - self.started_at).total_seconds()

    @property
    def explained(self) -> bool:
        return self.interruption is not None


def _gaps_in(
    records: list[AvRecord], explained: dict[int, Interruption], tolerance: timedelta
) -> list[Gap]:
    """Return the gaps between records of one session, which must be ordered by start time.

    Files that overlap, or follow within the tolerance (a split recording), are no gap.
    """
    found: list[Gap] = []
    latest_end: datetime | None = None
    previous: AvRecord | None = None
    for record in records:
        paused = latest_end is not None and record.started_at - latest_end > tolerance
        if paused and previous is not None and latest_end is not None:
            found.append(
                Gap(
                    session_id=record.session_id or 0,
                    previous=previous,
                    resumed=record,
                    started_at=latest_end,
                    ended_at=record.started_at,
                    interruption=explained.get(record.pk),
                )
            )
        end = record_end(record)
        if latest_end is None or end >= latest_end:
            latest_end = end
            previous = record
    return found


def gaps_by_session(session_ids: Iterable[int]) -> dict[int, list[Gap]]:
    """Return the gaps of several sessions in two queries, keyed by session id."""
    ids = sorted(set(session_ids))
    if not ids:
        return {}
    records: dict[int, list[AvRecord]] = defaultdict(list)
    for record in AvRecord.objects.filter(session_id__in=ids).order_by("started_at", "pk"):
        if record.session_id is not None:
            records[record.session_id].append(record)
    explained = {
        row.resumed_record_id: row for row in Interruption.objects.filter(session_id__in=ids)
    }
    tolerance = gap_tolerance()
    return {session_id: _gaps_in(records[session_id], explained, tolerance) for session_id in ids}


def gaps(session: RecordingSession) -> list[Gap]:
    """Return the gaps of one session in time order, each with its explanation if recorded."""
    return gaps_by_session([session.pk])[session.pk]


def unexplained_gaps(records: Iterable[AvRecord]) -> list[Gap]:
    """Return the gaps without an explanation in the sessions of the given records."""
    session_ids = {record.session_id for record in records if record.session_id is not None}
    return [
        gap
        for session_gaps in gaps_by_session(session_ids).values()
        for gap in session_gaps
        if not gap.explained
    ]

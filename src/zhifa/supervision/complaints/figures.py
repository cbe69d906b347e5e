"""Complaint and satisfaction figures per agency, for reports, the dashboard and assessment.

Every figure counts the complaints received, or the ratings given, on Shanghai dates from
``starts_on`` to ``ends_on`` inclusive. A complaint counts for the agency it is assigned to
now, so a complaint transferred between agencies counts once, for the agency it went to.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.urls import reverse

from zhifa.core.chinese_dates import chinese_date
from zhifa.core.workdays import SHANGHAI, shanghai_date
from zhifa.supervision.complaints.models import (
    OPEN_STATUSES,
    Complaint,
    ComplaintKind,
    SatisfactionRating,
)

# Ratings of this many stars or more count as satisfied (满意).
SATISFIED_STARS = 4
# Characters of a complaint's content shown in the label of an overdue complaint.
LABEL_EXCERPT_CHARS = 20


@dataclass(frozen=True)
class ComplaintCounts:
    """Complaints of one agency: received in the period, and how they were handled."""

    received: int = 0
    replied: int = 0
    replied_on_time: int = 0
    open_overdue: int = 0


@dataclass(frozen=True)
class RatingSummary:
    """Satisfaction ratings of one agency in the period, on a scale of 1 to 5 stars."""

    count: int = 0
    stars: int = 0
    satisfied: int = 0

    @property
    def average(self) -> Decimal | None:
        if self.count == 0:
            return None
        return (Decimal(self.stars) / Decimal(self.count)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class OverdueComplaint:
    """An open complaint past its reply deadline; ``agency_id`` is None while unrouted."""

    agency_id: int | None
    complaint_id: int
    due_on: datetime.date
    label: str
    url: str


def shanghai_bounds(
    starts_on: datetime.date, ends_on: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """Return the aware instants from the start of ``starts_on`` to the end of ``ends_on``."""
    start = datetime.datetime.combine(starts_on, datetime.time.min, SHANGHAI)
    end = datetime.datetime.combine(
        ends_on + datetime.timedelta(days=1), datetime.time.min, SHANGHAI
    )
    return start, end


def complaint_counts(
    agency_ids: Iterable[int],
    starts_on: datetime.date,
    ends_on: datetime.date,
    today: datetime.date,
) -> dict[int, ComplaintCounts]:
    """Count the complaints each agency received in the period, with zeros for none.

    ``replied`` counts replies and reasoned decisions not to accept (不予受理), because both
    close the complaint with a text to the complainant. ``replied_on_time`` counts those whose
    Shanghai reply date is on or before the reply deadline. ``open_overdue`` counts those still
    open after their reply deadline as of ``today``. One query, whatever the number of agencies.
    """
    ids = list(agency_ids)
    start, end = shanghai_bounds(starts_on, ends_on)
    replied = Q(replied_at__isnull=False)
    rows = (
        Complaint.objects.filter(agency_id__in=ids, received_at__gte=start, received_at__lt=end)
        .annotate(replied_day=TruncDate("replied_at", tzinfo=SHANGHAI))
        .values("agency_id")
        .annotate(
            received=Count("pk"),
            replied=Count("pk", filter=replied),
            replied_on_time=Count("pk", filter=replied & Q(replied_day__lte=F("reply_due_on"))),
            open_overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, reply_due_on__lt=today)),
        )
    )
    counts = {agency_id: ComplaintCounts() for agency_id in ids}
    for row in rows:
        counts[row["agency_id"]] = ComplaintCounts(
            received=row["received"],
            replied=row["replied"],
            replied_on_time=row["replied_on_time"],
            open_overdue=row["open_overdue"],
        )
    return counts


def satisfaction(
    agency_ids: Iterable[int], starts_on: datetime.date, ends_on: datetime.date
) -> dict[int, RatingSummary]:
    """Sum the ratings each agency received in the period, with empty summaries for none."""
    ids = list(agency_ids)
    start, end = shanghai_bounds(starts_on, ends_on)
    # The annotations are not named after model fields: one named ``stars`` would replace the
    # column in the filter of ``satisfied_count``.
    rows = (
        SatisfactionRating.objects.filter(
            agency_id__in=ids, created_at__gte=start, created_at__lt=end
        )
        .values("agency_id")
        .annotate(
            rating_count=Count("pk"),
            star_total=Sum("stars"),
            satisfied_count=Count("pk", filter=Q(stars__gte=SATISFIED_STARS)),
        )
    )
    summaries = {agency_id: RatingSummary() for agency_id in ids}
    for row in rows:
        summaries[row["agency_id"]] = RatingSummary(
            count=row["rating_count"],
            stars=row["star_total"] or 0,
            satisfied=row["satisfied_count"],
        )
    return summaries


def overdue_complaints(today: datetime.date) -> list[OverdueComplaint]:
    """List the open complaints whose reply deadline passed before ``today``, oldest first."""
    rows = (
        Complaint.objects.filter(status__in=OPEN_STATUSES, reply_due_on__lt=today)
        .order_by(F("reply_due_on").asc(), "pk")
        .values_list("pk", "agency_id", "reply_due_on", "kind", "content", "received_at")
    )
    overdue = []
    for pk, agency_id, due_on, kind, content, received_at in rows:
        if due_on is None:
            continue
        overdue.append(
            OverdueComplaint(
                agency_id=agency_id,
                complaint_id=pk,
                due_on=due_on,
                label=_overdue_label(kind, content, received_at),
                url=reverse("complaints:complaint_detail", args=[pk]),
            )
        )
    return overdue


def _overdue_label(kind: str, content: str, received_at: datetime.datetime) -> str:
    """Name a complaint by kind, the start of its content and its received date.

    The lookup code is the complainant's secret and the alert states the deadline itself, so
    the label carries neither.
    """
    excerpt = " ".join(content.split())
    if len(excerpt) > LABEL_EXCERPT_CHARS:
        excerpt = excerpt[:LABEL_EXCERPT_CHARS] + "…"
    received_on = chinese_date(shanghai_date(received_at))
    return f"{ComplaintKind(kind).label}：{excerpt}（{received_on}收到）"

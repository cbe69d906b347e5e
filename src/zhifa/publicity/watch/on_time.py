"""On-time publication rate (公示及时率) per agency, over decisions made in a date range.

Counted over publications that were not excluded, by decision date:

- published: first published at any time (later withdrawals, expiry and repair still count);
- on time: first published on or before the due date, by the Shanghai date of ``published_at``;
- late: published after the due date;
- overdue: still a draft and past its due date;
- pending calendar: the due date is not countable yet (待定).

The rate is on time ÷ (published + overdue), over items whose outcome is known; drafts not yet
due are left out. District totals are the sums of the agency rows.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.core.workdays import SHANGHAI
from zhifa.publicity.models import Publication, PublicationStatus


@dataclass
class OnTimeRow:
    agency_id: int | None
    agency_name: str
    published: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending_calendar: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Return the percentage published on time, to one decimal; None with nothing to rate."""
        judged = self.published + self.overdue
        if judged == 0:
            return None
        percent = Decimal(self.on_time * 100) / Decimal(judged)
        return percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


COUNTS = ("published", "on_time", "late", "overdue", "pending_calendar")


@dataclass
class OnTimeReport:
    date_from: datetime.date
    date_to: datetime.date
    rows: list[OnTimeRow]
    total: OnTimeRow


def _counts(queryset: Any, today: datetime.date) -> dict[int, dict[str, int]]:
    published = Q(published_at__isnull=False)
    annotated = queryset.annotate(published_day=TruncDate("published_at", tzinfo=SHANGHAI))
    rows = annotated.values("agency_id").annotate(
        published=Count("pk", filter=published),
        on_time=Count("pk", filter=published & Q(published_day__lte=F("due_on"))),
        late=Count("pk", filter=published & Q(published_day__gt=F("due_on"))),
        overdue=Count("pk", filter=Q(status=PublicationStatus.DRAFT, due_on__lt=today)),
        pending_calendar=Count("pk", filter=Q(published_at__isnull=True, due_on__isnull=True)),
    )
    return {row["agency_id"]: {name: row[name] for name in COUNTS} for row in rows}


def on_time_report(
    user: Any, date_from: datetime.date, date_to: datetime.date, today: datetime.date
) -> OnTimeReport:
    """Count every agency in the user's scope, including agencies with nothing to count."""
    publications = (
        restrict(Publication.objects.all(), user)
        .filter(decided_on__gte=date_from, decided_on__lte=date_to)
        .exclude(status=PublicationStatus.EXCLUDED)
    )
    counts = _counts(publications, today)

    rows = []
    for agency in restrict(Agency.objects.order_by("sort_order", "pk"), user):
        rows.append(OnTimeRow(agency.pk, agency.name, **counts.get(agency.pk, {})))
    total = OnTimeRow(None, "全区合计")
    for row in rows:
        for name in COUNTS:
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return OnTimeReport(date_from, date_to, rows, total)

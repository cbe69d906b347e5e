"""Publications of the period, with the definitions of ``zhifa.publicity.watch.on_time``.

- published: first published in the period (Shanghai date of ``published_at``);
- on time / late: of those, first published on or before / after the due date;
- overdue: on the period's last day (or on ``as_of`` if earlier), decided, past the due date
  and not yet published. Excluded publications (不予公示) never count.

Two queries for all agencies.
"""

import datetime

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from zhifa.core.workdays import SHANGHAI
from zhifa.publicity.models import Publication, PublicationStatus
from zhifa.supervision.reports.compiling.period import Figures, Period, add


def _published(agency_ids: list[int], period: Period, rows: dict[int, Figures]) -> None:
    counts = (
        Publication.objects.filter(
            agency_id__in=agency_ids,
            published_at__gte=period.start,
            published_at__lt=period.end,
        )
        .exclude(status=PublicationStatus.EXCLUDED)
        .annotate(published_day=TruncDate("published_at", tzinfo=SHANGHAI))
        .values("agency_id")
        .annotate(
            published=Count("pk"),
            on_time=Count("pk", filter=Q(published_day__lte=F("due_on"))),
            late=Count("pk", filter=Q(published_day__gt=F("due_on"))),
        )
        .order_by()
    )
    for entry in counts:
        figures = rows[entry["agency_id"]]
        add(figures, "publications_published", entry["published"])
        add(figures, "publications_on_time", entry["on_time"])
        add(figures, "publications_late", entry["late"])


def _overdue(agency_ids: list[int], period: Period, rows: dict[int, Figures]) -> None:
    day = min(period.ends_on, period.as_of)
    day_end = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=SHANGHAI
    )
    counts = (
        Publication.objects.filter(agency_id__in=agency_ids, decided_on__lte=day, due_on__lt=day)
        .exclude(status=PublicationStatus.EXCLUDED)
        .filter(Q(published_at__isnull=True) | Q(published_at__gte=day_end))
        .values("agency_id")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for entry in counts:
        add(rows[entry["agency_id"]], "publications_overdue", entry["total"])


def count_publications(agency_ids: list[int], period: Period, rows: dict[int, Figures]) -> None:
    _published(agency_ids, period, rows)
    _overdue(agency_ids, period, rows)

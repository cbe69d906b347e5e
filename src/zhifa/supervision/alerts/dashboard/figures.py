"""The figures of the supervision dashboard (执法监督看板), one row per agency plus the district.

The bureau gets every agency and an agency user only their own, through ``restrict``. The page
reads a fixed number of queries, however many agencies and months it shows:

- cases opened per agency and month: one grouped query, counted by ``opened_on`` as the report
  figure ``cases_opened`` is;
- publication on-time rate: ``zhifa.publicity.watch.on_time``;
- AV coverage of mandatory scenes, review opinions by conclusion and complaints received:
  ``zhifa.supervision.reports.figures.compile_figures`` over the whole period;
- correction rate: ``zhifa.remedies.statistics.correction_rate``;
- for district-wide users, complaints received in the period and not yet routed to an agency
  (待分办): one count, added to the total but to no agency's row.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractMonth

from zhifa.accounts.scope import restrict, scope_for
from zhifa.agencies.models import Agency
from zhifa.cases.models import Case
from zhifa.publicity.watch.on_time import on_time_report
from zhifa.remedies.statistics import correction_rate
from zhifa.review.models.requests import Conclusion
from zhifa.supervision.alerts.dashboard.period import Period
from zhifa.supervision.alerts.dashboard.ranking import rank
from zhifa.supervision.complaints.figures import shanghai_bounds
from zhifa.supervision.complaints.models import Complaint
from zhifa.supervision.reports.figures import compile_figures

# The name of the dashboard line for complaints not yet routed to an agency.
UNROUTED_LABEL = "待分办"


def percent(part: int, whole: int) -> Decimal | None:
    """Return ``part`` as a percentage of ``whole`` to one decimal, or None when ``whole`` is 0."""
    if whole == 0:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class AgencyRow:
    """One agency's indicators over the period, or the district's when ``agency_id`` is None."""

    agency_id: int | None
    name: str
    cases_by_month: list[int]
    publications_judged: int = 0
    publications_on_time: int = 0
    av_duties: int = 0
    av_met: int = 0
    reviews: int = 0
    reviews_by_conclusion: dict[str, int] = field(default_factory=dict)
    remedies_concluded: int = 0
    remedies_corrected: int = 0
    complaints: int = 0
    rank: int | None = None
    mean_rank: Decimal | None = None

    @property
    def cases_opened(self) -> int:
        return sum(self.cases_by_month)

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.publications_on_time, self.publications_judged)

    @property
    def av_rate(self) -> Decimal | None:
        return percent(self.av_met, self.av_duties)

    @property
    def correction_rate(self) -> Decimal | None:
        return percent(self.remedies_corrected, self.remedies_concluded)

    @property
    def conclusion_counts(self) -> list[int]:
        """Return the review opinions by conclusion, in the order of ``Conclusion``."""
        return [self.reviews_by_conclusion.get(code, 0) for code in Conclusion.values]

    def add(self, other: "AgencyRow") -> None:
        self.cases_by_month = [
            a + b for a, b in zip(self.cases_by_month, other.cases_by_month, strict=True)
        ]
        self.publications_judged += other.publications_judged
        self.publications_on_time += other.publications_on_time
        self.av_duties += other.av_duties
        self.av_met += other.av_met
        self.reviews += other.reviews
        for code, count in other.reviews_by_conclusion.items():
            self.reviews_by_conclusion[code] = self.reviews_by_conclusion.get(code, 0) + count
        self.remedies_concluded += other.remedies_concluded
        self.remedies_corrected += other.remedies_corrected
        self.complaints += other.complaints


@dataclass
class Dashboard:
    period: Period
    rows: list[AgencyRow]
    total: AgencyRow
    # Complaints of the period not yet routed to an agency (待分办), counted in
    # ``total.complaints``; None for users who see only their own agencies.
    unrouted_complaints: int | None = None

    @property
    def ranking(self) -> list[AgencyRow]:
        """Return the rows ordered by rank; agencies with nothing to rank come last."""
        return sorted(self.rows, key=lambda row: (row.rank is None, row.rank or 0, row.name))


def _cases_by_month(agency_ids: list[int], period: Period) -> dict[tuple[int, int], int]:
    rows = (
        Case.objects.filter(
            agency_id__in=agency_ids,
            opened_on__gte=period.starts_on,
            opened_on__lte=period.ends_on,
        )
        .annotate(month=ExtractMonth("opened_on"))
        .values("agency_id", "month")
        .annotate(total=Count("pk"))
        .order_by()
    )
    return {(row["agency_id"], row["month"]): row["total"] for row in rows}


def _unrouted_complaints(period: Period) -> int:
    start, end = shanghai_bounds(period.starts_on, period.ends_on)
    return Complaint.objects.filter(
        agency__isnull=True, received_at__gte=start, received_at__lt=end
    ).count()


def build_dashboard(user: Any, period: Period, today: datetime.date) -> Dashboard:
    agencies = list(restrict(Agency.objects.order_by("sort_order", "pk"), user))
    ids = [agency.pk for agency in agencies]
    monthly = _cases_by_month(ids, period)
    publications = on_time_report(user, period.starts_on, period.ends_on, today)
    on_time = {row.agency_id: row for row in publications.rows}
    figures = compile_figures(ids, period.starts_on, period.ends_on, today)
    corrections = correction_rate(
        restrict(Case.objects.all(), user), period.starts_on, period.ends_on
    ).by_agency

    rows = []
    for agency in agencies:
        own = figures[agency.pk]
        row = AgencyRow(
            agency_id=agency.pk,
            name=agency.short_name or agency.name,
            cases_by_month=[monthly.get((agency.pk, month), 0) for month in period.months],
            av_duties=int(own["av_mandatory_duties"]),
            av_met=int(own["av_mandatory_met"]),
            reviews=int(own["reviews_concluded"]),
            reviews_by_conclusion={code: int(own[f"reviews_{code}"]) for code in Conclusion.values},
            complaints=int(own["complaints_received"]),
        )
        published = on_time.get(agency.pk)
        if published is not None:
            row.publications_judged = published.published + published.overdue
            row.publications_on_time = published.on_time
        correction = corrections.get(agency.pk)
        if correction is not None:
            row.remedies_concluded = correction.concluded
            row.remedies_corrected = correction.corrected
        rows.append(row)

    district = scope_for(user).all_agencies
    total = AgencyRow(None, "全区合计" if district else "合计", [0] * len(period.months))
    for row in rows:
        total.add(row)
    unrouted = _unrouted_complaints(period) if district else None
    if unrouted is not None:
        total.complaints += unrouted
    rank(rows)
    return Dashboard(period, rows, total, unrouted)

"""The judicial bureau's figures of legal review, one row per agency plus a district total.

A review (一次法制审核) is a chain of rounds linked by ``ReviewRequest.previous``. It belongs to
the year in which its first round was submitted (Asia/Shanghai date), and all its rounds count
there. Open overdue rounds are a state of today, so they are counted whatever the year.

The figures take a fixed number of queries, however many agencies are in scope: every table is
read once for all agencies and grouped in Python. Working-day counting loads each calendar
year it touches once (``workdays.shared_years``).
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from zhifa.agencies import compliance, rules
from zhifa.agencies.models import Agency, Reviewer
from zhifa.core import workdays
from zhifa.core.errors import ValidationFailed
from zhifa.core.rules import parameter
from zhifa.review.models import CatalogState, ReviewCatalog, ReviewOpinion, ReviewRequest
from zhifa.review.models.requests import RequestState

# The earliest year the filter accepts: the State Council guidance that set up legal review of
# major decisions (国办发〔2018〕118号) dates from 2018.
FIRST_YEAR = 2018
FAIL = "fail"


@dataclass
class CatalogFiling:
    """An agency's catalog filing state (目录清单备案情况) on the reference day."""

    in_force_version: int | None = None
    pending_versions: list[int] = field(default_factory=list)
    returned_versions: list[int] = field(default_factory=list)
    ever_filed: bool = False

    @property
    def label(self) -> str:
        if not self.ever_filed:
            return "从未报备"
        parts = []
        if self.in_force_version is not None:
            parts.append(f"现行第{self.in_force_version}版")
        else:
            parts.append("无现行版本")
        if self.pending_versions:
            versions = "、".join(f"第{number}版" for number in self.pending_versions)
            parts.append(f"{versions}待备案审查")
        return "，".join(parts)


@dataclass
class ReviewFigures:
    """Counts of one agency, or of the district when ``agency`` is None.

    Means are properties over the stored sums, so the district row, built by adding the
    agency rows, gives the same means as computing over all reviews at once.
    """

    agency: Agency | None
    reviews_by_kind: Counter[str] = field(default_factory=Counter)
    rounds: int = 0
    max_rounds: int = 0
    timed_rounds: int = 0
    working_days_total: int = 0
    untimed_rounds: int = 0
    open_overdue: int = 0
    completed_late: int = 0
    issues_by_item: Counter[str] = field(default_factory=Counter)
    catalog: CatalogFiling | None = None
    ratio: rules.ReviewerRatio | None = None
    active_reviewers: int = 0
    unqualified_reviewers: int = 0

    @property
    def reviews(self) -> int:
        return sum(self.reviews_by_kind.values())

    @property
    def mean_rounds(self) -> Decimal | None:
        return _mean(self.rounds, self.reviews)

    @property
    def mean_working_days(self) -> Decimal | None:
        return _mean(self.working_days_total, self.timed_rounds)

    @property
    def issues(self) -> int:
        return sum(self.issues_by_item.values())

    @property
    def qualification_compliant(self) -> bool:
        return self.unqualified_reviewers == 0

    def add(self, other: "ReviewFigures") -> None:
        """Add ``other``'s counts to this row, which is how the district row is built."""
        self.reviews_by_kind.update(other.reviews_by_kind)
        self.rounds += other.rounds
        self.max_rounds = max(self.max_rounds, other.max_rounds)
        self.timed_rounds += other.timed_rounds
        self.working_days_total += other.working_days_total
        self.untimed_rounds += other.untimed_rounds
        self.open_overdue += other.open_overdue
        self.completed_late += other.completed_late
        self.issues_by_item.update(other.issues_by_item)
        self.active_reviewers += other.active_reviewers
        self.unqualified_reviewers += other.unqualified_reviewers


@dataclass
class FiguresReport:
    """The figures of one year: agency rows, the district total and the labels they use."""

    year: int
    reference_day: datetime.date
    rows: list[ReviewFigures]
    total: ReviewFigures
    item_labels: dict[str, str]
    minimum_ratio: Decimal


def _mean(total: int, count: int) -> Decimal | None:
    if count == 0:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def parse_year(value: Any, today: datetime.date) -> int:
    """Return the requested year, or this year when ``value`` is empty.

    Raises ValidationFailed when ``value`` is not a year from FIRST_YEAR to this year.
    """
    if value in (None, ""):
        return today.year
    try:
        year = int(str(value).strip())
    except ValueError:
        raise ValidationFailed(
            f"“年度”{value}无效，请填写四位数字年份，例如{today.year}。", field="year"
        ) from None
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationFailed(
            f"“年度”{year}超出可查询范围，请填写{FIRST_YEAR}年至{today.year}年之间的年份。",
            field="year",
        )
    return year


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Count working days after ``start`` up to and including ``end`` (the start day not counted).

    Raises ``workdays.CalendarNotCovered`` when a year on the way has no loaded schedule.
    """
    days = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if workdays.is_working_day(day):
            days += 1
    return days


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    zone = workdays.SHANGHAI
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=zone)


def _chains(rounds: Iterable[ReviewRequest]) -> dict[int, list[ReviewRequest]]:
    """Group rounds by the id of the first round of their review, each chain in round order."""
    by_id = {row.pk: row for row in rounds}
    chains: dict[int, list[ReviewRequest]] = defaultdict(list)
    for row in sorted(by_id.values(), key=lambda item: item.round_number):
        first = row
        while first.previous_id is not None and first.previous_id in by_id:
            first = by_id[first.previous_id]
        chains[first.pk].append(row)
    return chains


def _review_rounds(agency_ids: list[int], year: int) -> list[list[ReviewRequest]]:
    """Return the rounds of every review whose first round was submitted in ``year``."""
    start, end = _year_bounds(year)
    first_rounds = ReviewRequest.objects.filter(
        case__agency_id__in=agency_ids,
        previous__isnull=True,
        submitted_at__gte=start,
        submitted_at__lt=end,
    )
    rounds = ReviewRequest.objects.filter(
        case_id__in=first_rounds.values("case_id")
    ).select_related("case")
    chains = _chains(rounds)
    return [
        chain
        for chain in chains.values()
        if chain[0].previous_id is None and start <= chain[0].submitted_at < end
    ]


def _count_rounds(row: ReviewFigures, chain: list[ReviewRequest]) -> None:
    row.reviews_by_kind[chain[0].decision_kind] += 1
    row.rounds += len(chain)
    row.max_rounds = max(row.max_rounds, len(chain))
    for item in chain:
        if item.completed_at is None or item.state == RequestState.WITHDRAWN:
            continue
        completed_on = workdays.shanghai_date(item.completed_at)
        if item.due_on is not None and completed_on > item.due_on:
            row.completed_late += 1
        try:
            days = working_days_between(item.materials_complete_on, completed_on)
        except workdays.CalendarNotCovered:
            row.untimed_rounds += 1
            continue
        row.timed_rounds += 1
        row.working_days_total += days


def _count_issues(
    rows: dict[int, ReviewFigures], round_agency: dict[int, int], labels: dict[str, str]
) -> None:
    opinions = ReviewOpinion.objects.filter(request_id__in=list(round_agency)).values_list(
        "request_id", "checklist"
    )
    for request_id, checklist in opinions:
        for entry in checklist or []:
            if not isinstance(entry, dict) or entry.get("result") != FAIL:
                continue
            code = str(entry.get("code", ""))
            labels.setdefault(code, str(entry.get("label") or code))
            rows[round_agency[request_id]].issues_by_item[code] += 1


def _count_open_overdue(rows: dict[int, ReviewFigures], today: datetime.date) -> None:
    overdue = (
        ReviewRequest.objects.filter(
            case__agency_id__in=list(rows),
            state=RequestState.SUBMITTED,
            completed_at__isnull=True,
            due_on__lt=today,
        )
        .values("case__agency_id")
        .annotate(total=Count("pk"))
    )
    for entry in overdue:
        rows[entry["case__agency_id"]].open_overdue = entry["total"]


def catalog_filings(agency_ids: list[int], day: datetime.date) -> dict[int, CatalogFiling]:
    """Return each agency's filing state, reading all catalogs in one query.

    The version in force follows ``zhifa.review.catalogs.in_force``: the accepted version with
    the latest effective date on or before ``day``, the higher version on a tie.
    """
    filings = {agency_id: CatalogFiling() for agency_id in agency_ids}
    best: dict[int, tuple[datetime.date, int]] = {}
    versions = ReviewCatalog.objects.filter(agency_id__in=agency_ids).exclude(
        state=CatalogState.DRAFT
    )
    for agency_id, version, state, effective_from in versions.values_list(
        "agency_id", "version", "state", "effective_from"
    ):
        filing = filings[agency_id]
        filing.ever_filed = True
        if state == CatalogState.FILED:
            filing.pending_versions.append(version)
        elif state == CatalogState.RETURNED:
            filing.returned_versions.append(version)
        elif effective_from <= day and (effective_from, version) > best.get(
            agency_id, (datetime.date.min, 0)
        ):
            best[agency_id] = (effective_from, version)
            filing.in_force_version = version
    for filing in filings.values():
        filing.pending_versions.sort()
        filing.returned_versions.sort()
    return filings


def _staffing(rows: dict[int, ReviewFigures], day: datetime.date, minimum: Decimal) -> None:
    ids = list(rows)
    officers = compliance.credentialed_officer_counts(ids, day)
    ratio_reviewers = compliance.ratio_reviewer_counts(ids, day)
    active = (
        compliance.active_reviewers(Reviewer.objects.filter(agency_id__in=ids), day)
        .values("agency_id")
        .annotate(total=Count("pk"))
    )
    for entry in active:
        rows[entry["agency_id"]].active_reviewers = entry["total"]
    unqualified = compliance.unqualified_reviewers(Reviewer.objects.filter(agency_id__in=ids), day)
    for reviewer in unqualified:
        rows[reviewer.agency_id].unqualified_reviewers += 1
    for agency_id, row in rows.items():
        row.ratio = rules.reviewer_ratio(
            ratio_reviewers.get(agency_id, 0), officers.get(agency_id, 0), minimum
        )


def review_figures(agencies: QuerySet[Agency], year: int) -> FiguresReport:
    """Compute the figures of ``year`` for ``agencies`` (already scoped by the caller)."""
    today = timezone.localdate()
    reference_day = min(today, datetime.date(year, 12, 31))
    agency_list = list(agencies.order_by("sort_order", "name"))
    rows = {agency.pk: ReviewFigures(agency=agency) for agency in agency_list}
    minimum = parameter("reviewer_ratio_min")
    labels: dict[str, str] = {}

    round_agency: dict[int, int] = {}
    with workdays.shared_years():
        for chain in _review_rounds(list(rows), year):
            agency_id = chain[0].case.agency_id
            _count_rounds(rows[agency_id], chain)
            round_agency.update({item.pk: agency_id for item in chain})
    _count_issues(rows, round_agency, labels)
    _count_open_overdue(rows, today)
    for agency_id, filing in catalog_filings(list(rows), reference_day).items():
        rows[agency_id].catalog = filing
    _staffing(rows, reference_day, minimum)

    total = ReviewFigures(agency=None)
    officers = reviewers = 0
    for row in rows.values():
        total.add(row)
        if row.ratio is not None:
            officers += row.ratio.credentialed_officers
            reviewers += row.ratio.reviewers
    total.ratio = rules.reviewer_ratio(reviewers, officers, minimum)
    return FiguresReport(
        year=year,
        reference_day=reference_day,
        rows=list(rows.values()),
        total=total,
        item_labels=labels,
        minimum_ratio=minimum,
    )

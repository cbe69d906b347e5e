"""Earlier fines of the same power item, for the above-average rule (明显超过以往平均罚款金额).

The history contains the issued penalty decisions with a fine above zero: ``penalty_decision``
steps that no later step corrects. Their cases list a power item with the proposal's code, and
they were decided within the configured number of years up to the proposal's date. The
agency's own history is used when it has at least the minimum count, else the district's.
"""

import datetime
import logging
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, DecimalField, Exists, OuterRef, QuerySet
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThan

from zhifa.cases.models import Case, CaseStep
from zhifa.core.rules import parameter
from zhifa.review.proposals import ProposedDecision
from zhifa.review.results import FineHistory

logger = logging.getLogger(__name__)

# The fine history lists at most this many case numbers, the latest decisions first.
LISTED_CASES = 20
CENT = Decimal("0.01")


def history_years() -> int:
    return int(parameter("review_fine_history_years"))


def _start_of_window(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _fines(proposal: ProposedDecision, years: int) -> QuerySet[CaseStep]:
    day = proposal.decided_on
    cases = Case.power_items.through.objects.filter(poweritem__code=proposal.power_item_code)
    corrected = CaseStep.objects.filter(corrects=OuterRef("pk"))
    fine = Cast(
        KeyTextTransform("fine", KeyTransform("penalty", "details")),
        DecimalField(max_digits=14, decimal_places=2),
    )
    rows = (
        CaseStep.objects.filter(
            step="penalty_decision",
            case_id__in=cases.values("case_id"),
            details__decided_on__gte=_start_of_window(day, years).isoformat(),
            details__decided_on__lte=day.isoformat(),
        )
        .exclude(Exists(corrected))
        .filter(GreaterThan(fine, 0))
        .annotate(fine=fine)
    )
    if proposal.case_id is not None:
        rows = rows.exclude(case_id=proposal.case_id)
    return rows


def _median(rows: QuerySet[Any], count: int) -> Decimal:
    """Return the median fine, reading only the one or two middle rows."""
    middle = list(
        rows.order_by("fine", "pk").values_list("fine", flat=True)[(count - 1) // 2 :][:2]
    )
    if count % 2:
        return Decimal(middle[0]).quantize(CENT)
    return (sum((Decimal(value) for value in middle), Decimal(0)) / 2).quantize(CENT)


def _history(
    rows: QuerySet[CaseStep],
    scope: str,
    proposal: ProposedDecision,
    multiple: Decimal,
    minimum: int,
) -> FineHistory:
    figures = rows.aggregate(count=Count("pk"), mean=Avg("fine"))
    count = figures["count"]
    if count == 0:
        return FineHistory(proposal.power_item_code, scope, 0, None, None, multiple, minimum)
    latest = rows.order_by("-details__decided_on", "-pk").values_list("case__number", flat=True)
    return FineHistory(
        power_item_code=proposal.power_item_code,
        scope=scope,
        count=count,
        mean=Decimal(figures["mean"]).quantize(CENT),
        median=_median(rows, count),
        multiple=multiple,
        minimum_count=minimum,
        case_numbers=tuple(latest[:LISTED_CASES]),
    )


def fine_history(proposal: ProposedDecision) -> FineHistory | None:
    """Return the fines to compare the proposal with, or None when there is nothing to compare.

    Nothing is compared when the proposal names no power item or proposes no fine.

    TODO: the fines are read from the JSON details of decision steps, about 0.2 s per check
    at 100,000 decisions (docs/benchmarks.md). Beyond that, keep each decided fine in a table
    indexed by power item and date.
    """
    if not proposal.power_item_code or proposal.fine <= 0:
        return None
    multiple = parameter("review_fine_mean_multiple").normalize()
    minimum = int(parameter("review_fine_min_history"))
    rows = _fines(proposal, history_years())

    if proposal.agency_id is not None:
        own = rows.filter(case__agency_id=proposal.agency_id)
        history = _history(own, "agency", proposal, multiple, minimum)
        if history.count >= minimum:
            return history
    return _history(rows, "district", proposal, multiple, minimum)

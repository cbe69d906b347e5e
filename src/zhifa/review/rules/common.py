"""Shared parts of the rule groups: the looked-up facts, the result type and money formatting."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from zhifa.review.models import HearingThreshold, ReviewCatalog, ReviewCatalogEntry
from zhifa.review.results import FineHistory, RuleMatch


@dataclass(frozen=True)
class Facts:
    """Facts the rules read besides the proposal, looked up by ``zhifa.review.assessment``.

    ``thresholds`` maps (measure, party class) to the row in force, or None when no row
    applies. ``case_flags`` are the ``Case.flags`` codes when the proposal comes from a case.
    """

    thresholds: Mapping[tuple[str, str], HearingThreshold | None] = field(default_factory=dict)
    fine_history: FineHistory | None = None
    history_years: int = 3
    multiple_confirmed: bool = False
    catalog: ReviewCatalog | None = None
    catalog_entries: tuple[ReviewCatalogEntry, ...] = ()
    case_flags: frozenset[str] = frozenset()


# The result of a rule group: its matches, and notes on why something did not match.
RuleResult = tuple[list[RuleMatch], list[str]]


def yuan(amount: Decimal) -> str:
    """Format an amount in yuan without trailing zeros: 60000, 4999.99."""
    if amount == amount.to_integral_value():
        return str(amount.quantize(Decimal("1")))
    return str(amount.quantize(Decimal("0.01")))

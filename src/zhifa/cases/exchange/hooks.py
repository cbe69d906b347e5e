"""Checks and listeners other apps add to exchanged decisions.

The legal-review app registers a check that refuses a major decision reported without an
approved legal review, so no path (pages, API or exchange) records a major decision past a
missing review. Each check returns a Chinese reason or None. The publicity app listens for
stored decisions, so that a decision made in another system is published like one made here.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zhifa.cases.models import ExchangedDecision


@dataclass(frozen=True)
class ExchangedDecisionFacts:
    """The facts of one reported decision and its case that a check may read."""

    agency_id: int
    kind: str
    party_kinds: frozenset[str]
    power_item_codes: tuple[str, ...]
    decided_on: datetime.date
    penalty_types: tuple[str, ...]
    fine_amount: Decimal | None
    # The reported review: conclusion code, review date and reviewing body; None when absent.
    review_conclusion: str | None
    reviewed_on: datetime.date | None
    review_body: str


ExchangedDecisionCheck = Callable[[ExchangedDecisionFacts], str | None]

EXCHANGED_DECISION_CHECKS: list[ExchangedDecisionCheck] = []


def register_exchanged_decision_check(check: ExchangedDecisionCheck) -> ExchangedDecisionCheck:
    """Add a check; adding the same one twice has no effect."""
    if check not in EXCHANGED_DECISION_CHECKS:
        EXCHANGED_DECISION_CHECKS.append(check)
    return check


def exchanged_decision_problems(facts: ExchangedDecisionFacts) -> list[str]:
    return [reason for check in EXCHANGED_DECISION_CHECKS if (reason := check(facts))]


# Called inside the batch's transaction with the stored decision and whether it is new.
ExchangedDecisionListener = Callable[["ExchangedDecision", bool], None]

EXCHANGED_DECISION_LISTENERS: list[ExchangedDecisionListener] = []


def register_exchanged_decision_listener(
    listener: ExchangedDecisionListener,
) -> ExchangedDecisionListener:
    """Add a listener called whenever an exchanged decision is created or changed."""
    if listener not in EXCHANGED_DECISION_LISTENERS:
        EXCHANGED_DECISION_LISTENERS.append(listener)
    return listener


def decision_stored(decision: "ExchangedDecision", created: bool) -> None:
    for listener in EXCHANGED_DECISION_LISTENERS:
        listener(decision, created)


# Exchange sources that carry something other than cases, e.g. the 12345 hotline's tickets,
# which the complaints app imports itself. Their codes map to the reason a case import refuses.
RESERVED_SOURCES: dict[str, str] = {}


def reserve_source(code: str, purpose: str) -> None:
    """Reserve the source ``code`` for ``purpose``, so that case imports into it are rejected."""
    RESERVED_SOURCES[code] = purpose

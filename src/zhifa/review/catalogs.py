"""The catalog version in force, and the entries of it that a proposed decision matches."""

import datetime
from decimal import Decimal

from zhifa.review.models import CatalogState, ReviewCatalog, ReviewCatalogEntry
from zhifa.review.proposals import ProposedDecision


def in_force(agency_id: int, day: datetime.date) -> ReviewCatalog | None:
    """Return the accepted version in force on ``day``: the highest accepted version whose
    effective date has come.

    A later version replaces an earlier one even when the earlier one starts later, so an
    older version never comes back into force. A returned, filed or draft version never
    applies, however recent.
    """
    return (
        ReviewCatalog.objects.filter(
            agency_id=agency_id, state=CatalogState.ACCEPTED, effective_from__lte=day
        )
        .order_by("-version")
        .first()
    )


def has_criterion(entry: ReviewCatalogEntry) -> bool:
    """Return whether ``entry`` narrows its decision kind by a structured criterion.

    ``other_criteria`` is free text for the reviewers and is not checked automatically.
    """
    return bool(
        entry.power_item_code
        or entry.domain_code
        or entry.min_amount is not None
        or entry.penalty_types
    )


def entry_matches(entry: ReviewCatalogEntry, proposal: ProposedDecision) -> bool:
    """Return whether ``entry`` covers ``proposal``; an empty criterion matches anything."""
    if entry.decision_kind != proposal.kind:
        return False
    if entry.power_item_code and entry.power_item_code != proposal.power_item_code:
        return False
    if entry.domain_code and entry.domain_code != proposal.domain_code:
        return False
    if entry.penalty_types and not set(entry.penalty_types) & proposal.penalty_types:
        return False
    if entry.min_amount is not None:
        amount = max(proposal.fine, proposal.confiscation, Decimal("0"))
        if amount < entry.min_amount:
            return False
    return True


def matching_entries(
    proposal: ProposedDecision,
) -> tuple[ReviewCatalog | None, list[ReviewCatalogEntry]]:
    """Return the catalog in force for the proposal's agency and the entries that cover it."""
    if proposal.agency_id is None:
        return None, []
    catalog = in_force(proposal.agency_id, proposal.decided_on)
    if catalog is None:
        return None, []
    entries = [entry for entry in catalog.entries.all() if entry_matches(entry, proposal)]
    return catalog, entries

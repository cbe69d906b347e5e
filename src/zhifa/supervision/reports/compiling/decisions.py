"""Enforcement decisions made in the period (one query).

A decision counts on the Shanghai date of its step (``occurred_at``) and only while it is
current: a decision step that a later step corrects is replaced by the correcting step, which
counts on its own date. Penalty types and amounts come from the step details, where amounts
are stored as strings of yuan.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Exists, OuterRef

from zhifa.cases.models import CaseStep
from zhifa.cases.stages import NO_PENALTY_OUTCOMES
from zhifa.publicity.drafting.kinds import DECISION_STEPS
from zhifa.supervision.reports.compiling.period import Figures, Period, add

TRANSFER = "transfer_to_judiciary"
DECISION_CODES = frozenset(DECISION_STEPS) | {TRANSFER}

# Decision steps counted by their code alone.
SIMPLE_COUNTS = {
    "deposits_frozen": "coercive_freezing",
    "enforcement_decision": "enforcement_decisions",
    "substitute_decision": "substitute_decisions",
    "immediate_substitute": "substitute_decisions",
    "inspection_result": "inspections",
    "requisition_decision": "requisitions",
    "expropriation_decision": "expropriations",
    TRANSFER: "transfers_to_judiciary",
}


def amount(details: dict[str, Any], key: str) -> Decimal:
    """Return a stored amount in yuan; an empty or malformed value counts as 0."""
    try:
        return Decimal(str(details.get(key) or "0"))
    except InvalidOperation:
        return Decimal("0")


def _count_penalty(figures: Figures, code: str, details: dict[str, Any]) -> None:
    add(figures, "penalties_summary" if code == "on_the_spot_decision" else "penalties_ordinary", 1)
    penalty = details.get("penalty") or {}
    for penalty_type in penalty.get("types") or []:
        key = f"penalty_type_{penalty_type}"
        if key in figures:
            add(figures, key, 1)
    add(figures, "fine_total", amount(penalty, "fine"))
    add(figures, "confiscation_total", amount(penalty, "confiscation"))


def count_decision(figures: Figures, code: str, details: dict[str, Any]) -> None:
    """Add one current decision step to an agency's figures."""
    add(figures, "decisions_total", 1)
    if code in ("penalty_decision", "on_the_spot_decision"):
        _count_penalty(figures, code, details)
    elif code in NO_PENALTY_OUTCOMES and code != TRANSFER:
        add(figures, "no_penalty", 1)
    elif code == "license_decision":
        granted = details.get("outcome") == "granted"
        add(figures, "licences_granted" if granted else "licences_refused", 1)
    elif code == "disposal_decision":
        key = f"licence_disposals_{details.get('disposal_kind', '')}"
        if key in figures:
            add(figures, key, 1)
    elif code == "measure_imposed":
        key = f"coercive_{details.get('kind', '')}"
        if key in figures:
            add(figures, key, 1)
    elif code == "levy_notice":
        add(figures, "levies", 1)
        add(figures, "levy_amount", amount(details, "amount"))
    elif code in SIMPLE_COUNTS:
        add(figures, SIMPLE_COUNTS[code], 1)


def count_decisions(agency_ids: list[int], period: Period, rows: dict[int, Figures]) -> None:
    corrected = CaseStep.objects.filter(corrects_id=OuterRef("pk"))
    steps = (
        CaseStep.objects.filter(
            case__agency_id__in=agency_ids,
            step__in=DECISION_CODES,
            occurred_at__gte=period.start,
            occurred_at__lt=period.end,
        )
        .filter(~Exists(corrected))
        .values_list("case__agency_id", "step", "details")
        .order_by()
    )
    for agency_id, code, details in steps.iterator(chunk_size=5000):
        count_decision(rows[agency_id], code, details or {})

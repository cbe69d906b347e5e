"""The decision gate: no major decision is issued past a failed or missing legal review."""

from zhifa.cases.models import Case
from zhifa.review.status import review_status


def decision_blocker(case: Case, decision: str | None = None) -> str | None:
    """Return why ``decision`` (a step code) may not be issued on ``case`` yet, or None.

    A decision that is not major passes. A major one passes only when the latest round was
    approved and the decision goes no further than the proposal that round reviewed.

    The proposal is built from the steps already recorded (the prior notice), because the
    decision actions pass only the step code. A penalty heavier than its prior notice is
    rejected by the penalty rules themselves (行政处罚法 Art. 45 para. 2).

    The status asked for without a decision is kept on the case object for the case page,
    whose review panel shows it; the gate itself never reads it back.
    """
    status = review_status(case, decision)
    if decision is None:
        case._review_status = status  # type: ignore[attr-defined]
    return status.blocker

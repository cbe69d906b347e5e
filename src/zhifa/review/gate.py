"""The decision gate: no major decision is issued past a failed or missing legal review."""

from zhifa.cases.models import Case


def decision_blocker(case: Case, decision: str | None = None) -> str | None:
    """Return why ``decision`` (a step code) may not be issued on ``case`` yet, or None.

    TODO: helper C replaces this with the check against assessment and review rounds.
    """
    return None

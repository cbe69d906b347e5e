"""Decision steps to publish, each with its publication kind.

The step codes are those of the procedures in ``zhifa.cases.stages`` and of the licensing,
coercion and levies apps. A no-penalty outcome (不予行政处罚) gets a draft too, so that the
publication rules can exclude it with their reason on record rather than silently.
"""

from dataclasses import dataclass

from zhifa.cases.stages import NO_PENALTY_OUTCOMES
from zhifa.publicity.models import PublicationKind


@dataclass(frozen=True)
class DecisionStep:
    """A decision step: the publication kind it becomes and its procedure (for the rules)."""

    kind: PublicationKind
    procedure: str = ""


DECISION_STEPS: dict[str, DecisionStep] = {
    "penalty_decision": DecisionStep(PublicationKind.PENALTY, "ordinary"),
    "on_the_spot_decision": DecisionStep(PublicationKind.PENALTY, "summary"),
    **{code: DecisionStep(PublicationKind.PENALTY, "ordinary") for code in NO_PENALTY_OUTCOMES},
    "license_decision": DecisionStep(PublicationKind.LICENSE),
    "disposal_decision": DecisionStep(PublicationKind.LICENSE),
    "measure_imposed": DecisionStep(PublicationKind.COMPULSION),
    "deposits_frozen": DecisionStep(PublicationKind.COMPULSION),
    "enforcement_decision": DecisionStep(PublicationKind.COMPULSION),
    "substitute_decision": DecisionStep(PublicationKind.COMPULSION),
    "immediate_substitute": DecisionStep(PublicationKind.COMPULSION),
    "levy_notice": DecisionStep(PublicationKind.LEVY),
    "requisition_decision": DecisionStep(PublicationKind.LEVY),
    "requisition_compensation": DecisionStep(PublicationKind.LEVY),
    "expropriation_decision": DecisionStep(PublicationKind.EXPROPRIATION),
    "compensation_decision": DecisionStep(PublicationKind.EXPROPRIATION),
    "inspection_result": DecisionStep(PublicationKind.INSPECTION),
}

# The transfer of a suspected crime to the judiciary ends a penalty case but decides nothing
# the agency could publish, so it gets no draft.
NOT_PUBLISHED_OUTCOMES = frozenset({"transfer_to_judiciary"})


def decision_step(code: str) -> DecisionStep | None:
    """Return how the step ``code`` is published, or None when it is not a decision."""
    if code in NOT_PUBLISHED_OUTCOMES:
        return None
    return DECISION_STEPS.get(code)

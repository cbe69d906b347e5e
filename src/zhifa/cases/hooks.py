"""Checks other apps add before a case decision is issued or a case is closed.

The legal-review app appends callables to ``LEGAL_REVIEW_CHECKERS``; each takes the case and
the step code of the decision about to be issued (None when only asking whether anything
blocks) and returns a Chinese reason that blocks the decision, or None. The checkers give
the specific reason; only with no checker registered does the case's stored
``legal_review_state`` decide. Apps of other case kinds register closing checks the same
way, e.g. a coercive measure still in force keeps its case open. The legal-review app also
registers the source of the 较大数额 hearing thresholds. The publicity app listens for every
recorded step, so that a decision gets its publication draft in the same transaction.
"""

import datetime
import logging
from collections.abc import Callable
from decimal import Decimal

from zhifa.cases.models import Case, CaseStep, LegalReviewState

logger = logging.getLogger(__name__)

LegalReviewChecker = Callable[[Case, str | None], str | None]

LEGAL_REVIEW_CHECKERS: list[LegalReviewChecker] = []


def register_legal_review_checker(checker: LegalReviewChecker) -> LegalReviewChecker:
    """Add a checker (usable as a decorator); adding the same one twice has no effect."""
    if checker not in LEGAL_REVIEW_CHECKERS:
        LEGAL_REVIEW_CHECKERS.append(checker)
    return checker


def legal_review_blocker(case: Case, decision: str | None = None) -> str | None:
    """Return why legal review blocks ``decision`` on ``case``, or None if nothing blocks it.

    行政处罚法 Art. 58: where legal review is required, no decision may be made before the
    review is passed.
    """
    if not LEGAL_REVIEW_CHECKERS and case.legal_review_state == LegalReviewState.REQUIRED:
        return "本案须经法制审核，法制审核通过前不得作出处罚决定。"
    for checker in LEGAL_REVIEW_CHECKERS:
        reason = checker(case, decision)
        if reason:
            logger.info(
                "decision of case %s blocked by %s", case.pk, getattr(checker, "__name__", checker)
            )
            return reason
    return None


def require_legal_review(case: Case, decision: str) -> None:
    """Raise ``InvalidTransition`` when legal review blocks ``decision`` on ``case``.

    ``decision`` is the step code about to be recorded, with a variant after a colon where the
    code alone does not say which decision it is (``disposal_decision:license_annulment``).
    """
    from zhifa.core.errors import InvalidTransition

    blocker = legal_review_blocker(case, decision)
    if blocker:
        raise InvalidTransition(blocker, field="legal_review_state")


ClosingCheck = Callable[[Case], str | None]

# Checks by case kind; the key None contains checks that apply to every kind.
CLOSING_CHECKS: dict[str | None, list[ClosingCheck]] = {}


def register_closing_check(check: ClosingCheck, kind: str | None = None) -> ClosingCheck:
    """Add a check run before a case of ``kind`` (or of any kind) closes."""
    checks = CLOSING_CHECKS.setdefault(kind, [])
    if check not in checks:
        checks.append(check)
    return check


def closing_blockers(case: Case) -> list[str]:
    """Return the reasons the registered checks give against closing ``case``."""
    checks = [*CLOSING_CHECKS.get(None, []), *CLOSING_CHECKS.get(case.kind, [])]
    return [reason for check in checks if (reason := check(case))]


# A source of the 较大数额 figure that gives the hearing right (行政处罚法 Art. 63): it takes
# the case, a party kind, the measure ("fine" or "confiscation") and the day, and returns the
# amount in yuan, or None when it has no figure for them.
HearingThresholdSource = Callable[[Case, str, str, datetime.date], Decimal | None]

HEARING_THRESHOLD_SOURCES: list[HearingThresholdSource] = []


def register_hearing_threshold_source(source: HearingThresholdSource) -> HearingThresholdSource:
    """Add a threshold source (usable as a decorator); adding the same one twice has no effect."""
    if source not in HEARING_THRESHOLD_SOURCES:
        HEARING_THRESHOLD_SOURCES.append(source)
    return source


def hearing_threshold(
    case: Case, party_kind: str, measure: str, day: datetime.date
) -> Decimal | None:
    """Return the first figure a registered source has, or None.

    There is no fallback figure: with no source registered, or none with a figure, no amount
    gives the hearing right, so the threshold table stays the only source of truth.
    """
    for source in HEARING_THRESHOLD_SOURCES:
        amount = source(case, party_kind, measure, day)
        if amount is not None:
            return amount
    return None


# Called inside the transaction that records the step, after it is written.
StepListener = Callable[[CaseStep], None]

STEP_LISTENERS: list[StepListener] = []


def register_step_listener(listener: StepListener) -> StepListener:
    """Add a listener called for every step recorded on a case of this platform."""
    if listener not in STEP_LISTENERS:
        STEP_LISTENERS.append(listener)
    return listener


def step_recorded(step: CaseStep) -> None:
    for listener in STEP_LISTENERS:
        listener(step)

"""Checks other apps add before a case decision is issued, starting with legal review.

The legal-review app appends callables to ``LEGAL_REVIEW_CHECKERS``; each takes the case and
returns a Chinese reason that blocks the decision, or None. With no checker registered only
the case's stored ``legal_review_state`` counts.
"""

import logging
from collections.abc import Callable

from zhifa.cases.models import Case, LegalReviewState

logger = logging.getLogger(__name__)

LegalReviewChecker = Callable[[Case], str | None]

LEGAL_REVIEW_CHECKERS: list[LegalReviewChecker] = []


def register_legal_review_checker(checker: LegalReviewChecker) -> LegalReviewChecker:
    """Add a checker (usable as a decorator); adding the same one twice has no effect."""
    if checker not in LEGAL_REVIEW_CHECKERS:
        LEGAL_REVIEW_CHECKERS.append(checker)
    return checker


def legal_review_blocker(case: Case) -> str | None:
    """Return why legal review blocks the decision of ``case``, or None if nothing blocks it.

    行政处罚法 Art. 58: where legal review is required, no decision may be made before the
    review is passed.
    """
    if case.legal_review_state == LegalReviewState.REQUIRED:
        return "本案须经法制审核，法制审核通过前不得作出处罚决定。"
    for checker in LEGAL_REVIEW_CHECKERS:
        reason = checker(case)
        if reason:
            logger.info(
                "decision of case %s blocked by %s", case.pk, getattr(checker, "__name__", checker)
            )
            return reason
    return None

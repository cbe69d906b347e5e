"""Demo remedies on the decided, still open demo penalty cases of ``zhifa demo load``.

Each planned remedy carries a fixed reference number, so a second load finds it and skips it.
The dates follow the case: filed a few days after service, concluded about three weeks later
and never later than yesterday, since the actions reject future dates.
"""

import datetime
import logging
from dataclasses import dataclass

from zhifa.cases.actions import StepInput
from zhifa.cases.models import Case, CaseKind, CaseStatus
from zhifa.demo.cases_demo import at
from zhifa.remedies import actions
from zhifa.remedies.actions import decision_of
from zhifa.remedies.finality import served_on
from zhifa.remedies.models import Remedy, RemedyKind

logger = logging.getLogger(__name__)

RECONSIDERATION_BODY = "上海市青浦区人民政府"
COURT = "上海市青浦区人民法院"


@dataclass(frozen=True)
class Plan:
    kind: str
    outcome: str  # empty while pending
    reference: str


PLANS = (
    Plan(RemedyKind.RECONSIDERATION, "upheld", "青府复字〔演示〕1号"),
    Plan(RemedyKind.RECONSIDERATION, "changed", "青府复字〔演示〕2号"),
    Plan(RemedyKind.LITIGATION, "revoked", "（演示）沪0118行初1号"),
    Plan(RemedyKind.LITIGATION, "confirmed_illegal", "（演示）沪0118行初2号"),
    Plan(RemedyKind.RECONSIDERATION, "", "青府复字〔演示〕3号"),
)
FILED_AFTER_SERVICE = datetime.timedelta(days=5)
CONCLUDED_AFTER_FILING = datetime.timedelta(days=20)


def candidate_cases() -> list[Case]:
    """Return the open demo penalty cases that have a served decision, oldest first."""
    cases = Case.objects.filter(
        kind__in=[CaseKind.PENALTY_ORDINARY, CaseKind.PENALTY_SUMMARY],
        status=CaseStatus.OPEN,
        title__contains="演示",
    ).order_by("pk")
    return [case for case in cases if decision_of(case) and served_on(case)]


def _step(code: str, day: datetime.date, summary: str) -> StepInput:
    return StepInput(step=code, occurred_at=at(day, 9), summary=summary)


def _add(case: Case, plan: Plan, today: datetime.date) -> bool:
    served = served_on(case)
    user = case.created_by
    party = case.parties.order_by("pk").first()
    if served is None or user is None or party is None:
        return False
    filed_on = served + FILED_AFTER_SERVICE
    yesterday = today - datetime.timedelta(days=1)
    if filed_on >= yesterday:
        return False
    litigation = plan.kind == RemedyKind.LITIGATION
    actions.file_remedy(
        user,
        case,
        _step(
            "remedy_filed", filed_on, "当事人提起行政诉讼" if litigation else "当事人申请行政复议"
        ),
        actions.FilingInput(
            kind=plan.kind,
            filed_on=filed_on,
            body=COURT if litigation else RECONSIDERATION_BODY,
            reference=plan.reference,
            party_id=party.pk,
        ),
    )
    if plan.outcome:
        concluded_on = min(filed_on + CONCLUDED_AFTER_FILING, yesterday)
        actions.conclude_remedy(
            user,
            case,
            _step(
                "remedy_concluded", concluded_on, "收到判决书" if litigation else "收到复议决定书"
            ),
            actions.ConclusionInput(
                outcome=plan.outcome, concluded_on=concluded_on, reference=plan.reference
            ),
        )
    return True


def load(today: datetime.date) -> dict[str, int]:
    """Add the planned demo remedies that are missing; return how many were added and skipped."""
    counts = {"remedies": 0, "skipped": 0}
    candidates = candidate_cases()
    for index, plan in enumerate(PLANS):
        if Remedy.objects.filter(reference=plan.reference).exists():
            counts["skipped"] += 1
            continue
        if index >= len(candidates) or not _add(candidates[index], plan, today):
            logger.warning("demo remedy %s has no suitable case", plan.reference)
            counts["skipped"] += 1
            continue
        counts["remedies"] += 1
    logger.info("demo remedies loaded: %s", counts)
    return counts

"""Periods of reconsideration and litigation, as pure functions of dates.

Sources: 行政复议法 (2023) Art. 20 (60 days to apply), 行政诉讼法 Art. 46 (6 months to sue)
and Art. 45 (15 days to sue after receiving the reconsideration decision), 行政强制法 Art. 53
(court enforcement only after these periods pass unused), and the withdrawal of a published
penalty within 3 working days of a correcting outcome (市场监督管理行政处罚信息公示规定,
总局令第45号).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from zhifa.cases.rules.common import Calendar
from zhifa.cases.rules.execution import court_application_window
from zhifa.remedies.models import RemedyKind, RemedyOutcome, RemedyStatus

WITHDRAWAL_WORKING_DAYS = 3
# 行政诉讼法 Art. 45: "收到复议决定书之日起十五日内", calendar days moved off rest days.
# NOTE: checked only against a government service listing that quotes the article.
LITIGATION_AFTER_RECONSIDERATION_DAYS = 15

# Outcomes after which no decision is left to enforce: it was revoked, declared void, or
# declared illegal, which obliges the agency to take remedial measures first.
NOTHING_TO_ENFORCE = frozenset(
    {RemedyOutcome.REVOKED, RemedyOutcome.CONFIRMED_VOID, RemedyOutcome.CONFIRMED_ILLEGAL}
)


def withdrawal_due(concluded_on: datetime.date, calendar: Calendar) -> datetime.date:
    """Return the last day to withdraw a published decision after a correcting outcome."""
    return calendar.add_working_days(concluded_on, WITHDRAWAL_WORKING_DAYS)


@dataclass(frozen=True)
class RemedyFacts:
    kind: str
    status: str
    outcome: str
    concluded_on: datetime.date | None


def _after_reconsideration(concluded_on: datetime.date, calendar: Calendar) -> datetime.date:
    last_day = calendar.add_calendar_days(concluded_on, LITIGATION_AFTER_RECONSIDERATION_DAYS)
    return last_day + datetime.timedelta(days=1)


def final_on(
    served_on: datetime.date | None, remedies: Sequence[RemedyFacts], calendar: Calendar
) -> datetime.date | None:
    """Return the first day the decision is final for court enforcement, or None.

    Without remedies, the decision is final once the 60-day reconsideration and 6-month
    litigation periods after service pass unused (the day after both have ended, as
    ``court_application_window`` counts them). Otherwise the last concluded remedy decides:
    a judgment or ruling makes it final the day it takes effect, and a reconsideration
    decision the day after the 15 days to sue have passed. A reconsideration ended without a
    ruling (终止) leaves the original litigation period running as well. None while the
    decision is not served, a remedy is pending, or the last outcome left nothing to enforce.
    """
    if served_on is None:
        return None
    if any(remedy.status == RemedyStatus.PENDING for remedy in remedies):
        return None
    unused_periods_end = court_application_window(served_on)[0]
    concluded = [(r.concluded_on, r) for r in remedies if r.concluded_on is not None]
    if not concluded:
        return unused_periods_end

    ended_on, last = max(concluded, key=lambda pair: pair[0])
    if last.outcome in NOTHING_TO_ENFORCE:
        return None
    if last.kind == RemedyKind.LITIGATION:
        return ended_on

    after = _after_reconsideration(ended_on, calendar)
    if last.outcome == RemedyOutcome.TERMINATED:
        return max(after, unused_periods_end)
    return after

"""Dates of a licensing case read from its recorded steps, for the actions and the panel.

Every function takes the ``CaseFacts`` snapshot of ``zhifa.cases.compliance``, so the actions
(which build it with ``facts_for``) and the compliance panel compute the same deadlines.
"""

import datetime

from zhifa.cases.compliance import CaseFacts, StepFacts
from zhifa.cases.rules.common import Calendar
from zhifa.core.workdays import CalendarNotCovered
from zhifa.licensing import rules

# Shown in place of a due day that waits for the next year's working calendar.
PENDING_LABEL = "期限待日历导入后计算"


def day(row: StepFacts | None, key: str) -> datetime.date | None:
    if row is None or not row.details.get(key):
        return None
    return datetime.date.fromisoformat(str(row.details[key]))


def received_on(facts: CaseFacts) -> datetime.date | None:
    return day(facts.latest("license_application"), "received_on")


def late_supplement_request(facts: CaseFacts) -> StepFacts | None:
    """Return the first request for missing materials made after the 5 working days."""
    return next(
        (row for row in facts.current_steps("supplement_request") if row.details.get("late")),
        None,
    )


def acceptance(facts: CaseFacts) -> StepFacts | None:
    return facts.latest("acceptance_decision")


def is_rejected(facts: CaseFacts) -> bool:
    row = acceptance(facts)
    return row is not None and row.details.get("outcome") == "rejected"


def accepted_on(facts: CaseFacts) -> datetime.date | None:
    """Return the day the application counts as accepted, or None before acceptance.

    行政许可法 Art. 32: a request for missing materials made after the 5 working days makes
    the application accepted on the day the materials were received.
    """
    if late_supplement_request(facts) is not None:
        return received_on(facts)
    row = acceptance(facts)
    if row is None or row.details.get("outcome") != "accepted":
        return None
    return day(row, "decided_on")


def excluded_periods(facts: CaseFacts) -> list[rules.ExcludedPeriod]:
    periods = []
    for row in facts.current_steps("excluded_period"):
        start, end = day(row, "period_start"), day(row, "period_end")
        if start is not None and end is not None:
            periods.append(rules.ExcludedPeriod(str(row.details.get("excluded_kind")), start, end))
    return periods


def extension_count(facts: CaseFacts) -> int:
    return len(facts.current_steps("license_extension"))


def decision_deadline(facts: CaseFacts, calendar: Calendar) -> datetime.date | None:
    start = accepted_on(facts)
    if start is None:
        return None
    return rules.decision_deadline(start, extension_count(facts), excluded_periods(facts), calendar)


def decision(facts: CaseFacts) -> StepFacts | None:
    return facts.latest("license_decision")


def is_granted(facts: CaseFacts) -> bool:
    row = decision(facts)
    return row is not None and row.details.get("outcome") == "granted"


def follow_up_pending(row: StepFacts | None) -> bool:
    """Return whether a commitment-based grant was recorded before its due day could be counted.

    The decision step stores the period in ``follow_up_days`` and no ``follow_up_due`` when the
    calendar lacked the due day's year; readers then count it with ``follow_up_due``.
    """
    return (
        row is not None
        and bool(row.details.get("follow_up_days"))
        and day(row, "follow_up_due") is None
    )


def follow_up_due(row: StepFacts | None, calendar: Calendar) -> datetime.date | None:
    """Return the follow-up due day of a commitment-based grant, or None while still pending.

    The period is counted in calendar days with a last day on a rest day moved to the next
    working day, so it needs the calendar of the due day's year.
    """
    due = day(row, "follow_up_due")
    if due is not None or row is None or not follow_up_pending(row):
        return due
    decided = day(row, "decided_on")
    if decided is None:
        return None
    try:
        return calendar.add_calendar_days(decided, int(row.details["follow_up_days"]))
    except CalendarNotCovered:
        return None


def hearing_request(facts: CaseFacts) -> StepFacts | None:
    return facts.latest("license_hearing_request")

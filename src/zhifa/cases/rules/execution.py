"""Execution of a penalty: payment, deferral, additional fines and court enforcement."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from zhifa.cases.rules.common import ALLOWED, Calendar, RuleOutcome, add_months, refused, show

# 行政处罚法 Art. 67 para. 3: the fine is paid "自收到行政处罚决定书之日起十五日内" (calendar days).
PAYMENT_DAYS = 15
# Art. 72 (1): an additional fine of 3% of the fine per day, capped at the fine.
ADDITIONAL_FINE_DAILY_RATE = Decimal("0.03")
# 行政复议法 (2023) Art. 20: 60 days to apply; 行政诉讼法 Art. 46: 6 months to sue.
RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6
# 行政强制法 Art. 53: apply to the court "自期限届满之日起三个月内"; Art. 54: only after a demand
# (催告书) was served "十日后", working days under Art. 69.
COURT_APPLICATION_MONTHS = 3
DEMAND_WORKING_DAYS = 10


def payment_deadline(served_on: datetime.date, calendar: Calendar) -> datetime.date:
    return calendar.add_calendar_days(served_on, PAYMENT_DAYS)


@dataclass(frozen=True)
class Instalment:
    due_on: datetime.date
    amount: Decimal


def check_deferral(
    *,
    fine: Decimal,
    applied_on: datetime.date | None,
    approver: str,
    deferred_until: datetime.date | None,
    instalments: list[Instalment],
    original_due: datetime.date,
) -> RuleOutcome:
    """Check a deferral or instalment plan (Art. 66 para. 2: on application, with approval)."""
    if applied_on is None:
        return refused("暂缓或者分期缴纳罚款须由当事人申请，请填写“申请日期”。")
    if not approver.strip():
        return refused("暂缓或者分期缴纳罚款须经行政机关批准，请填写“批准人”。")
    if deferred_until is None and not instalments:
        return refused("请填写“暂缓缴纳至”日期或分期缴纳计划。")
    if deferred_until is not None and deferred_until <= original_due:
        return refused(f"暂缓缴纳的期限应晚于原缴纳期限{show(original_due)}。")
    if instalments:
        total = sum((row.amount for row in instalments), Decimal("0"))
        if total != fine:
            return refused(f"分期缴纳金额合计{total}元，与罚款{fine}元不符。")
        if any(row.amount <= 0 for row in instalments):
            return refused("每期缴纳金额应大于零。")
    return ALLOWED


def last_due_date(
    deferred_until: datetime.date | None, instalments: list[Instalment]
) -> datetime.date | None:
    dates = [row.due_on for row in instalments]
    if deferred_until is not None:
        dates.append(deferred_until)
    return max(dates) if dates else None


@dataclass(frozen=True)
class Pause:
    """A period of pending reconsideration or litigation; ``ends_on`` is None while pending."""

    starts_on: datetime.date
    ends_on: datetime.date | None


def additional_fine(
    *,
    fine: Decimal,
    due_on: datetime.date,
    paid_or_as_of: datetime.date,
    pauses: Iterable[Pause] = (),
) -> tuple[Decimal, int]:
    """Return the additional fine (加处罚款) and the days it accrued (Art. 72, Art. 73 para. 3).

    Each day after ``due_on`` up to ``paid_or_as_of`` adds 3% of the fine, except days of
    pending reconsideration or litigation, and the total never exceeds the fine.
    """
    pauses = list(pauses)
    days = 0
    day = due_on + datetime.timedelta(days=1)
    while day <= paid_or_as_of:
        if not any(p.starts_on <= day and (p.ends_on is None or day <= p.ends_on) for p in pauses):
            days += 1
        day += datetime.timedelta(days=1)
    amount = (fine * ADDITIONAL_FINE_DAILY_RATE * days).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return min(amount, fine), days


def court_application_window(
    served_on: datetime.date, performance_end: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day to apply to the court (行政强制法 Art. 53).

    The remedy periods end 60 days (reconsideration) and 6 months (litigation) after service;
    the application is due within 3 months after the later end. When a deferral or instalments
    were approved, the period runs from the end of the approved period instead
    (行政处罚法 Art. 72 para. 2).
    """
    remedies_end = max(
        served_on + datetime.timedelta(days=RECONSIDERATION_DAYS),
        add_months(served_on, LITIGATION_MONTHS),
    )
    if performance_end is not None and performance_end > remedies_end:
        remedies_end = performance_end
    return remedies_end + datetime.timedelta(days=1), add_months(
        remedies_end, COURT_APPLICATION_MONTHS
    )


def check_court_application(
    *,
    served_on: datetime.date,
    applied_on: datetime.date,
    demand_served_on: datetime.date | None,
    performance_end: datetime.date | None,
    remedy_pending: bool,
    calendar: Calendar,
) -> RuleOutcome:
    """Check an application to the court for enforcement (行政强制法 Art. 53-54)."""
    if remedy_pending:
        return refused("当事人已申请行政复议或提起行政诉讼且尚未结束，不能申请人民法院强制执行。")
    first, last = court_application_window(served_on, performance_end)
    if applied_on < first:
        return refused(f"申请人民法院强制执行应在复议、诉讼期限届满后提出，最早为{show(first)}。")
    if applied_on > last:
        return refused(f"申请人民法院强制执行的期限至{show(last)}，已超过期限。")
    if demand_served_on is None:
        return refused("申请人民法院强制执行前，应先书面催告当事人履行义务，请先记录催告。")
    earliest = calendar.add_working_days(demand_served_on, DEMAND_WORKING_DAYS)
    if applied_on < earliest:
        return refused(f"催告书送达十个工作日后当事人仍未履行的方可申请，最早为{show(earliest)}。")
    return ALLOWED

"""Rules of coercive measures and compulsory enforcement (行政强制法, 2011), as pure functions.

Periods of 10 days or less in this law count working days (Art. 69), and longer ones count
calendar days. When a calendar-day period ends on a rest day, it ends on the next working day
instead (民事诉讼法 Art. 85, followed in administrative procedure). Both come from the
``Calendar`` passed in, so tests run on a real year.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from zhifa.cases.rules.common import ALLOWED, Calendar, RuleOutcome, refused, show
from zhifa.cases.rules.execution import Pause
from zhifa.core.workdays import SHANGHAI, shanghai_date

# Art. 19: an on-the-spot measure in an emergency is reported to the head "二十四小时内".
EMERGENCY_REPORT_HOURS = 24
# Art. 25 and Art. 32: sealing, seizure and freezing last at most 30 days, extended once by
# at most 30 days with the head's approval.
MEASURE_DAYS = 30
MAX_EXTENSION_DAYS = 30
# Art. 31: the freezing decision reaches the party within 3 days of the freeze (working days).
FREEZING_NOTICE_WORKING_DAYS = 3
# Art. 51: the demand before substitute performance is served 3 days before it (working days).
SUBSTITUTE_DEMAND_WORKING_DAYS = 3

# Art. 39 (suspension) and Art. 40 (termination) grounds, by code.
SUSPENSION_GROUNDS = {
    "unable": "当事人履行行政决定确有困难或者暂无履行能力",
    "third_party_claim": "第三人对执行标的主张权利，确有理由",
    "irreparable_loss": "执行可能造成难以弥补的损失，且中止执行不损害公共利益",
    "other": "行政机关认为需要中止执行的其他情形",
}
TERMINATION_GROUNDS = {
    "death_no_estate": "公民死亡，无遗产可供执行，又无义务承受人",
    "organization_ended": "法人或者其他组织终止，无财产可供执行，又无义务承受人",
    "object_lost": "执行标的灭失",
    "basis_revoked": "据以执行的行政决定被撤销",
    "other": "行政机关认为需要终结执行的其他情形",
}

MEASURE_KINDS = {"sealing": "查封", "seizure": "扣押", "freezing": "冻结"}


# --- Coercive measures -------------------------------------------------------------------------


def check_emergency_report(
    imposed_at: datetime.datetime, reported_at: datetime.datetime
) -> RuleOutcome:
    """Check that an emergency measure was reported to the head within 24 hours (Art. 19)."""
    if reported_at < imposed_at:
        return refused("“报告时间”早于实施强制措施的时间，请核对。")
    limit = imposed_at + datetime.timedelta(hours=EMERGENCY_REPORT_HOURS)
    if reported_at > limit:
        return refused(
            f"强制措施于{show_moment(imposed_at)}当场实施，应在{show_moment(limit)}前向行政机关负责人"
            f"报告；{show_moment(reported_at)}报告已超过二十四小时，属于逾期报告。"
        )
    return ALLOWED


def show_moment(value: datetime.datetime) -> str:
    local = value.astimezone(SHANGHAI)
    return f"{show(local.date())}{local.hour:02d}时{local.minute:02d}分"


def freezing_notice_deadline(frozen_on: datetime.date, calendar: Calendar) -> datetime.date:
    return calendar.add_working_days(frozen_on, FREEZING_NOTICE_WORKING_DAYS)


def check_freezing_notice(
    frozen_on: datetime.date, served_on: datetime.date, calendar: Calendar
) -> RuleOutcome:
    """Check that the freezing decision reached the party within 3 working days (Art. 31)."""
    if served_on < frozen_on:
        return refused("冻结决定书的送达日期早于冻结日期，请核对。")
    deadline = freezing_notice_deadline(frozen_on, calendar)
    if served_on > deadline:
        return refused(
            f"冻结决定书应在冻结后三日内（至{show(deadline)}）交付当事人，"
            f"{show(served_on)}送达已超过期限。"
        )
    return ALLOWED


@dataclass(frozen=True)
class ExcludedPeriod:
    """Time for testing, inspection, quarantine or appraisal, not counted (Art. 25 para. 3)."""

    starts_on: datetime.date
    ends_on: datetime.date

    @property
    def days(self) -> int:
        # The start day is not counted, as for every period in days.
        return (self.ends_on - self.starts_on).days


def measure_deadline(
    imposed_on: datetime.date,
    calendar: Calendar,
    *,
    extension_days: int = 0,
    excluded_days: int = 0,
) -> datetime.date:
    """Return the last day of a measure: 30 days, plus the extension and the excluded time."""
    return calendar.add_calendar_days(imposed_on, MEASURE_DAYS + extension_days + excluded_days)


def check_extension(
    *, days: int, already_extended: bool, decided_on: datetime.date, deadline: datetime.date
) -> RuleOutcome:
    """Check an extension of a measure: once, at most 30 days, before the period ends (Art. 25)."""
    if already_extended:
        return refused("查封、扣押、冻结的期限只能延长一次，本措施已经延长过，不能再次延长。")
    if days < 1 or days > MAX_EXTENSION_DAYS:
        return refused(f"延长期限不得超过三十日，请填写1至{MAX_EXTENSION_DAYS}之间的天数。")
    if decided_on > deadline:
        return refused(f"本措施的期限已于{show(deadline)}届满，不能再延长，应当依法解除。")
    return ALLOWED


def check_excluded_period(
    period: ExcludedPeriod, imposed_on: datetime.date, notified_on: datetime.date | None
) -> RuleOutcome:
    """Check a testing period: within the measure, and stated to the party in writing."""
    if period.ends_on < period.starts_on:
        return refused("检测、检验、检疫或者技术鉴定的结束日期早于开始日期，请核对。")
    if period.starts_on < imposed_on:
        return refused("检测、检验、检疫或者技术鉴定的开始日期早于采取强制措施的日期，请核对。")
    if notified_on is None:
        return refused(
            "检测、检验、检疫或者技术鉴定的期间应当书面告知当事人，请填写“书面告知日期”。"
        )
    return ALLOWED


# --- Compulsory enforcement --------------------------------------------------------------------


def check_enforcement_timing(
    *,
    decided_on: datetime.date,
    demand_deadline: datetime.date,
    transfer_risk_evidence: str,
) -> RuleOutcome:
    """Check an enforcement decision against the demand's deadline (Art. 37).

    Before the deadline a decision is allowed only as immediate enforcement, where evidence
    shows that property is being transferred or hidden.
    """
    if decided_on > demand_deadline or transfer_risk_evidence.strip():
        return ALLOWED
    return refused(
        f"催告书确定的履行期限至{show(demand_deadline)}，期限届满前不能作出强制执行决定；"
        "有证据证明当事人有转移或者隐匿财物迹象的，请填写“转移或隐匿财物的证据”。"
    )


def counted_days(starts_on: datetime.date, ends_on: datetime.date, pauses: Iterable[Pause]) -> int:
    """Return the days from ``starts_on`` to ``ends_on`` inclusive that no pending remedy pauses."""
    rows = list(pauses)
    days = 0
    day = starts_on
    while day <= ends_on:
        paused = any(p.starts_on <= day and (p.ends_on is None or day <= p.ends_on) for p in rows)
        if not paused:
            days += 1
        day += datetime.timedelta(days=1)
    return days


def charge_amount(principal: Decimal, daily_rate: Decimal, days: int) -> Decimal:
    return (principal * daily_rate * days).quantize(Decimal("0.01"), ROUND_HALF_UP)


def check_charge_cap(principal: Decimal, charged_before: Decimal, amount: Decimal) -> RuleOutcome:
    """Check that additional fines and late fees stay within the principal (Art. 45 para. 2)."""
    total = charged_before + amount
    if total > principal:
        room = max(principal - charged_before, Decimal("0"))
        return refused(
            f"加处罚款或者滞纳金累计{total}元（已加处{charged_before}元，本次{amount}元），"
            f"超过金钱给付义务的数额{principal}元；本次最多还可加处{room}元，请缩短计算期间。"
        )
    return ALLOWED


@dataclass(frozen=True)
class EnforcementTime:
    """The moments of one enforcement act, and whether the day or hour is barred (Art. 43)."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    rest_days_barred: set[datetime.date]
    night_starts_hour: int
    night_ends_hour: int


def _at_night(moment: datetime.datetime, starts_hour: int, ends_hour: int) -> bool:
    moment = moment.astimezone(SHANGHAI)
    minutes = moment.hour * 60 + moment.minute
    start, end = starts_hour * 60, ends_hour * 60
    if start > end:  # the window crosses midnight, e.g. 22:00 to 06:00
        return minutes >= start or minutes < end
    return start <= minutes < end


def check_enforcement_time(time: EnforcementTime, emergency_reason: str) -> RuleOutcome:
    """Refuse enforcement at night or on a barred rest day unless an emergency is recorded."""
    if time.ends_at < time.starts_at:
        return refused("“结束时间”早于开始时间，请核对。")
    problems = []
    for moment in (time.starts_at, time.ends_at):
        if _at_night(moment, time.night_starts_hour, time.night_ends_hour):
            problems.append(f"{show_moment(moment)}属于夜间")
        day = shanghai_date(moment)
        if day in time.rest_days_barred:
            problems.append(f"{show(day)}是法定节假日")
    if not problems or emergency_reason.strip():
        return ALLOWED
    window = f"{time.night_starts_hour}时至次日{time.night_ends_hour}时"
    return refused(
        f"{'、'.join(dict.fromkeys(problems))}：行政机关不得在夜间（{window}）或者法定节假日"
        "实施行政强制执行；情况紧急的，请填写“紧急情况说明”。"
    )


def check_substitute_demand(
    demand_served_on: datetime.date, performed_on: datetime.date, calendar: Calendar
) -> RuleOutcome:
    """Check that the demand was served at least 3 working days before substitute performance."""
    earliest = calendar.add_working_days(demand_served_on, SUBSTITUTE_DEMAND_WORKING_DAYS)
    if performed_on < earliest:
        return refused(
            f"代履行三日前应当催告当事人履行：催告书{show(demand_served_on)}送达，"
            f"最早可于{show(earliest)}实施代履行。"
        )
    return ALLOWED

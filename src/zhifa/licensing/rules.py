"""The time limits of 行政许可法, as pure functions of dates and a calendar.

Art. 82 makes every period of this law a period of working days, and the day a period starts
is not counted. The calendar is ``zhifa.cases.actions._common.CALENDAR`` in the actions and a
real calendar year in the tests.
"""

import datetime
from dataclasses import dataclass

from zhifa.cases.rules.common import ALLOWED, Calendar, RuleOutcome, refused, show
from zhifa.core.workdays import CalendarNotCovered

# Art. 32: the missing materials are listed in one go within 5 days of receipt, or the
# application counts as accepted on receipt.
SUPPLEMENT_REQUEST_DAYS = 5
# Art. 42: the decision within 20 days of acceptance, extendable once by 10 days with the
# agency head's approval.
DECISION_DAYS = 20
EXTENSION_DAYS = 10
MAX_EXTENSIONS = 1
# Art. 44: the licence is issued within 10 days of the grant decision.
ISSUE_DAYS = 10
# Art. 47: a hearing is requested within 5 days of the notice of the right, and held
# within 20 days of the request.
HEARING_REQUEST_DAYS = 5
HEARING_HELD_DAYS = 20
# Art. 48: the hearing's time and place are notified 7 days before it.
HEARING_NOTICE_DAYS = 7

# Art. 45: the time these take is not counted in the decision period, and the applicant is
# notified of it in writing.
EXCLUDED_KINDS = {
    "hearing": "听证",
    "tender": "招标",
    "auction": "拍卖",
    "examination": "检验",
    "testing": "检测",
    "quarantine": "检疫",
    "appraisal": "鉴定",
    "expert_review": "专家评审",
}


@dataclass(frozen=True)
class ExcludedPeriod:
    kind: str
    start: datetime.date
    end: datetime.date


def supplement_request_deadline(received_on: datetime.date, calendar: Calendar) -> datetime.date:
    return calendar.add_working_days(received_on, SUPPLEMENT_REQUEST_DAYS)


def deemed_accepted(
    received_on: datetime.date, requested_on: datetime.date, calendar: Calendar
) -> bool:
    """Return whether a late request for missing materials makes the application accepted."""
    return requested_on > supplement_request_deadline(received_on, calendar)


def working_days_between(start: datetime.date, end: datetime.date, calendar: Calendar) -> int:
    """Count the working days from ``start`` to ``end``, both included."""
    if end < start:
        return 0
    count = 0
    day = start - datetime.timedelta(days=1)
    while True:
        day = calendar.add_working_days(day, 1)
        if day > end:
            return count
        count += 1


def excluded_working_days(periods: list[ExcludedPeriod], calendar: Calendar) -> int:
    return sum(working_days_between(row.start, row.end, calendar) for row in periods)


def decision_deadline(
    accepted_on: datetime.date,
    extensions: int,
    periods: list[ExcludedPeriod],
    calendar: Calendar,
) -> datetime.date:
    """Return the last day to decide: 20 working days, plus an extension and excluded time."""
    days = DECISION_DAYS + EXTENSION_DAYS * min(extensions, MAX_EXTENSIONS)
    days += excluded_working_days(periods, calendar)
    return calendar.add_working_days(accepted_on, days)


def check_extension(previous: int, reason: str) -> RuleOutcome:
    if previous >= MAX_EXTENSIONS:
        return refused(
            "行政许可决定期限只能经本机关负责人批准延长一次（十个工作日），本案已延长过，不能再延长。"
        )
    if not reason.strip():
        return refused("请填写“延长理由”，延长期限的理由应当告知申请人。")
    return ALLOWED


def check_excluded_period(period: ExcludedPeriod, told_on: datetime.date | None) -> RuleOutcome:
    if period.kind not in EXCLUDED_KINDS:
        return refused("请选择“扣除事项”（听证、招标、拍卖、检验、检测、检疫、鉴定或专家评审）。")
    if period.end < period.start:
        return refused(
            f"“结束日期”{show(period.end)}早于“开始日期”{show(period.start)}，请检查日期。"
        )
    if told_on is None:
        return refused("所需时间应当书面告知申请人，请填写“书面告知申请人日期”。")
    return ALLOWED


def hearing_request_deadline(told_on: datetime.date, calendar: Calendar) -> datetime.date:
    return calendar.add_working_days(told_on, HEARING_REQUEST_DAYS)


def check_hearing_request(
    told_on: datetime.date, requested_on: datetime.date, calendar: Calendar
) -> RuleOutcome:
    if requested_on < told_on:
        return refused("“申请日期”早于告知听证权利的日期，请检查日期。")
    deadline = hearing_request_deadline(told_on, calendar)
    if requested_on > deadline:
        return refused(
            f"听证申请应在被告知听证权利之日起五个工作日内提出（至{show(deadline)}），"
            f"{show(requested_on)}提出的申请已超过期限。"
        )
    return ALLOWED


def hearing_held_deadline(requested_on: datetime.date, calendar: Calendar) -> datetime.date:
    return calendar.add_working_days(requested_on, HEARING_HELD_DAYS)


def earliest_hearing_day(notified_on: datetime.date, calendar: Calendar) -> datetime.date:
    return calendar.add_working_days(notified_on, HEARING_NOTICE_DAYS)


def check_hearing_dates(
    notified_on: datetime.date,
    hearing_on: datetime.date,
    requested_on: datetime.date | None,
    calendar: Calendar,
) -> RuleOutcome:
    """Check the 7 days' notice and, for a requested hearing, the 20 days after the request.

    A count that reaches a year missing from the calendar ends in that year, so a hearing
    before that year is too early for the notice and in time for the request. A hearing
    inside the missing year cannot be judged and raises ``CalendarNotCovered``.
    """
    try:
        earliest = earliest_hearing_day(notified_on, calendar)
    except CalendarNotCovered as error:
        if hearing_on.year >= error.year:
            raise
        return refused(
            f"应当于举行听证的七个工作日前通知，{show(notified_on)}通知的听证最早于"
            f"{error.year}年举行，请调整“听证日期”。"
        )
    if hearing_on < earliest:
        return refused(
            f"应当于举行听证的七个工作日前通知，{show(notified_on)}通知的听证最早于"
            f"{show(earliest)}举行，请调整“听证日期”。"
        )
    if requested_on is not None:
        try:
            latest = hearing_held_deadline(requested_on, calendar)
        except CalendarNotCovered as error:
            if hearing_on.year >= error.year:
                raise
            return ALLOWED
        if hearing_on > latest:
            return refused(
                f"应当在收到听证申请之日起二十个工作日内组织听证（至{show(latest)}），"
                f"请调整“听证日期”。"
            )
    return ALLOWED


def check_presiding_officer(
    name: str, reviewer_names: dict[int, str], officer_id: int
) -> RuleOutcome:
    """Art. 48: the presiding officer is not one of the officers who reviewed the application."""
    if officer_id in reviewer_names:
        return refused(
            f"听证主持人{name}参加过本申请的审查，不能主持听证，请指定审查人员以外的工作人员。"
        )
    return ALLOWED


def issue_deadline(decided_on: datetime.date, calendar: Calendar) -> datetime.date:
    return calendar.add_working_days(decided_on, ISSUE_DAYS)

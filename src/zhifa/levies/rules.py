"""The legal rules of levies, requisitions and housing expropriation, as pure functions.

Sources: 国有土地上房屋征收与补偿条例 (国务院令第590号, 2011) Art. 8-28 for expropriation;
行政强制法 Art. 45, 53, 54 and 69 for late fees and court applications; 行政复议法 Art. 20 and
行政诉讼法 Art. 46 for the remedy periods. Periods count from the day after the start day.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from zhifa.cases.rules.common import (
    ALLOWED,
    Calendar,
    RuleOutcome,
    add_months,
    refused,
    show,
)
from zhifa.cases.rules.execution import Pause

CENT = Decimal("0.01")

# Art. 10: the compensation plan is published for comments for at least 30 days.
MIN_COMMENT_DAYS = 30
# 行政复议法 Art. 20: 60 days to apply for reconsideration; 行政诉讼法 Art. 46: 6 months to sue.
RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6
# 行政强制法 Art. 53: apply to the court within 3 months after the remedy periods end.
COURT_APPLICATION_MONTHS = 3
# 行政强制法 Art. 54 and 69: the application follows the demand (催告) by 10 working days.
DEMAND_WORKING_DAYS = 10

# Art. 9 para. 2: housing-security and old-town projects must be in the annual plan.
ANNUAL_PLAN_GROUNDS = frozenset({"housing_security", "old_town_renovation"})
OLD_TOWN_GROUND = "old_town_renovation"


# --- Expropriation preconditions (Art. 8-12) ---------------------------------------------------


def check_comment_period(published_on: datetime.date, closes_on: datetime.date) -> RuleOutcome:
    """Art. 10: comments are open at least 30 days, counted from the day after publication."""
    days = (closes_on - published_on).days
    if days < MIN_COMMENT_DAYS:
        earliest = published_on + datetime.timedelta(days=MIN_COMMENT_DAYS)
        return refused(
            f"征求意见期限为{days}日，少于《国有土地上房屋征收与补偿条例》第十条规定的三十日；"
            f"{show(published_on)}公布的，征求意见截止日期不得早于{show(earliest)}。"
        )
    return ALLOWED


def hearing_required(ground: str, owner_count: int, objecting_owners: int) -> bool:
    """Art. 11 para. 2: an old-town renovation that most owners object to needs a hearing."""
    return ground == OLD_TOWN_GROUND and owner_count > 0 and objecting_owners * 2 > owner_count


def executive_meeting_required(household_count: int, threshold: Decimal) -> bool:
    """Art. 12 para. 1: many affected households send the decision to the executive meeting."""
    return Decimal(household_count) >= threshold


def check_funds(deposited: Decimal, budgeted: Decimal) -> RuleOutcome:
    """Art. 12 para. 2: the compensation funds are in the dedicated account in full."""
    if deposited < budgeted:
        return refused(
            f"专户存储的征收补偿费用{deposited}元少于预算的{budgeted}元，"
            f"尚差{budgeted - deposited}元；补偿费用须足额到位后方可作出房屋征收决定。"
        )
    return ALLOWED


@dataclass(frozen=True)
class PreconditionFacts:
    """The preconditions recorded on a case; ``None`` means the step is not recorded."""

    ground: str | None
    in_annual_plan: bool
    comment_published_on: datetime.date | None
    comment_closes_on: datetime.date | None
    results_published: bool
    objecting_owners: int
    owner_count: int
    hearing_held: bool
    stability_assessed: bool
    meeting_held: bool
    household_count: int
    meeting_threshold: Decimal
    funds_deposited: Decimal | None
    budgeted: Decimal


def missing_preconditions(facts: PreconditionFacts) -> list[str]:
    """Return every precondition of the expropriation decision the case lacks, in legal order."""
    missing: list[str] = []
    if facts.ground is None:
        missing.append("公共利益事由及规划符合情况（第八条、第九条）")
    elif facts.ground in ANNUAL_PLAN_GROUNDS and not facts.in_annual_plan:
        missing.append("保障性安居工程或旧城区改建纳入年度计划（第九条第二款）")
    if facts.comment_published_on is None or facts.comment_closes_on is None:
        missing.append("征收补偿方案公布征求意见（第十条，不少于三十日）")
    else:
        period = check_comment_period(facts.comment_published_on, facts.comment_closes_on)
        if not period.allowed:
            missing.append(f"征收补偿方案征求意见期限不足三十日（第十条）：{period.reason}")
    if not facts.results_published:
        missing.append("征求意见情况和根据公众意见修改的情况公布（第十一条第一款）")
    if (
        facts.ground is not None
        and hearing_required(facts.ground, facts.owner_count, facts.objecting_owners)
        and not facts.hearing_held
    ):
        missing.append(
            "多数被征收人认为补偿方案不符合条例规定的旧城区改建项目的听证会（第十一条第二款）"
        )
    if not facts.stability_assessed:
        missing.append("社会稳定风险评估（第十二条第一款）")
    if (
        executive_meeting_required(facts.household_count, facts.meeting_threshold)
        and not facts.meeting_held
    ):
        missing.append(
            f"区人民政府常务会议讨论决定（第十二条第一款，被征收户{facts.household_count}户，"
            f"达到{facts.meeting_threshold.normalize():f}户须经常务会议）"
        )
    if facts.funds_deposited is None:
        missing.append("征收补偿费用足额到位、专户存储（第十二条第二款）")
    else:
        funds = check_funds(facts.funds_deposited, facts.budgeted)
        if not funds.allowed:
            missing.append(f"征收补偿费用未足额到位（第十二条第二款）：{funds.reason}")
    return missing


# --- Compensation and forced move (Art. 19, 26-28) ---------------------------------------------


def check_compensation_amount(
    method: str, amount: Decimal, valuation: Decimal | None
) -> RuleOutcome:
    """Art. 19: cash compensation is not lower than the assessed market value."""
    if method == "cash" and valuation is not None and amount < valuation:
        return refused(
            f"货币补偿金额{amount}元低于评估价值{valuation}元；"
            "被征收房屋价值的补偿不得低于房屋征收决定公告之日类似房地产的市场价格（第十九条）。"
        )
    return ALLOWED


def check_compensation_decision(
    decided_on: datetime.date, signing_deadline: datetime.date, has_agreement: bool
) -> RuleOutcome:
    """Art. 26: a decision only when no agreement was reached within the signing period."""
    if has_agreement:
        return refused("该户已签订补偿协议，不能再作出补偿决定。")
    if decided_on <= signing_deadline:
        return refused(
            f"签约期限至{show(signing_deadline)}，期限届满前不能作出补偿决定（第二十六条）；"
            "请在期限届满后仍未达成协议时再作出。"
        )
    return ALLOWED


def remedy_periods_end(served_on: datetime.date, calendar: Calendar) -> datetime.date:
    """Return the last day of the later remedy period after a decision is served.

    Reconsideration: 60 days (行政复议法 Art. 20); litigation: 6 months (行政诉讼法 Art. 46).
    A period ending on a rest day ends on the next working day.
    """
    reconsideration = calendar.add_calendar_days(served_on, RECONSIDERATION_DAYS)
    litigation = _off_rest_day(add_months(served_on, LITIGATION_MONTHS), calendar)
    return max(reconsideration, litigation)


def _off_rest_day(day: datetime.date, calendar: Calendar) -> datetime.date:
    # add_calendar_days(day - 1, 1) moves a day that falls on a rest day to the next working day.
    return calendar.add_calendar_days(day - datetime.timedelta(days=1), 1)


@dataclass(frozen=True)
class CourtApplicationFacts:
    """One household's state on the day the government applies to the court (Art. 28)."""

    applied_on: datetime.date
    decision_served_on: datetime.date | None
    move_deadline: datetime.date | None
    moved_out_on: datetime.date | None
    remedy_filed_on: datetime.date | None
    demand_served_on: datetime.date | None
    remedy_concluded_on: datetime.date | None = None
    remedy_outcome: str = ""


# Remedy outcomes after which the compensation decision stays in force and can be enforced.
STANDING_OUTCOMES = frozenset({"upheld", "rejected", "terminated"})
# Messages naming the effect of each other outcome on the compensation decision.
OVERTURNED_OUTCOMES = {
    "changed": "补偿决定已被变更",
    "revoked": "补偿决定已被撤销",
    "confirmed_illegal": "补偿决定已被确认违法",
    "confirmed_void": "补偿决定已被确认无效",
}


def check_court_application(facts: CourtApplicationFacts, calendar: Calendar) -> RuleOutcome:
    """Art. 28 with 行政强制法 Art. 53-54: when the government may ask the court to move an owner.

    The application needs a served compensation decision and the remedy periods passed. Any
    reconsideration or lawsuit of the owner must have ended with the decision in force
    (upheld, rejected or terminated), and the moving period must have passed without moving.
    A demand must have been served 10 working days before, and the application must come
    within 3 months after the remedy periods ended.

    TODO: the 3-month window counts from the remedy periods even when a lawsuit ended later;
    whether the window then runs from the judgment is not confirmed.
    """
    if facts.decision_served_on is None or facts.move_deadline is None:
        return refused("该户没有已送达的补偿决定，不能申请人民法院强制执行；签订协议的户不适用。")
    if facts.moved_out_on is not None:
        return refused(f"被征收人已于{show(facts.moved_out_on)}搬迁，无须申请强制执行。")
    if facts.remedy_filed_on is not None:
        remedy = _check_remedy_ended(facts, facts.remedy_filed_on)
        if not remedy.allowed:
            return remedy
    remedy_end = remedy_periods_end(facts.decision_served_on, calendar)
    if facts.applied_on <= remedy_end:
        return refused(
            f"复议和诉讼期限至{show(remedy_end)}届满，期限届满前不能申请强制执行（第二十八条）。"
        )
    if facts.applied_on <= facts.move_deadline:
        return refused(
            f"补偿决定规定的搬迁期限至{show(facts.move_deadline)}，期限届满前不能申请强制执行。"
        )
    latest = add_months(remedy_end, COURT_APPLICATION_MONTHS)
    if facts.applied_on > latest:
        return refused(
            f"申请期限已于{show(latest)}届满（行政强制法第五十三条，复议和诉讼期限届满之日起三个月内）。"
        )
    if facts.demand_served_on is None:
        return refused(
            "申请强制执行前须先书面催告被征收人搬迁（行政强制法第五十四条），请填写催告书送达日期。"
        )
    earliest = calendar.add_working_days(facts.demand_served_on, DEMAND_WORKING_DAYS)
    if facts.applied_on < earliest:
        return refused(
            f"催告书送达满十个工作日（{show(earliest)}）后方可申请（行政强制法第五十四条）。"
        )
    return ALLOWED


def _check_remedy_ended(facts: CourtApplicationFacts, filed_on: datetime.date) -> RuleOutcome:
    """Allow the application only after a remedy that left the compensation decision in force."""
    concluded = facts.remedy_concluded_on
    if concluded is None:
        return refused(
            f"被征收人已于{show(filed_on)}申请行政复议或提起行政诉讼，尚未结束，"
            "不能申请人民法院强制执行；复议或诉讼结束后，请先记录“被征收人复议或诉讼结束”。"
        )
    if facts.remedy_outcome not in STANDING_OUTCOMES:
        effect = OVERTURNED_OUTCOMES.get(facts.remedy_outcome, "复议或诉讼结果未记录")
        return refused(
            f"被征收人的复议或诉讼已于{show(concluded)}结束，{effect}，"
            "不能依原补偿决定申请人民法院强制执行；请按复议决定或生效裁判重新处理该户补偿。"
        )
    if facts.applied_on < concluded:
        return refused(
            f"申请日期早于复议或诉讼结束日期{show(concluded)}，请核对；复议或诉讼结束后方可申请。"
        )
    return ALLOWED


# --- Levies -------------------------------------------------------------------------------------


def levy_amount(base: Decimal, rate: Decimal | None, fixed: Decimal | None) -> Decimal:
    """Return the levied amount: base × rate, or the fixed amount, rounded to the cent."""
    if fixed is not None:
        return fixed.quantize(CENT, ROUND_HALF_UP)
    if rate is None:
        raise ValueError("a levy needs a rate or a fixed amount")
    return (base * rate).quantize(CENT, ROUND_HALF_UP)


def check_reduction(amount: Decimal, reduced_so_far: Decimal, reduction: Decimal) -> RuleOutcome:
    """Check that a reduction or exemption does not exceed what is still levied."""
    remaining = amount - reduced_so_far
    if reduction <= 0:
        return refused("减免金额应大于零。")
    if reduction > remaining:
        return refused(f"减免金额{reduction}元超过尚未减免的应缴金额{remaining}元。")
    return ALLOWED


def late_fee_days(due_on: datetime.date, as_of: datetime.date, pauses: Iterable[Pause] = ()) -> int:
    """Return the days after ``due_on`` up to ``as_of`` that no pending remedy pauses.

    A day from the filing of a reconsideration or lawsuit to its end, both included, does not
    count, as for the additional fines of 行政处罚法 Art. 73 para. 3.
    """
    periods = list(pauses)
    days = 0
    day = due_on + datetime.timedelta(days=1)
    while day <= as_of:
        if not any(_covers(pause, day) for pause in periods):
            days += 1
        day += datetime.timedelta(days=1)
    return days


def _covers(pause: Pause, day: datetime.date) -> bool:
    return pause.starts_on <= day and (pause.ends_on is None or day <= pause.ends_on)


def late_fee(
    principal: Decimal,
    daily_rate: Decimal,
    due_on: datetime.date,
    as_of: datetime.date,
    pauses: Iterable[Pause] = (),
) -> Decimal:
    """Return the late fee from the day after ``due_on`` to ``as_of``, capped at the principal.

    Days of pending reconsideration or litigation in ``pauses`` are not counted.
    行政强制法 Art. 45: the late fee may not exceed the principal of the money obligation.
    """
    days = late_fee_days(due_on, as_of, pauses)
    fee = (principal * daily_rate * days).quantize(CENT, ROUND_HALF_UP)
    return min(fee, principal)


# --- Requisitions --------------------------------------------------------------------------------

ITEM_CONDITIONS = {"intact": "完好", "damaged": "毁损", "lost": "灭失"}


def check_handover(decided: list[str], handed_over: list[str]) -> RuleOutcome:
    """Check that the handover record lists only items named in the requisition decision."""
    extra = [name for name in handed_over if name not in decided]
    if extra:
        return refused(f"交接清单中的{'、'.join(extra)}不在征用决定的物品清单中。")
    return ALLOWED


def check_return(handed_over: list[str], returned: dict[str, str]) -> RuleOutcome:
    """Check that the return record states the condition of every handed-over item."""
    missing = [name for name in handed_over if name not in returned]
    if missing:
        return refused(f"返还清单缺少{'、'.join(missing)}，请逐项写明返还时的状况。")
    unknown = [name for name in returned if name not in handed_over]
    if unknown:
        return refused(f"返还清单中的{'、'.join(unknown)}未在交接清单中登记。")
    return ALLOWED


def damaged_or_lost(returned: dict[str, str]) -> list[str]:
    return [name for name, condition in returned.items() if condition in ("damaged", "lost")]

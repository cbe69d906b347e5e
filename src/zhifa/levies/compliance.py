"""Compliance panel items and header deadlines of levies, requisitions and expropriations.

Each function reads only the ``CaseFacts`` snapshot (the steps and their details), except the
executive-meeting threshold, which is a rule parameter the supervisor maintains.
"""

import datetime
from decimal import Decimal

from zhifa.cases.compliance import (
    MET,
    MISSING,
    NOT_APPLICABLE,
    CaseFacts,
    ComplianceItem,
    Deadline,
    StepFacts,
)
from zhifa.cases.rules.common import Calendar, add_months, show
from zhifa.core.rules import parameter
from zhifa.levies import rules
from zhifa.levies.actions.expropriation import MEETING_THRESHOLD_KEY


def _item(label: str, ok: bool, met: str, missing: str) -> ComplianceItem:
    return ComplianceItem(label, MET if ok else MISSING, met if ok else missing)


def _day(step: StepFacts | None, key: str) -> datetime.date | None:
    if step is None or not step.details.get(key):
        return None
    return datetime.date.fromisoformat(step.details[key])


# --- Housing expropriation ----------------------------------------------------------------------


def _household_count(facts: CaseFacts) -> int:
    decision = facts.latest("expropriation_decision")
    if decision is not None:
        return int(decision.details.get("household_count", 0))
    results = facts.latest("consultation_results_published")
    return int(results.details.get("owner_count", 0)) if results else len(facts.party_names)


def _hearing_item(facts: CaseFacts) -> ComplianceItem:
    label = "旧城区改建听证会（第十一条第二款）"
    ground = facts.latest("expropriation_ground")
    results = facts.latest("consultation_results_published")
    if ground is None or results is None:
        return ComplianceItem(label, NOT_APPLICABLE, "公共利益事由或征求意见情况尚未记录。")
    needed = rules.hearing_required(
        ground.details.get("ground", ""),
        int(results.details.get("owner_count", 0)),
        int(results.details.get("objecting_owners", 0)),
    )
    if not needed:
        return ComplianceItem(
            label, NOT_APPLICABLE, "非旧城区改建，或未有多数被征收人认为方案不符合条例。"
        )
    return _item(
        label,
        facts.latest("expropriation_hearing") is not None,
        "已组织听证会。",
        "须组织听证会并修改方案。",
    )


def _meeting_item(facts: CaseFacts) -> ComplianceItem:
    label = "区政府常务会议讨论决定（第十二条）"
    count = _household_count(facts)
    threshold = parameter(MEETING_THRESHOLD_KEY)
    if not rules.executive_meeting_required(count, threshold):
        return ComplianceItem(
            label, NOT_APPLICABLE, f"被征收户{count}户，未达到{threshold.normalize():f}户。"
        )
    return _item(
        label,
        facts.latest("executive_meeting") is not None,
        "已经常务会议讨论。",
        f"被征收户{count}户，须经区政府常务会议讨论决定。",
    )


def _consultation_item(facts: CaseFacts) -> ComplianceItem:
    label = "补偿方案征求意见不少于三十日（第十条）"
    step = facts.latest("compensation_plan_consultation")
    published, closes = _day(step, "published_on"), _day(step, "closes_on")
    if published is None or closes is None:
        return ComplianceItem(label, MISSING, "尚未记录补偿方案公布征求意见。")
    outcome = rules.check_comment_period(published, closes)
    return _item(label, outcome.allowed, f"征求意见{(closes - published).days}日。", outcome.reason)


def _results_item(facts: CaseFacts) -> ComplianceItem:
    label = "分户补偿情况在征收范围内公布（第二十九条）"
    settled = facts.current_steps("compensation_agreement") + facts.current_steps(
        "compensation_decision"
    )
    if not settled:
        return ComplianceItem(label, NOT_APPLICABLE, "尚无签订协议或作出补偿决定的被征收户。")
    publication = facts.latest("compensation_results_published")
    last = max(row.sequence for row in settled)
    if publication is None or publication.sequence < last:
        return ComplianceItem(label, MISSING, "有新的补偿协议或补偿决定尚未公布分户补偿情况。")
    return ComplianceItem(label, MET, f"已于{show(publication.occurred_on)}公布。")


def expropriation_items(facts: CaseFacts, calendar: Calendar) -> list[ComplianceItem]:
    """Return the expropriation items, preconditions first (Art. 8-13, 26-29)."""
    funds = facts.latest("funds_deposited")
    announcement = facts.latest("expropriation_announcement")
    decisions = facts.current_steps("compensation_decision")
    court = facts.current_steps("court_move_application")
    return [
        _item(
            "公共利益事由和规划符合情况（第八条、第九条）",
            facts.latest("expropriation_ground") is not None,
            "已记录。",
            "尚未记录公共利益事由。",
        ),
        _consultation_item(facts),
        _item(
            "征求意见情况和修改情况公布（第十一条）",
            facts.latest("consultation_results_published") is not None,
            "已公布。",
            "尚未公布。",
        ),
        _hearing_item(facts),
        _item(
            "社会稳定风险评估（第十二条）",
            facts.latest("stability_assessment") is not None,
            "已评估。",
            "尚未记录评估。",
        ),
        _meeting_item(facts),
        _item(
            "补偿费用足额到位、专户存储（第十二条）",
            funds is not None,
            f"专户存储{funds.details.get('amount')}元。" if funds else "",
            "尚未记录补偿费用到位情况。",
        ),
        _item(
            "房屋征收决定公告，载明补偿方案和救济权利（第十三条）",
            announcement is not None and bool(announcement.details.get("remedy_channels")),
            "已公告。",
            "尚未公告。",
        ),
        _item(
            "补偿决定在征收范围内公告（第二十六条）",
            all(row.details.get("published_in_area_on") for row in decisions),
            f"{len(decisions)}份补偿决定均已公告。",
            "有补偿决定未在征收范围内公告。",
        )
        if decisions
        else ComplianceItem(
            "补偿决定在征收范围内公告（第二十六条）", NOT_APPLICABLE, "未作出补偿决定。"
        ),
        _results_item(facts),
        ComplianceItem(
            "强制搬迁依法申请人民法院执行（第二十八条）",
            MET if court else NOT_APPLICABLE,
            f"已申请{len(court)}户。" if court else "未申请强制执行。",
        ),
    ]


def expropriation_deadlines(facts: CaseFacts, calendar: Calendar) -> list[Deadline]:
    """Return the comment period, the signing period and each household's court window."""
    result: list[Deadline] = []
    consultation = facts.latest("compensation_plan_consultation")
    closes = _day(consultation, "closes_on")
    if closes is not None and facts.latest("expropriation_decision") is None:
        result.append(Deadline("补偿方案征求意见截止（第十条，不少于三十日）", closes))
    signing = _day(facts.latest("expropriation_decision"), "signing_deadline")
    if signing is not None:
        result.append(Deadline("签约期限（期限内未达成协议的作出补偿决定）", signing))
    for row in facts.current_steps("compensation_decision"):
        served = _day(row, "served_on")
        if served is None:
            continue
        remedy_end = rules.remedy_periods_end(served, calendar)
        household = row.details.get("household", "")
        move_deadline = row.details.get("move_deadline", "")
        result.append(
            Deadline(
                f"户号{household}申请法院强制执行期限（复议、诉讼期限届满后三个月内）",
                add_months(remedy_end, rules.COURT_APPLICATION_MONTHS),
                f"复议、诉讼期限至{show(remedy_end)}；搬迁期限至{move_deadline}",
            )
        )
    return result


# --- Levies ------------------------------------------------------------------------------------


def _levy_owed(facts: CaseFacts) -> Decimal:
    def total(code: str, key: str) -> Decimal:
        return sum((Decimal(row.details[key]) for row in facts.current_steps(code)), Decimal("0"))

    assessment = facts.latest("levy_assessment")
    fee = facts.latest("levy_late_fee")
    assessed = Decimal(assessment.details["amount"]) if assessment else Decimal("0")
    late = Decimal(fee.details["late_fee"]) if fee else Decimal("0")
    return assessed - total("levy_reduction", "amount") + late - total("levy_payment", "amount")


def levy_items(facts: CaseFacts, calendar: Calendar) -> list[ComplianceItem]:
    assessment = facts.latest("levy_assessment")
    fees = facts.current_steps("levy_late_fee")
    reductions = facts.current_steps("levy_reduction")
    items = [
        _item(
            "征收数额有法定依据并经核定",
            assessment is not None and bool(assessment.details.get("legal_basis")),
            f"核定{assessment.details.get('amount')}元。" if assessment else "",
            "尚未核定征收数额。",
        ),
        _item(
            "缴款通知书已送达",
            facts.latest("levy_service") is not None,
            "已送达。",
            "尚未送达缴款通知书。",
        ),
        ComplianceItem(
            "减免决定经负责人审批",
            MET if reductions else NOT_APPLICABLE,
            f"{len(reductions)}项减免决定均经审批。" if reductions else "无减免。",
        ),
        ComplianceItem(
            "滞纳金有法律依据且不超过本金（行政强制法第四十五条）",
            MET if fees else NOT_APPLICABLE,
            "滞纳金按征收依据计算，未超过本金。" if fees else "未加收滞纳金。",
        ),
    ]
    owed = _levy_owed(facts)
    if assessment is None:
        items.append(ComplianceItem("征收款项缴清或减免", NOT_APPLICABLE, "尚未核定。"))
    else:
        items.append(_item("征收款项缴清或减免", owed <= 0, "已缴清或减免。", f"尚欠{owed}元。"))
    return items


def levy_deadlines(facts: CaseFacts, calendar: Calendar) -> list[Deadline]:
    result: list[Deadline] = []
    due = _day(facts.latest("levy_notice"), "due_on")
    if due is not None and _levy_owed(facts) > 0:
        result.append(Deadline("缴款期限", due, "逾期未缴的，法律规定滞纳金的按日加收"))
    served = _day(facts.latest("levy_service"), "served_on")
    if served is not None:
        result.append(
            Deadline(
                "申请行政复议期限（收到通知之日起六十日）",
                calendar.add_calendar_days(served, rules.RECONSIDERATION_DAYS),
            )
        )
    return result


# --- Requisitions ------------------------------------------------------------------------------


def requisition_items(facts: CaseFacts, calendar: Calendar) -> list[ComplianceItem]:
    decision = facts.latest("requisition_decision")
    returned = facts.latest("requisition_return")
    damaged = list(returned.details.get("damaged_or_lost", [])) if returned else []
    items = [
        _item(
            "征用决定载明依据、事由和物品",
            decision is not None and bool(decision.details.get("items")),
            "已载明。",
            "尚未作出征用决定。",
        ),
        _item(
            "征用物品交接清单",
            facts.latest("requisition_handover") is not None,
            "已交接。",
            "尚未记录交接。",
        ),
        _item("返还清单逐项写明状况", returned is not None, "已返还。", "尚未记录返还。"),
    ]
    label = "毁损、灭失的给予补偿"
    if not damaged:
        items.append(ComplianceItem(label, NOT_APPLICABLE, "返还物品未毁损、灭失。"))
    else:
        items.append(
            _item(
                label,
                facts.latest("requisition_compensation") is not None,
                "已作出补偿决定。",
                f"{'、'.join(damaged)}毁损或灭失，尚未作出补偿决定。",
            )
        )
    return items


def requisition_deadlines(facts: CaseFacts, calendar: Calendar) -> list[Deadline]:
    handed = _day(facts.latest("requisition_handover"), "handed_over_on")
    if handed is None:
        return []
    return [
        Deadline(
            "申请行政复议期限（收到征用决定之日起六十日）",
            calendar.add_calendar_days(handed, rules.RECONSIDERATION_DAYS),
        )
    ]

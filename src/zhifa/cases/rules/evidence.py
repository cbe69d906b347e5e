"""Advance registration and preservation of evidence (证据先行登记保存)."""

import datetime

from zhifa.cases.rules.common import ALLOWED, Calendar, RuleOutcome, refused, show

# 行政处罚法 Art. 56: evidence may be preserved in advance "在证据可能灭失或者以后难以取得的
# 情况下，经行政机关负责人批准"; the agency decides how to handle it "在七日内". Under Art. 85
# that period counts working days.
PRESERVATION_DECISION_WORKING_DAYS = 7


def check_preservation(*, approved_by: str, reason: str) -> RuleOutcome:
    """Check that a preservation has its ground and the agency head's approval (Art. 56)."""
    if not reason.strip():
        return refused("请填写“先行登记保存理由”：证据可能灭失或者以后难以取得的具体情况。")
    if not approved_by.strip():
        return refused("证据先行登记保存须经行政机关负责人批准，请填写“批准人”。")
    return ALLOWED


def preservation_decision_deadline(
    preserved_on: datetime.date, calendar: Calendar
) -> datetime.date:
    return calendar.add_working_days(preserved_on, PRESERVATION_DECISION_WORKING_DAYS)


def check_preservation_decision(
    preserved_on: datetime.date, decided_on: datetime.date, calendar: Calendar
) -> RuleOutcome:
    """Check that the handling decision came within 7 working days (Art. 56, Art. 85)."""
    if decided_on < preserved_on:
        return refused(
            f"处理决定日期{show(decided_on)}早于先行登记保存日期{show(preserved_on)}，请核对日期。"
        )
    deadline = preservation_decision_deadline(preserved_on, calendar)
    if decided_on > deadline:
        return refused(
            f"先行登记保存的证据应在七个工作日内（{show(deadline)}前）作出处理决定，"
            f"{show(decided_on)}已超过期限。"
        )
    return ALLOWED

"""Compliance panel items and header deadlines of licensing and licence-disposal cases.

Every function reads the ``CaseFacts`` snapshot; "today" comes from ``timezone.localdate``
only for the follow-up of a commitment-based licence, which is overdue once its day passes.
"""

import datetime
from collections.abc import Callable

from django.utils import timezone

from zhifa.cases.compliance import (
    MET,
    MISSING,
    NOT_APPLICABLE,
    CaseFacts,
    ComplianceItem,
    Deadline,
)
from zhifa.cases.rules.common import Calendar, show
from zhifa.core.workdays import CalendarNotCovered
from zhifa.licensing import facts as lf
from zhifa.licensing import rules
from zhifa.licensing.procedures import WITHDRAWAL_STEPS


def _na(label: str, detail: str) -> ComplianceItem:
    return ComplianceItem(label, NOT_APPLICABLE, detail)


def _counted(label: str, compute: Callable[[], ComplianceItem]) -> ComplianceItem:
    """Run an item that counts working days; a year missing from the calendar is reported."""
    try:
        return compute()
    except CalendarNotCovered as error:
        return ComplianceItem(label, MISSING, error.message)


def supplement_item(facts: CaseFacts, calendar: Calendar) -> ComplianceItem:
    """Art. 32: missing materials are listed in one go within 5 working days of receipt."""
    label = "五个工作日内一次性告知补正"
    received = lf.received_on(facts)
    if received is None:
        return ComplianceItem(label, MISSING, "尚未记录“申请材料接收”。")
    deadline = rules.supplement_request_deadline(received, calendar)
    late = lf.late_supplement_request(facts)
    if late is not None:
        return ComplianceItem(
            label,
            MISSING,
            f"补正告知晚于{show(deadline)}，申请自{show(received)}收到材料之日起视为受理。",
        )
    if facts.current_steps("supplement_request"):
        return ComplianceItem(label, MET, f"已在{show(deadline)}前一次性告知补正。")
    return _na(label, "申请材料齐全，未告知补正。")


def acceptance_item(facts: CaseFacts) -> ComplianceItem:
    label = "受理或不予受理决定"
    row = lf.acceptance(facts)
    if row is None:
        if lf.late_supplement_request(facts) is not None:
            return ComplianceItem(label, MET, "补正告知逾期，申请依法视为受理。")
        return ComplianceItem(label, MISSING, "尚未记录“受理决定”。")
    if row.details.get("outcome") == "rejected" and not row.details.get("reasons"):
        return ComplianceItem(label, MISSING, "不予受理决定未说明理由。")
    return ComplianceItem(
        label, MET, f"{row.details.get('outcome_label')}（{row.details.get('decided_on')}）。"
    )


def decision_deadline_item(facts: CaseFacts, calendar: Calendar) -> ComplianceItem:
    """Art. 42, 45: decide within 20 working days, plus one extension and excluded time."""
    label = "二十个工作日内作出许可决定（或经批准延长）"
    deadline = lf.decision_deadline(facts, calendar)
    if deadline is None:
        return _na(label, "申请尚未受理或不予受理。")
    row = lf.decision(facts)
    if row is None:
        if facts.latest(*WITHDRAWAL_STEPS):
            return _na(label, "申请人已撤回申请。")
        return ComplianceItem(label, MISSING, f"尚未作出许可决定，期限至{show(deadline)}。")
    decided = lf.day(row, "decided_on") or row.occurred_on
    if decided <= deadline:
        return ComplianceItem(label, MET, f"{show(decided)}作出决定，期限至{show(deadline)}。")
    return ComplianceItem(label, MISSING, f"{show(decided)}作出决定，超过期限{show(deadline)}。")


def excluded_period_item(facts: CaseFacts) -> ComplianceItem:
    """Art. 45: the time excluded from the period is notified to the applicant in writing."""
    label = "扣除期间书面告知申请人"
    rows = facts.current_steps("excluded_period")
    if not rows:
        return _na(label, "没有扣除期间。")
    untold = [f"第{row.sequence}项" for row in rows if not row.details.get("told_on")]
    if untold:
        return ComplianceItem(label, MISSING, f"{'、'.join(untold)}扣除期间未书面告知申请人。")
    days = sum(int(row.details.get("working_days", 0)) for row in rows)
    return ComplianceItem(label, MET, f"共扣除{days}个工作日，均已书面告知。")


def hearing_item(facts: CaseFacts) -> ComplianceItem:
    """Art. 46-48: an announced or requested hearing is notified and held before deciding."""
    label = "听证（公告或申请、通知、笔录）"
    if not (facts.latest("hearing_announcement") or lf.hearing_request(facts)):
        if facts.latest("hearing_right_notice"):
            return _na(label, "已告知听证权利，申请人和利害关系人未申请听证。")
        return _na(label, "本案未举行听证。")
    if facts.latest("license_hearing_notice") is None:
        return ComplianceItem(label, MISSING, "尚未记录“听证通知”。")
    record = facts.latest("license_hearing_record")
    if record is None:
        return ComplianceItem(label, MISSING, "已通知听证，尚未记录“听证笔录”。")
    return ComplianceItem(
        label,
        MET,
        f"{record.details.get('held_on')}举行听证，主持人{record.details.get('presiding_officer')}。",
    )


def refusal_item(facts: CaseFacts) -> ComplianceItem:
    """Art. 38: a refusal gives its reasons and the right to reconsideration or litigation."""
    label = "不予许可说明理由和救济途径"
    row = lf.decision(facts)
    if row is None or row.details.get("outcome") != "refused":
        return _na(label, "本案未作出不予行政许可决定。")
    ok = bool(row.details.get("reasons")) and bool(row.details.get("remedy_channels"))
    detail = "已说明理由和救济途径。" if ok else "不予许可决定缺少理由或救济途径。"
    return ComplianceItem(label, MET if ok else MISSING, detail)


def service_item(facts: CaseFacts) -> ComplianceItem:
    label = "送达许可决定"
    if lf.decision(facts) is None:
        return _na(label, "尚未作出许可决定。")
    row = facts.latest("license_decision_service")
    if row is None:
        return ComplianceItem(label, MISSING, "尚未记录“送达许可决定”。")
    return ComplianceItem(
        label, MET, f"{row.details.get('served_on')}{row.details.get('method_label', '')}。"
    )


def issue_item(facts: CaseFacts, calendar: Calendar) -> ComplianceItem:
    """Art. 44: the licence is issued within 10 working days of the grant decision."""
    label = "十个工作日内颁发许可证件"
    if not lf.is_granted(facts):
        return _na(label, "本案未作出准予行政许可决定。")
    decided = lf.day(lf.decision(facts), "decided_on")
    if decided is None:
        return ComplianceItem(label, MISSING, "许可决定缺少决定日期。")
    deadline = rules.issue_deadline(decided, calendar)
    row = facts.latest("license_issued")
    if row is None:
        return ComplianceItem(label, MISSING, f"尚未颁发许可证件，期限至{show(deadline)}。")
    issued = lf.day(row, "issued_on") or row.occurred_on
    if issued <= deadline:
        return ComplianceItem(label, MET, f"{show(issued)}颁发，期限至{show(deadline)}。")
    return ComplianceItem(label, MISSING, f"{show(issued)}颁发，超过期限{show(deadline)}。")


def follow_up_item(
    facts: CaseFacts, calendar: Calendar, today: datetime.date | None = None
) -> ComplianceItem:
    """Check that a commitment-based licence (告知承诺) is inspected by its due day."""
    label = "告知承诺核查"
    row = lf.decision(facts)
    due = lf.follow_up_due(row, calendar)
    done = facts.latest("commitment_follow_up")
    if due is None and lf.follow_up_pending(row):
        # The due day lies in a year the calendar lacks, so a check done already is in time.
        if done is not None:
            done_on = lf.day(done, "done_on") or done.occurred_on
            return ComplianceItem(label, MET, f"{show(done_on)}完成核查，{lf.PENDING_LABEL}。")
        return ComplianceItem(label, MISSING, f"尚未核查，{lf.PENDING_LABEL}。")
    if due is None:
        return _na(label, "本案不是以告知承诺方式准予的许可。")
    if done is not None:
        done_on = lf.day(done, "done_on") or done.occurred_on
        number = done.details.get("inspection_case_number", "")
        status = MET if done_on <= due else MISSING
        return ComplianceItem(
            label, status, f"{show(done_on)}完成核查（{number}），期限至{show(due)}。"
        )
    day = today or timezone.localdate()
    if day > due:
        return ComplianceItem(label, MISSING, f"核查已逾期：期限至{show(due)}，尚未完成。")
    return ComplianceItem(label, MISSING, f"尚未核查，期限至{show(due)}。")


def ending_item(facts: CaseFacts) -> ComplianceItem:
    """Check that a case closed before a decision has 不予受理 or a withdrawal on record."""
    label = "案件以决定、不予受理或撤回申请结束"
    if not facts.closed:
        return _na(label, "案件尚未结案。")
    if lf.decision(facts) or lf.is_rejected(facts) or facts.latest(*WITHDRAWAL_STEPS):
        return ComplianceItem(label, MET, "结案前已作出决定或记录不予受理、撤回申请。")
    return ComplianceItem(label, MISSING, "已受理的申请未作出许可决定即结案。")


def licensing_items(facts: CaseFacts, calendar: Calendar) -> list[ComplianceItem]:
    return [
        _counted("五个工作日内一次性告知补正", lambda: supplement_item(facts, calendar)),
        acceptance_item(facts),
        excluded_period_item(facts),
        hearing_item(facts),
        _counted(
            "二十个工作日内作出许可决定（或经批准延长）",
            lambda: decision_deadline_item(facts, calendar),
        ),
        refusal_item(facts),
        service_item(facts),
        _counted("十个工作日内颁发许可证件", lambda: issue_item(facts, calendar)),
        follow_up_item(facts, calendar),
        ending_item(facts),
    ]


def _acceptance_deadlines(facts: CaseFacts, calendar: Calendar) -> list[Deadline]:
    received = lf.received_on(facts)
    untouched = lf.acceptance(facts) is None and not facts.current_steps("supplement_request")
    if received is None or not untouched:
        return []
    return [
        Deadline(
            "一次性告知补正期限（行政许可法第三十二条，五个工作日）",
            rules.supplement_request_deadline(received, calendar),
            "逾期不告知的，自收到申请材料之日起即为受理",
        )
    ]


def _decision_deadlines(facts: CaseFacts, calendar: Calendar) -> list[Deadline]:
    deadline = lf.decision_deadline(facts, calendar)
    if deadline is None or lf.decision(facts) is not None:
        return []
    excluded = rules.excluded_working_days(lf.excluded_periods(facts), calendar)
    parts = []
    if lf.extension_count(facts):
        parts.append(f"含经批准延长{rules.EXTENSION_DAYS}个工作日")
    if excluded:
        parts.append(f"扣除{excluded}个工作日")
    label = "作出许可决定期限（第四十二条，受理之日起二十个工作日）"
    return [Deadline(label, deadline, "；".join(parts))]


def _hearing_deadlines(facts: CaseFacts, calendar: Calendar) -> list[Deadline]:
    result = []
    told = lf.day(facts.latest("hearing_right_notice"), "told_on")
    if told is not None and lf.hearing_request(facts) is None:
        result.append(
            Deadline(
                "申请听证期限（第四十七条，告知后五个工作日）",
                rules.hearing_request_deadline(told, calendar),
            )
        )
    requested = lf.day(lf.hearing_request(facts), "requested_on")
    if requested is not None and facts.latest("license_hearing_record") is None:
        result.append(
            Deadline(
                "组织听证期限（第四十七条，申请之日起二十个工作日）",
                rules.hearing_held_deadline(requested, calendar),
                "听证通知应于举行听证七个工作日前送达",
            )
        )
    return result


def _grant_deadlines(facts: CaseFacts, calendar: Calendar) -> list[Deadline]:
    result = []
    decision = lf.decision(facts)
    decided = lf.day(decision, "decided_on")
    if lf.is_granted(facts) and decided and facts.latest("license_issued") is None:
        label = "颁发许可证件期限（第四十四条，十个工作日）"
        result.append(Deadline(label, rules.issue_deadline(decided, calendar)))
    if facts.latest("commitment_follow_up") is not None:
        return result
    due = lf.follow_up_due(decision, calendar)
    if due is not None:
        overdue = timezone.localdate() > due
        result.append(Deadline("告知承诺核查期限", due, "已逾期" if overdue else ""))
    elif lf.follow_up_pending(decision):
        result.append(Deadline("告知承诺核查期限", None, lf.PENDING_LABEL))
    return result


def licensing_deadlines(facts: CaseFacts, calendar: Calendar) -> list[Deadline]:
    """Return the periods running now, each with its article in the label.

    A group that reaches a year missing from the calendar is replaced by the calendar's
    message, and the other groups are still shown.
    """
    result: list[Deadline] = []
    for group in (_acceptance_deadlines, _decision_deadlines, _hearing_deadlines, _grant_deadlines):
        try:
            result.extend(group(facts, calendar))
        except CalendarNotCovered as error:
            result.append(Deadline("期限计算", None, error.message))
    return result


# --- Later decisions on a licence --------------------------------------------------------------


def disposal_grounds_item(facts: CaseFacts) -> ComplianceItem:
    """Art. 8, 69, 70: each kind of decision states what its article requires."""
    label = "决定载明法定事由"
    row = facts.latest("disposal_decision")
    if row is None:
        return ComplianceItem(label, MISSING, "尚未作出变更、撤回、撤销或注销决定。")
    kind = row.details.get("disposal_kind")
    needed = {
        "license_change": ("public_interest_grounds", "compensation_plan", "changed_content"),
        "license_withdrawal": ("public_interest_grounds", "compensation_plan"),
        "license_annulment": ("annulment_ground",),
        "license_cancellation": ("cancellation_ground",),
    }.get(str(kind), ())
    lacking = [key for key in needed if not row.details.get(key)]
    if lacking:
        return ComplianceItem(label, MISSING, "决定缺少法定事由或补偿方案。")
    return ComplianceItem(label, MET, f"{row.details.get('disposal_label')}决定已载明事由。")


def disposal_service_item(facts: CaseFacts) -> ComplianceItem:
    label = "送达决定书"
    if facts.latest("disposal_decision") is None:
        return _na(label, "尚未作出决定。")
    row = facts.latest("disposal_service")
    if row is None:
        return ComplianceItem(label, MISSING, "尚未记录“送达决定书”。")
    return ComplianceItem(label, MET, f"{show(row.occurred_on)}送达。")


def disposal_items(facts: CaseFacts, calendar: Calendar) -> list[ComplianceItem]:
    return [disposal_grounds_item(facts), disposal_service_item(facts)]


def disposal_deadlines(facts: CaseFacts, calendar: Calendar) -> list[Deadline]:
    # TODO: 行政许可法 sets no period for these decisions; sector rules may add one.
    return []

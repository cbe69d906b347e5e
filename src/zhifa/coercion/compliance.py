"""Compliance panel items and header deadlines of coercive measures and compulsory enforcement.

Both are computed from the case's steps (``CaseFacts``): each measure is its imposing step,
and later steps name it by ``imposed_step_id``.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from zhifa.cases.compliance import (
    MET,
    MISSING,
    NOT_APPLICABLE,
    CaseFacts,
    ComplianceItem,
    Deadline,
    StepFacts,
)
from zhifa.cases.rules import execution as penalty_execution
from zhifa.cases.rules.common import Calendar, show
from zhifa.coercion import rules
from zhifa.coercion.deadlines import PENDING_NOTE, current_testing_periods
from zhifa.coercion.procedures import MEASURE_ENDS
from zhifa.core.workdays import CalendarNotCovered

IMPOSING = ("measure_imposed", "deposits_frozen")


def _for(facts: CaseFacts, code: str, imposed: StepFacts) -> list[StepFacts]:
    return [
        row for row in facts.current_steps(code) if row.details.get("imposed_step_id") == imposed.pk
    ]


def _label(imposed: StepFacts) -> str:
    return f"{imposed.details.get('kind_label', '')}（{show(imposed.occurred_on)}）"


def _emergency_deadline(imposed: StepFacts) -> datetime.datetime:
    imposed_at = datetime.datetime.fromisoformat(imposed.details["imposed_at"])
    return imposed_at + datetime.timedelta(hours=rules.EMERGENCY_REPORT_HOURS)


def measure_due_on(
    facts: CaseFacts, imposed: StepFacts, calendar: Calendar
) -> datetime.date | None:
    """Return the measure's last day, or None while the calendar lacks the year it falls in."""
    extension = sum(
        int(row.details.get("days", 0)) for row in _for(facts, "measure_extended", imposed)
    )
    excluded = sum(
        int(row.details.get("excluded_days", 0))
        for row in current_testing_periods(_for(facts, "testing_period", imposed))
    )
    try:
        return rules.measure_deadline(
            imposed.occurred_on, calendar, extension_days=extension, excluded_days=excluded
        )
    except CalendarNotCovered:
        return None


def _end_of(facts: CaseFacts, imposed: StepFacts) -> StepFacts | None:
    rows = [row for code in MEASURE_ENDS for row in _for(facts, code, imposed)]
    return rows[0] if rows else None


def _approval_item(facts: CaseFacts, imposed: StepFacts) -> ComplianceItem:
    label = f"{_label(imposed)}事先批准或紧急情况报告"
    if not imposed.details.get("emergency"):
        return ComplianceItem(label, MET, "实施前已经行政机关负责人批准。")
    reports = _for(facts, "emergency_report", imposed)
    if reports:
        return ComplianceItem(label, MET, "情况紧急当场实施，已在二十四小时内向负责人报告。")
    limit = _emergency_deadline(imposed)
    return ComplianceItem(
        label, MISSING, f"当场实施后应在{_clock(limit)}前报告负责人，尚未记录报告。"
    )


def _clock(value: datetime.datetime) -> str:
    local = timezone.localtime(value)
    return f"{show(local.date())}{local.hour:02d}时{local.minute:02d}分"


def _emergency_approval_item(facts: CaseFacts, imposed: StepFacts) -> ComplianceItem:
    label = f"{_label(imposed)}负责人补办批准"
    if not imposed.details.get("emergency"):
        return ComplianceItem(label, NOT_APPLICABLE, "经事先批准实施。")
    decisions = _for(facts, "emergency_approval", imposed)
    if not decisions:
        return ComplianceItem(label, MISSING, "尚未记录负责人是否批准。")
    if decisions[-1].details.get("approved"):
        return ComplianceItem(label, MET, "负责人已批准。")
    return ComplianceItem(label, MET, "负责人不批准，措施已立即解除。")


def _freezing_item(facts: CaseFacts, imposed: StepFacts, calendar: Calendar) -> ComplianceItem:
    label = f"{_label(imposed)}冻结决定书三日内交付"
    served = _for(facts, "freezing_decision_served", imposed)
    if served:
        return ComplianceItem(label, MET, f"已于{served[-1].details.get('served_on')}交付。")
    due = _freezing_notice_due(imposed, calendar)
    if due is None:
        return ComplianceItem(label, MISSING, f"尚未交付，{PENDING_NOTE}。")
    return ComplianceItem(label, MISSING, f"应在{show(due)}前交付当事人。")


def _freezing_notice_due(imposed: StepFacts, calendar: Calendar) -> datetime.date | None:
    try:
        return rules.freezing_notice_deadline(imposed.occurred_on, calendar)
    except CalendarNotCovered:
        return None


def _period_item(facts: CaseFacts, imposed: StepFacts, calendar: Calendar) -> ComplianceItem:
    label = f"{_label(imposed)}期限与处理"
    due = measure_due_on(facts, imposed, calendar)
    end = _end_of(facts, imposed)
    if end is not None:
        late = "（期限届满后）" if end.details.get("overdue") else ""
        return ComplianceItem(label, MET, f"已于{show(end.occurred_on)}{end.label}{late}。")
    if due is None:
        return ComplianceItem(label, MET, f"实施中，{PENDING_NOTE}。")
    if timezone.localdate() > due:
        return ComplianceItem(
            label, MISSING, f"期限已于{show(due)}届满而未作出处理决定，应当立即解除。"
        )
    return ComplianceItem(label, MET, f"实施中，期限至{show(due)}。")


def measure_items(facts: CaseFacts, calendar: Calendar) -> list[ComplianceItem]:
    imposed_steps = [row for code in IMPOSING for row in facts.current_steps(code)]
    if not imposed_steps:
        return [ComplianceItem("实施行政强制措施", MISSING, "尚未记录查封、扣押或冻结。")]
    items = []
    for imposed in imposed_steps:
        items.append(_approval_item(facts, imposed))
        items.append(_emergency_approval_item(facts, imposed))
        if imposed.step == "deposits_frozen":
            items.append(_freezing_item(facts, imposed, calendar))
        else:
            items.append(
                ComplianceItem(
                    f"{_label(imposed)}当场交付决定书和清单、听取陈述申辩",
                    MET,
                    f"{imposed.details.get('signature_label', '')}。",
                )
            )
        items.append(_period_item(facts, imposed, calendar))
    return items


def measure_deadlines(facts: CaseFacts, calendar: Calendar) -> list[Deadline]:
    result = []
    for imposed in (row for code in IMPOSING for row in facts.current_steps(code)):
        if _end_of(facts, imposed) is not None:
            continue
        label = _label(imposed)
        if imposed.details.get("emergency") and not _for(facts, "emergency_report", imposed):
            limit = _emergency_deadline(imposed)
            result.append(
                Deadline(
                    f"{label}向负责人报告（行政强制法第十九条）",
                    timezone.localtime(limit).date(),
                    _clock(limit),
                )
            )
        if imposed.step == "deposits_frozen" and not _for(
            facts, "freezing_decision_served", imposed
        ):
            notice_due = _freezing_notice_due(imposed, calendar)
            note = PENDING_NOTE if notice_due is None else ""
            result.append(Deadline(f"{label}交付冻结决定书（第三十一条）", notice_due, note))
        due = measure_due_on(facts, imposed, calendar)
        note = PENDING_NOTE if due is None else "届满未作处理决定的应当解除"
        result.append(Deadline(f"{label}期限届满（第二十五条、第三十二条）", due, note))
    return result


# --- Compulsory enforcement --------------------------------------------------------------------


def _step_item(label: str, step: StepFacts | None, missing: str) -> ComplianceItem:
    if step is None:
        return ComplianceItem(label, MISSING, missing)
    return ComplianceItem(label, MET, f"{show(step.occurred_on)}已记录“{step.label}”。")


def _immediate_items(facts: CaseFacts) -> list[ComplianceItem]:
    notice = facts.latest("immediate_substitute_notice")
    return [
        ComplianceItem("催告", NOT_APPLICABLE, "立即代履行无需事先催告（行政强制法第五十二条）。"),
        _step_item("立即代履行后通知当事人", notice, "当事人不在场的，应在事后立即通知。"),
    ]


def _statement_item(facts: CaseFacts) -> ComplianceItem:
    label = "陈述申辩的记录和复核"
    statements = len(facts.current_steps("demand_statement"))
    reviews = len(facts.current_steps("demand_statement_review"))
    if statements == 0:
        return ComplianceItem(label, NOT_APPLICABLE, "当事人未提出陈述、申辩。")
    if reviews >= statements:
        return ComplianceItem(label, MET, "已复核。")
    return ComplianceItem(label, MISSING, "尚未复核。")


def enforcement_items(facts: CaseFacts, calendar: Calendar) -> list[ComplianceItem]:
    if facts.latest("immediate_substitute") is not None:
        return _immediate_items(facts)

    basis = facts.latest("enforcement_basis")
    demand = facts.latest("demand_served")
    decided = facts.latest("enforcement_decision", "substitute_decision", "court_application")
    items = [
        _step_item("执行依据", basis, "尚未记录被执行的决定。"),
        _step_item("书面催告", demand, "作出强制执行决定或申请法院执行前应当催告。"),
        _statement_item(facts),
        _step_item(
            "强制执行决定、代履行决定或申请法院执行",
            decided,
            "尚未作出决定或申请人民法院强制执行。",
        ),
        _charge_item(facts, basis),
    ]

    if facts.latest("substitute_decision") is not None:
        substitute_demand = facts.latest("substitute_demand")
        missing = "实施代履行三日前应当催告当事人履行。"
        items.append(_step_item("代履行三日前催告", substitute_demand, missing))
    return items


def _charge_item(facts: CaseFacts, basis: StepFacts | None) -> ComplianceItem:
    label = "加处罚款或滞纳金不超过本金"
    charges = facts.current_steps("late_charge")
    if basis is None or not charges:
        return ComplianceItem(label, NOT_APPLICABLE, "未加处罚款或滞纳金。")
    total = sum((Decimal(row.details["amount"]) for row in charges), Decimal("0"))
    # A basis changed by reconsideration or litigation is enforced at the changed amount.
    changed = facts.latest("basis_changed")
    principal = Decimal((changed or basis).details.get("principal", "0"))
    ok = total <= principal
    return ComplianceItem(label, MET if ok else MISSING, f"累计{total}元，本金{principal}元。")


def enforcement_deadlines(facts: CaseFacts, calendar: Calendar) -> list[Deadline]:
    result = []
    demand = facts.latest("demand_served")
    decided = facts.latest("enforcement_decision", "substitute_decision", "court_application")
    if demand is not None and decided is None:
        deadline = datetime.date.fromisoformat(demand.details["performance_deadline"])
        result.append(
            Deadline("催告的履行期限（第三十五条）", deadline, "期限届满后方可作出强制执行决定")
        )
    basis = facts.latest("enforcement_basis")
    if (
        basis is not None
        and basis.details.get("power") == "court"
        and facts.latest("court_application") is None
    ):
        served_on = datetime.date.fromisoformat(basis.details["served_on"])
        first, last = penalty_execution.court_application_window(served_on)
        note = f"最早{show(first)}，且须在催告书送达十个工作日后"
        result.append(Deadline("申请人民法院强制执行（第五十三条、第五十四条）", last, note))
    substitute = facts.latest("substitute_demand")
    if substitute is not None and facts.latest("substitute_performed") is None:
        earliest = datetime.date.fromisoformat(substitute.details["earliest_performance_on"])
        result.append(Deadline("代履行最早实施日期（第五十一条）", earliest, "催告三日后方可实施"))
    return result

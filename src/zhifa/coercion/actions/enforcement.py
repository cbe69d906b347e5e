"""Compulsory enforcement (行政强制执行): the decision enforced, the demand, the decision, charges.

An agency that a law empowers enforces itself after a written demand (催告, Art. 35-37); an
agency without that power applies to the court (Art. 53-55). Additional fines and late fees
never exceed the principal (Art. 45), and they stop while reconsideration or litigation is
pending.
"""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.cases.actions._common import (
    CALENDAR,
    StepInput,
    latest_step,
    lock_case,
    money,
    raise_if_refused,
    require,
    required_date,
    required_text,
    steps_of,
)
from zhifa.cases.actions.execution import remedy_pauses
from zhifa.cases.hooks import require_legal_review
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.cases.rules import execution as penalty_execution
from zhifa.cases.rules.common import show
from zhifa.coercion import rules
from zhifa.coercion.actions import basis_source, basis_standing
from zhifa.coercion.actions._common import (
    append_step,
    iso,
    require_day_not_before,
    require_kind,
    require_not_before,
    require_opened,
    with_code,
)
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.core.workdays import shanghai_date

logger = logging.getLogger(__name__)

OBLIGATIONS = {"money": "金钱给付义务", "act": "作为义务（排除妨碍、恢复原状等）"}
POWERS = {
    "agency": "本机关依法具有行政强制执行权",
    "court": "本机关无行政强制执行权，申请人民法院强制执行",
}
CHARGE_KINDS = {"additional_fine": "加处罚款", "late_fee": "滞纳金"}


# --- The decision enforced ---------------------------------------------------------------------


@dataclass
class BasisInput:
    """The decision enforced: a case of this platform (by its number) or an outside decision."""

    decision_number: str
    decided_on: datetime.date
    served_on: datetime.date
    obligation: str
    power: str
    basis_case_number: str = ""
    issuing_agency: str = ""
    principal: Decimal | str | int | None = None
    power_basis: str = ""
    content: str = ""
    # 决定确定的履行期限: additional fines and late fees count only the days after it.
    performance_deadline: datetime.date | None = None
    # 变更情况: what a reconsideration or lawsuit changed in the decision, if it did.
    change_note: str = ""


def _basis_case(user: User, number: str) -> Case | None:
    if not number.strip():
        return None
    found = restrict(Case.objects.filter(number=number.strip()), user).first()
    if found is None:
        raise ValidationFailed(
            f"未找到案号为“{number.strip()}”的本单位案件；外单位或平台外的决定请不填案号，"
            "填写文号、作出决定的机关和日期。",
            field="basis_case_number",
        )
    return found


def _basis_details(data: BasisInput) -> dict[str, object]:
    """Validate the basis and return the step details, without the case's own values."""
    number = required_text(data.decision_number, "decision_number", "被执行决定书文号", 100)
    decided_on = required_date(data.decided_on, "decided_on", "决定日期")
    served_on = required_date(data.served_on, "served_on", "决定书送达日期")
    if served_on < decided_on:
        raise ValidationFailed("“决定书送达日期”早于决定日期，请核对。", field="served_on")
    if data.obligation not in OBLIGATIONS:
        raise ValidationFailed("请选择“义务种类”。", field="obligation")
    if data.power not in POWERS:
        raise ValidationFailed("请选择“执行方式”：本机关执行或者申请人民法院执行。", field="power")

    principal = money(data.principal, "principal", "金钱给付义务数额")
    if data.obligation == "money" and principal <= 0:
        raise ValidationFailed("金钱给付义务请填写“金钱给付义务数额”。", field="principal")
    power_basis = data.power_basis.strip()
    if data.power == "agency" and not power_basis:
        raise ValidationFailed(
            "行政强制执行由法律设定，请填写授予本机关强制执行权的“法律依据”。", field="power_basis"
        )
    deadline = data.performance_deadline
    if data.obligation == "money" and deadline is None:
        raise ValidationFailed(
            "金钱给付义务请填写决定确定的“履行期限”，加处罚款或者滞纳金从期限届满次日起计算。",
            field="performance_deadline",
        )
    if deadline is not None and deadline < decided_on:
        raise ValidationFailed(
            f"“履行期限”{show(deadline)}早于决定日期{show(decided_on)}，请核对。",
            field="performance_deadline",
        )
    return {
        "decision_number": number,
        "decided_on": decided_on.isoformat(),
        "served_on": served_on.isoformat(),
        "obligation": data.obligation,
        "obligation_label": OBLIGATIONS[data.obligation],
        "principal": str(principal),
        "power": data.power,
        "power_label": POWERS[data.power],
        "power_basis": power_basis,
        "content": data.content.strip(),
        "performance_deadline": iso(deadline),
    }


def record_basis(user: User, case: Case | int, step: StepInput, data: BasisInput) -> CaseStep:
    """Record the decision the case enforces, its service date, the obligation and the power."""
    require(user, Capability.MANAGE_CASES)
    basis_case = _basis_case(user, data.basis_case_number)
    if basis_case is None:
        basis_source.check_outside_decision(user, data.decision_number, data.issuing_agency)
    details = _basis_details(data)
    remedies = basis_standing.correcting_remedies(basis_case.pk if basis_case else None)
    basis_standing.reject_voided(
        remedies, "basis_case_number", "不能作为执行依据，不能申请或者实施强制执行。"
    )
    change_note = data.change_note.strip()[:1000]
    basis_standing.check_change_note(
        remedies, Decimal(str(details["principal"])), data.obligation, change_note
    )

    with transaction.atomic():
        locked = lock_case(user, case)
        require_kind(locked, CaseKind.COMPULSORY_ENFORCEMENT)
        if steps_of(locked, "enforcement_basis"):
            raise ValidationFailed("本案已记录执行依据，如需修改请使用更正功能。", field="step")
        issuing_agency = data.issuing_agency.strip()
        if basis_case is not None:
            decision = basis_source.current_decision(basis_case, locked.pk)
            basis_source.checked_decided_on(decision, data.decided_on)
            issuing_agency = basis_case.agency.name
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "enforcement_basis",
                **details,
                issuing_agency=issuing_agency,
                basis_case_id=basis_case.pk if basis_case else None,
                basis_decision_step_id=decision.pk if basis_case else None,
                basis_case_number=basis_case.number if basis_case else "",
                change_note=change_note,
                changed_by_remedy_ids=[r.pk for r in basis_standing.changes(remedies)],
            ),
            audit_action="enforcement_basis_recorded",
        )
    return row


def basis_of(case: Case) -> CaseStep:
    basis = latest_step(case, "enforcement_basis")
    if basis is None:
        raise InvalidTransition("请先记录“执行依据”：被执行的决定、送达日期和义务。", field="step")
    return basis


def standing_basis(case: Case, label: str) -> CaseStep:
    """Return the basis, rejecting step ``label`` when the decision enforced is out of force."""
    basis = basis_of(case)
    basis_standing.check_basis_stands(case, basis, label)
    return basis


def record_basis_change(
    user: User, case: Case | int, step: StepInput, *, principal: Decimal | str | int, note: str
) -> CaseStep:
    """Record the decision as changed by reconsideration or litigation, with the new amount."""
    require(user, Capability.MANAGE_CASES)
    note = required_text(note, "change_note", "变更情况", 1000)
    with transaction.atomic():
        locked = lock_case(user, case)
        require_kind(locked, CaseKind.COMPULSORY_ENFORCEMENT)
        basis = basis_of(locked)
        remedies = basis_standing.correcting_remedies(basis.details.get("basis_case_id"))
        changed = basis_standing.changes(remedies)
        if not changed:
            raise ValidationFailed(
                "据以执行的决定没有被行政复议或行政诉讼变更的记录；"
                "更正执行依据的其他错误请使用更正功能。",
                field="step",
            )
        pending = basis_standing.unrecorded_changes(locked, basis, changed)
        amount = money(principal, "principal", "变更后的金钱给付义务数额")
        previous = basis_standing.principal_of(locked, basis)
        if basis.details["obligation"] == "money":
            basis_standing.check_changed_amount(amount, previous, pending[-1])
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "basis_changed",
                principal=str(amount),
                previous_principal=str(previous),
                change_note=note,
                changed_by_remedy_ids=[remedy.pk for remedy in changed],
                remedy=basis_standing.describe(pending[-1]),
            ),
            audit_action="enforcement_basis_changed",
        )
    return row


def pauses_of(case: Case, basis: CaseStep) -> list[penalty_execution.Pause]:
    """Return the pending-remedy periods of this case and of the decision it enforces."""
    pauses = remedy_pauses(case)
    basis_case_id = basis.details.get("basis_case_id")
    if basis_case_id:
        pauses += remedy_pauses(Case.objects.get(pk=basis_case_id))
    return pauses


# --- Demand, decision --------------------------------------------------------------------------


@dataclass
class DemandInput:
    """The written demand (催告书, Art. 35)."""

    served_on: datetime.date
    performance_deadline: datetime.date
    manner: str
    rights_told: bool
    amount: Decimal | str | int | None = None


def serve_demand(user: User, case: Case | int, step: StepInput, data: DemandInput) -> CaseStep:
    """Record the demand with its deadline, manner, amount and the right to state and defend."""
    require(user, Capability.MANAGE_CASES)
    served_on = required_date(data.served_on, "served_on", "催告书送达日期")
    if data.performance_deadline is None or data.performance_deadline <= served_on:
        raise ValidationFailed("“履行期限”应晚于催告书送达日期。", field="performance_deadline")
    manner = required_text(data.manner, "manner", "履行方式", 500)
    if not data.rights_told:
        raise ValidationFailed(
            "催告书应载明当事人依法享有的陈述权和申辩权，请确认“已告知陈述申辩权”。",
            field="rights_told",
        )
    with transaction.atomic():
        locked = lock_case(user, case)
        require_kind(locked, CaseKind.COMPULSORY_ENFORCEMENT)
        basis = standing_basis(locked, "催告书送达")
        require_opened(locked, served_on, "催告书送达日期", "served_on")
        require_day_not_before(
            served_on,
            "催告书送达日期",
            datetime.date.fromisoformat(basis.details["served_on"]),
            "被执行决定书送达日期",
            "served_on",
        )
        require_not_before(step.occurred_at, "催告书送达", basis.occurred_at, "执行依据")
        amount = money(data.amount, "amount", "金额")
        if basis.details["obligation"] == "money" and amount <= 0:
            raise ValidationFailed("金钱给付义务的催告书应写明金额。", field="amount")
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "demand_served",
                served_on=served_on.isoformat(),
                performance_deadline=data.performance_deadline.isoformat(),
                manner=manner,
                amount=str(amount),
            ),
            audit_action="enforcement_demand_served",
        )
    return row


def demand_of(case: Case) -> CaseStep:
    demand = latest_step(case, "demand_served")
    if demand is None:
        raise ValidationFailed(
            "作出强制执行决定前应当书面催告当事人，请先记录“催告书送达”。", field="step"
        )
    return demand


def check_statements_reviewed(case: Case) -> None:
    """Refuse a decision while a statement of the party has no review (Art. 36)."""
    statements = len(steps_of(case, "demand_statement"))
    reviews = len(steps_of(case, "demand_statement_review"))
    if statements > reviews:
        raise ValidationFailed(
            "当事人提出了陈述、申辩，请先记录“陈述申辩复核”，再作出决定。", field="step"
        )


@dataclass
class EnforcementDecisionInput:
    """The enforcement decision (强制执行决定书, Art. 37)."""

    decision_number: str
    method: str
    transfer_risk_evidence: str = ""


def decide_enforcement(
    user: User, case: Case | int, step: StepInput, data: EnforcementDecisionInput
) -> CaseStep:
    """Record the enforcement decision of an agency with the power of enforcement.

    The decision comes after the demand's deadline, or earlier on evidence that property is
    being transferred or hidden (Art. 37).
    """
    require(user, Capability.MANAGE_CASES)
    number = required_text(data.decision_number, "decision_number", "强制执行决定书文号", 80)
    method = required_text(data.method, "method", "强制执行方式", 500)
    with transaction.atomic():
        locked = lock_case(user, case)
        require_kind(locked, CaseKind.COMPULSORY_ENFORCEMENT)
        basis = standing_basis(locked, "行政强制执行决定")
        if basis.details["power"] != "agency":
            raise ValidationFailed(
                "本机关无行政强制执行权，应当申请人民法院强制执行。", field="step"
            )
        demand = demand_of(locked)
        check_statements_reviewed(locked)
        require_day_not_before(
            shanghai_date(step.occurred_at),
            "行政强制执行决定日期",
            datetime.date.fromisoformat(demand.details["served_on"]),
            "催告书送达日期",
            "occurred_at",
        )
        outcome = rules.check_enforcement_timing(
            decided_on=shanghai_date(step.occurred_at),
            demand_deadline=datetime.date.fromisoformat(demand.details["performance_deadline"]),
            transfer_risk_evidence=data.transfer_risk_evidence,
        )
        raise_if_refused(outcome, "transfer_risk_evidence")
        require_legal_review(locked, "enforcement_decision")
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "enforcement_decision",
                decision_number=number,
                method=method,
                transfer_risk_evidence=data.transfer_risk_evidence.strip(),
                immediate=bool(data.transfer_risk_evidence.strip()),
            ),
            audit_action="enforcement_decided",
        )
    return row


# --- Additional fines and late fees ------------------------------------------------------------


@dataclass
class ChargeInput:
    """Additional fines or late fees over a period, at the notified daily rate (Art. 45)."""

    kind: str
    daily_rate: Decimal | str
    rate_notified_on: datetime.date | None
    starts_on: datetime.date
    ends_on: datetime.date


def _charged_before(case: Case) -> Decimal:
    return sum(
        (Decimal(row.details["amount"]) for row in steps_of(case, "late_charge")), Decimal("0")
    )


def _reject_overlap(case: Case, starts_on: datetime.date, ends_on: datetime.date) -> None:
    """Reject a period that shares a day with a period already charged."""
    for row in steps_of(case, "late_charge"):
        first = datetime.date.fromisoformat(row.details["starts_on"])
        last = datetime.date.fromisoformat(row.details["ends_on"])
        if starts_on <= last and ends_on >= first:
            raise ValidationFailed(
                f"本次计算期间{show(starts_on)}至{show(ends_on)}与已记录的"
                f"{row.details.get('kind_label', '')}计算期间{show(first)}至{show(last)}重叠，"
                "同一期间不能重复加处；请从已计算期间之后的日期起算。",
                field="starts_on",
            )


def _first_chargeable_day(basis: CaseStep, rate_notified_on: datetime.date) -> datetime.date:
    """Return the first day a charge may count (行政强制法 Art. 45).

    The party is late only after the decision's deadline, and the standard binds the party
    only once it was notified, so the day after the later of the two is the first day counted.
    The day of notice itself is left out, as the start day of any period in days.
    """
    deadline = datetime.date.fromisoformat(basis.details["performance_deadline"])
    return max(deadline, rate_notified_on) + datetime.timedelta(days=1)


def _reject_early_start(
    basis: CaseStep, rate_notified_on: datetime.date, starts_on: datetime.date
) -> None:
    if not basis.details.get("performance_deadline"):
        raise ValidationFailed(
            "执行依据没有记录决定确定的履行期限，无法确定加处罚款或者滞纳金的起算日；"
            "请通过更正功能在执行依据中补充“履行期限”。",
            field="starts_on",
        )
    first = _first_chargeable_day(basis, rate_notified_on)
    if starts_on < first:
        deadline = datetime.date.fromisoformat(basis.details["performance_deadline"])
        raise ValidationFailed(
            f"决定确定的履行期限至{show(deadline)}，加处标准于{show(rate_notified_on)}告知当事人，"
            f"加处罚款或者滞纳金最早从{show(first)}起计算；“计算起始日期”{show(starts_on)}"
            "早于该日，请核对。",
            field="starts_on",
        )


def _daily_rate(value: Decimal | str) -> Decimal:
    try:
        rate = Decimal(str(value))
    except ArithmeticError:
        rate = Decimal("-1")
    if rate <= 0 or rate > 1:
        raise ValidationFailed(
            "“日标准”应为大于0且不超过1的小数，例如加处罚款每日3%填0.03。", field="daily_rate"
        )
    return rate


def record_late_charge(
    user: User, case: Case | int, step: StepInput, data: ChargeInput
) -> CaseStep:
    """Compute and record additional fines or late fees for a period.

    Days of pending reconsideration or litigation are not counted, and the total of all
    charges may not exceed the principal: a charge above it is refused with both figures.
    A period may not start before the day after the decision's deadline and the notice of
    the standard, nor share a day with a period already charged.
    """
    require(user, Capability.MANAGE_CASES)
    if data.kind not in CHARGE_KINDS:
        raise ValidationFailed("请选择“种类”：加处罚款或者滞纳金。", field="kind")
    rate = _daily_rate(data.daily_rate)
    if data.rate_notified_on is None:
        raise ValidationFailed(
            "加处罚款或者滞纳金的标准应当告知当事人，请填写“标准告知日期”。",
            field="rate_notified_on",
        )
    notified_on = required_date(data.rate_notified_on, "rate_notified_on", "标准告知日期")
    starts_on = required_date(data.starts_on, "starts_on", "计算起始日期")
    ends_on = required_date(data.ends_on, "ends_on", "计算截止日期")
    if ends_on < starts_on:
        raise ValidationFailed("“计算截止日期”早于起始日期，请核对。", field="ends_on")
    with transaction.atomic():
        locked = lock_case(user, case)
        require_kind(locked, CaseKind.COMPULSORY_ENFORCEMENT)
        basis = standing_basis(locked, "加处罚款或滞纳金")
        if basis.details["obligation"] != "money":
            raise ValidationFailed("只有金钱给付义务可以加处罚款或者滞纳金。", field="kind")
        _reject_early_start(basis, notified_on, starts_on)
        _reject_overlap(locked, starts_on, ends_on)
        principal = basis_standing.principal_of(locked, basis)
        days = rules.counted_days(starts_on, ends_on, pauses_of(locked, basis))
        if days == 0:
            raise ValidationFailed(
                f"{show(starts_on)}至{show(ends_on)}期间当事人的行政复议或行政诉讼尚未结束，"
                "加处罚款或者滞纳金暂停计算。",
                field="starts_on",
            )
        amount = rules.charge_amount(principal, rate, days)
        charged = _charged_before(locked)
        raise_if_refused(rules.check_charge_cap(principal, charged, amount), "ends_on")
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "late_charge",
                kind=data.kind,
                kind_label=CHARGE_KINDS[data.kind],
                daily_rate=str(rate),
                rate_notified_on=notified_on.isoformat(),
                starts_on=starts_on.isoformat(),
                ends_on=ends_on.isoformat(),
                days=days,
                amount=str(amount),
                principal=str(principal),
                total=str(charged + amount),
            ),
            audit_action="late_charge_recorded",
        )
    return row


# --- Application to the court ------------------------------------------------------------------


def court_window(basis: CaseStep) -> tuple[datetime.date, datetime.date]:
    served_on = datetime.date.fromisoformat(basis.details["served_on"])
    return penalty_execution.court_application_window(served_on)


def apply_to_court(
    user: User, case: Case | int, step: StepInput, *, applied_on: datetime.date, court: str
) -> CaseStep:
    """Record the application to the court (Art. 53-54), refused outside its window.

    The window opens the day after the later of 60 days and 6 months from the decision's
    service, and it closes 3 months after that. The demand must have been served at least 10
    working days before. Pending reconsideration or litigation refuses the application.
    The window comes from the penalty rule ``court_application_window``, which does not move
    the end of the 60-day period off a rest day.
    """
    require(user, Capability.MANAGE_CASES)
    applied_on = required_date(applied_on, "applied_on", "申请日期")
    court = required_text(court, "court", "受理法院", 100)
    with transaction.atomic():
        locked = lock_case(user, case)
        require_kind(locked, CaseKind.COMPULSORY_ENFORCEMENT)
        basis = standing_basis(locked, "申请人民法院强制执行")
        require_opened(locked, applied_on, "申请日期", "applied_on")
        demand = latest_step(locked, "demand_served")
        pauses = pauses_of(locked, basis)
        outcome = penalty_execution.check_court_application(
            served_on=datetime.date.fromisoformat(basis.details["served_on"]),
            applied_on=applied_on,
            demand_served_on=datetime.date.fromisoformat(demand.details["served_on"])
            if demand
            else None,
            performance_end=None,
            remedy_pending=any(pause.ends_on is None for pause in pauses),
            calendar=CALENDAR,
        )
        raise_if_refused(outcome, "applied_on")
        first, last = court_window(basis)
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "court_application",
                applied_on=applied_on.isoformat(),
                court=court,
                window_starts_on=first.isoformat(),
                window_ends_on=last.isoformat(),
                demand_served_on=iso(
                    datetime.date.fromisoformat(demand.details["served_on"]) if demand else None
                ),
            ),
            audit_action="court_enforcement_applied",
        )
    return row

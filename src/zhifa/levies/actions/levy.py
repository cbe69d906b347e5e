"""Steps of a levy (行政征收): assessment, notice of payment, reduction, service, payment, late fee.

A levy is a fee or charge a law imposes. The amount is computed from the legal basis, and
the notice of payment states it with the due date. A late fee accrues only where the law
provides one, and never above the principal (行政强制法 Art. 45).
"""

import datetime
from decimal import Decimal
from typing import Any

from zhifa.accounts.models import User
from zhifa.cases.actions._common import StepInput, money, required_date, required_text, steps_of
from zhifa.cases.actions.execution import remedy_pauses
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.core.errors import ValidationFailed
from zhifa.levies import rules
from zhifa.levies.actions._shared import amount_of, day_of, details_of, positive, record

KIND = CaseKind.LEVY
REDUCTION_KINDS = {"reduce": "减征", "exempt": "免征"}


def _total(case: Case, code: str, key: str) -> Decimal:
    return sum((Decimal(row.details[key]) for row in steps_of(case, code)), Decimal("0"))


def levy_balance(case: Case) -> dict[str, Decimal]:
    """Return the assessed amount, reductions, accrued late fee, payments and what is owed."""
    assessed = amount_of(details_of(case, "levy_assessment"), "amount") or Decimal("0")
    reduced = _total(case, "levy_reduction", "amount")
    fee = amount_of(details_of(case, "levy_late_fee"), "late_fee") or Decimal("0")
    paid = _total(case, "levy_payment", "amount")
    return {
        "assessed": assessed,
        "reduced": reduced,
        "late_fee": fee,
        "paid": paid,
        "owed": assessed - reduced + fee - paid,
    }


def assess_levy(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    legal_basis: str,
    base_description: str,
    base: Decimal | None,
    rate: Decimal | None,
    fixed_amount: Decimal | None,
    late_fee_basis: str,
    late_fee_daily_rate: Decimal | None,
) -> CaseStep:
    """Record the computed amount: the base times the rate or unit price, or the fixed amount."""
    basis = required_text(legal_basis, "legal_basis", "征收依据", 1000)
    description = required_text(base_description, "base_description", "计征依据", 1000)
    if (rate is None) == (fixed_amount is None):
        raise ValidationFailed("请填写“征收标准（费率或单价）”或“定额”中的一项。", field="rate")
    base_value = money(base, "base", "计征基数") if rate is not None else Decimal("0")
    if rate is not None and rate <= 0:
        raise ValidationFailed(
            "“征收标准”应为大于零的费率或单价，例如 3% 填 0.03，每平方米600元填 600。",
            field="rate",
        )
    fixed = positive(fixed_amount, "fixed_amount", "定额") if fixed_amount is not None else None

    fee_basis = (late_fee_basis or "").strip()
    if bool(fee_basis) != (late_fee_daily_rate is not None):
        raise ValidationFailed(
            "滞纳金须有法律依据：请同时填写“滞纳金依据”和“滞纳金日费率”，法律未规定的两项均不填。",
            field="late_fee_daily_rate",
        )
    if late_fee_daily_rate is not None and not Decimal("0") < late_fee_daily_rate < Decimal("0.01"):
        raise ValidationFailed(
            "“滞纳金日费率”应为小于0.01的正数，例如万分之五填 0.0005。", field="late_fee_daily_rate"
        )

    amount = rules.levy_amount(base_value, rate, fixed)
    if amount <= 0:
        raise ValidationFailed("核定的征收数额为零，请核对计征基数和费率。", field="base")
    details = {
        "legal_basis": basis,
        "base_description": description,
        "base": str(base_value),
        "rate": str(rate) if rate is not None else "",
        "fixed_amount": str(fixed) if fixed is not None else "",
        "amount": str(amount),
        "late_fee_basis": fee_basis,
        "late_fee_daily_rate": str(late_fee_daily_rate) if late_fee_daily_rate is not None else "",
    }
    return record(user, case, step, code="levy_assessment", kind=KIND, prepare=lambda _: details)


def issue_levy_notice(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    issued_on: datetime.date,
    due_on: datetime.date,
    payment_method: str,
    remedy_channels: str,
) -> CaseStep:
    """Issue the notice of payment (征收缴款通知书) for the assessed amount less reductions."""
    issued = required_date(issued_on, "issued_on", "通知日期")
    if due_on is None or due_on <= issued:
        raise ValidationFailed("请填写晚于通知日期的“缴款期限”。", field="due_on")
    method = required_text(payment_method, "payment_method", "缴款方式", 500)
    channels = required_text(remedy_channels, "remedy_channels", "救济途径", 1000)

    def prepare(locked: Case) -> dict[str, Any]:
        balance = levy_balance(locked)
        if balance["assessed"] <= 0:
            raise ValidationFailed("请先记录“核定征收数额”。", field="step")
        return {
            "issued_on": issued.isoformat(),
            "due_on": due_on.isoformat(),
            "amount": str(balance["assessed"] - balance["reduced"]),
            "payment_method": method,
            "remedy_channels": channels,
        }

    return record(user, case, step, code="levy_notice", kind=KIND, prepare=prepare)


def decide_reduction(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    decided_on: datetime.date,
    reduction_kind: str,
    amount: Decimal | None,
    legal_basis: str,
    reason: str,
) -> CaseStep:
    """Decide a reduction (减征) or an exemption (免征, the whole remaining amount)."""
    decided = required_date(decided_on, "decided_on", "决定日期")
    if reduction_kind not in REDUCTION_KINDS:
        raise ValidationFailed("请选择“减征”或“免征”。", field="reduction_kind")
    basis = required_text(legal_basis, "legal_basis", "减免依据", 1000)
    reason_text = required_text(reason, "reason", "减免理由", 2000)

    def prepare(locked: Case) -> dict[str, Any]:
        balance = levy_balance(locked)
        remaining = balance["assessed"] - balance["reduced"]
        value = remaining if reduction_kind == "exempt" else money(amount, "amount", "减征金额")
        outcome = rules.check_reduction(balance["assessed"], balance["reduced"], value)
        if not outcome.allowed:
            raise ValidationFailed(outcome.reason, field="amount")
        return {
            "decided_on": decided.isoformat(),
            "reduction_kind": reduction_kind,
            "reduction_kind_label": REDUCTION_KINDS[reduction_kind],
            "amount": str(value),
            "legal_basis": basis,
            "reason": reason_text,
        }

    return record(user, case, step, code="levy_reduction", kind=KIND, prepare=prepare)


def serve_levy_notice(
    user: User, case: Case | int, step: StepInput, *, served_on: datetime.date, method: str
) -> CaseStep:
    """Record the service of the notice of payment."""
    served = required_date(served_on, "served_on", "送达日期")
    service_method = required_text(method, "method", "送达方式", 100)

    def prepare(locked: Case) -> dict[str, Any]:
        issued = day_of(details_of(locked, "levy_notice"), "issued_on")
        if issued is not None and served < issued:
            raise ValidationFailed("送达日期不能早于缴款通知日期。", field="served_on")
        return {"served_on": served.isoformat(), "method": service_method}

    return record(user, case, step, code="levy_service", kind=KIND, prepare=prepare)


def record_levy_payment(
    user: User, case: Case | int, step: StepInput, *, paid_on: datetime.date, amount: Decimal
) -> CaseStep:
    """Record a payment; more than is owed is refused."""
    paid = required_date(paid_on, "paid_on", "缴纳日期")
    value = positive(amount, "amount", "缴纳金额")

    def prepare(locked: Case) -> dict[str, Any]:
        owed = levy_balance(locked)["owed"]
        if value > owed:
            raise ValidationFailed(f"缴纳金额{value}元超过尚欠金额{owed}元。", field="amount")
        return {"paid_on": paid.isoformat(), "amount": str(value), "owed_after": str(owed - value)}

    return record(user, case, step, code="levy_payment", kind=KIND, prepare=prepare)


def charge_late_fee(
    user: User, case: Case | int, step: StepInput, *, as_of: datetime.date
) -> CaseStep:
    """Compute the late fee accrued up to ``as_of``, where the law provides one (Art. 45 cap).

    Days of pending reconsideration or litigation, read from the remedy steps, are not counted.
    Each computation replaces the previous one in the balance, so ``as_of`` must be later than
    the last recorded one.
    """
    day = required_date(as_of, "as_of", "计算截止日期")

    def prepare(locked: Case) -> dict[str, Any]:
        assessment = details_of(locked, "levy_assessment") or {}
        if not assessment.get("late_fee_basis"):
            raise ValidationFailed("征收依据未规定滞纳金，不能加收滞纳金。", field="step")
        last = day_of(details_of(locked, "levy_late_fee"), "as_of")
        if last is not None and day <= last:
            raise ValidationFailed(
                f"计算截止日期{day.isoformat()}不晚于上次计算的截止日期{last.isoformat()}；"
                "滞纳金只能向后续算，请填写更晚的日期。",
                field="as_of",
            )
        notice = details_of(locked, "levy_notice")
        due_on = day_of(notice, "due_on")
        if due_on is None or day <= due_on:
            raise ValidationFailed("缴款期限届满后方可计算滞纳金。", field="as_of")

        balance = levy_balance(locked)
        paid_in_time = sum(
            (
                Decimal(row.details["amount"])
                for row in steps_of(locked, "levy_payment")
                if datetime.date.fromisoformat(row.details["paid_on"]) <= due_on
            ),
            Decimal("0"),
        )
        principal = balance["assessed"] - balance["reduced"] - paid_in_time
        if principal <= 0:
            raise ValidationFailed("缴款期限内已足额缴纳，不产生滞纳金。", field="as_of")

        pauses = remedy_pauses(locked)
        days = rules.late_fee_days(due_on, day, pauses)
        if days == 0:
            raise ValidationFailed(
                f"缴款期限{due_on.isoformat()}届满后至{day.isoformat()}均在当事人行政复议或"
                "行政诉讼期间，这些日期不计收滞纳金；请在复议或诉讼结束后再计算。",
                field="as_of",
            )
        rate = Decimal(assessment["late_fee_daily_rate"])
        fee = rules.late_fee(principal, rate, due_on, day, pauses)
        details: dict[str, Any] = {
            "as_of": day.isoformat(),
            "principal": str(principal),
            "daily_rate": str(rate),
            "days": days,
            "late_fee": str(fee),
            "capped": fee == principal,
            "late_fee_basis": assessment["late_fee_basis"],
        }
        paused_days = (day - due_on).days - days
        if paused_days:
            details["paused_days"] = paused_days
        return details

    return record(user, case, step, code="levy_late_fee", kind=KIND, prepare=prepare)

"""Service and execution: serving the decision, payment, deferral, additional fines, enforcement."""

import dataclasses
import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.actions._common import (
    CALENDAR,
    StepInput,
    append_step,
    latest_step,
    lock_case,
    money,
    raise_if_refused,
    require,
    required_date,
    required_text,
    steps_of,
)
from zhifa.cases.actions.decision import penalty_from_details
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.cases.rules import execution as rules
from zhifa.cases.rules import penalty as penalty_rules
from zhifa.cases.rules.service import ServiceMethod, check_service, deemed_served_on
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.core.workdays import shanghai_date

logger = logging.getLogger(__name__)


def _with_code(step: StepInput, code: str, **details: Any) -> StepInput:
    return dataclasses.replace(step, step=code, details={**step.details, **details})


def _decision(case: Case) -> CaseStep:
    code = "on_the_spot_decision" if case.kind == CaseKind.PENALTY_SUMMARY else "penalty_decision"
    decision = latest_step(case, code)
    if decision is None:
        raise InvalidTransition("本案尚未作出处罚决定。", field="step")
    return decision


def _served(case: Case) -> CaseStep:
    code = "on_the_spot_service" if case.kind == CaseKind.PENALTY_SUMMARY else "document_service"
    served = latest_step(case, code)
    if served is None:
        raise InvalidTransition("处罚决定书尚未送达。", field="step")
    return served


def _fine(case: Case) -> Decimal:
    return penalty_from_details(_decision(case).details).fine


# --- Service -----------------------------------------------------------------------------------


def record_electronic_consent(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    party_id: int,
    signed_on: datetime.date,
    address: str,
) -> CaseStep:
    """Record the party's signed consent to electronic service (确认书, 行政处罚法 Art. 61)."""
    require(user, Capability.MANAGE_CASES)
    signed_on = required_date(signed_on, "signed_on", "签署日期")
    address = required_text(address, "address", "电子送达地址", 200)
    with transaction.atomic():
        locked = lock_case(user, case)
        if not locked.parties.filter(pk=party_id).exists():
            raise ValidationFailed("请选择本案当事人。", field="party_id")
        row = append_step(
            user,
            locked,
            _with_code(
                step,
                "electronic_service_consent",
                party_id=party_id,
                signed_on=signed_on.isoformat(),
                address=address,
            ),
        )
    return row


@dataclass
class ServiceInput:
    """One service of the decision.

    ``served_on`` is the signing date, the post's dispatch date, the arrival date of an
    electronic message or the publication date of an announcement.
    """

    method: str
    served_on: datetime.date
    party_id: int
    recipient: str = ""
    on_the_spot: bool = False
    witnesses_or_recording: str = ""
    announcement_reason: str = ""
    document: str = "行政处罚决定书"


def serve_document(user: User, case: Case | int, step: StepInput, data: ServiceInput) -> CaseStep:
    """Record the service of the decision (送达, 行政处罚法 Art. 61; 民事诉讼法 Art. 87-95).

    A decision not handed over on the spot must be served within 7 working days. Electronic
    service needs the party's signed consent, service by leaving needs a witness or a
    recording, and an announcement needs its reason. An announcement counts as served 30
    days after publication.
    """
    require(user, Capability.MANAGE_CASES)
    served_on = required_date(data.served_on, "served_on", "送达日期")
    with transaction.atomic():
        locked = lock_case(user, case)
        if not locked.parties.filter(pk=data.party_id).exists():
            raise ValidationFailed("请选择本案当事人作为受送达人。", field="party_id")
        decision = _decision(locked)
        decided_on = datetime.date.fromisoformat(decision.details["decided_on"])
        consents = [
            row
            for row in steps_of(locked, "electronic_service_consent")
            if row.details.get("party_id") == data.party_id
        ]
        outcome = check_service(
            method=data.method,
            decided_on=decided_on,
            served_on=served_on,
            on_the_spot=data.on_the_spot,
            consent_signed=bool(consents),
            witnesses_or_recording=data.witnesses_or_recording,
            announcement_reason=data.announcement_reason,
            calendar=CALENDAR,
        )
        raise_if_refused(outcome, "method")
        summary_case = locked.kind == CaseKind.PENALTY_SUMMARY
        if summary_case and not data.on_the_spot:
            raise ValidationFailed("简易程序的处罚决定书应当场交付当事人。", field="on_the_spot")
        code = "on_the_spot_service" if summary_case else "document_service"
        row = append_step(
            user,
            locked,
            _with_code(
                step,
                code,
                document=data.document,
                method=data.method,
                method_label=ServiceMethod(data.method).label,
                party_id=data.party_id,
                recipient=data.recipient.strip(),
                on_the_spot=data.on_the_spot,
                served_on=served_on.isoformat(),
                deemed_served_on=deemed_served_on(data.method, served_on).isoformat(),
                witnesses_or_recording=data.witnesses_or_recording.strip(),
                announcement_reason=data.announcement_reason.strip(),
            ),
            audit_action="document_served",
        )
    return row


# --- Payment and deferral ----------------------------------------------------------------------


def payment_due(case: Case) -> datetime.date:
    """Return the day the fine is due: 15 days after service, or the end of an approved deferral."""
    deferral = latest_step(case, "deferral")
    if deferral is not None:
        return datetime.date.fromisoformat(deferral.details["last_due_on"])
    served = datetime.date.fromisoformat(_served(case).details["deemed_served_on"])
    return rules.payment_deadline(served, CALENDAR)


@dataclass
class PaymentInput:
    """A payment of the fine; ``channel`` is bank, electronic or on_the_spot (当场收缴)."""

    amount: Decimal | str | int
    paid_on: datetime.date
    channel: str
    receipt_number: str
    hard_to_collect_reason: str = ""


PAYMENT_CHANNELS = {"bank": "指定银行缴纳", "electronic": "电子支付", "on_the_spot": "当场收缴"}


def record_payment(user: User, case: Case | int, step: StepInput, data: PaymentInput) -> CaseStep:
    """Record a payment of the fine (行政处罚法 Art. 67-68).

    On-the-spot collection is only for summary cases and fines up to 100 yuan, or where the
    fine would be hard to collect later (the reason is required).
    """
    require(user, Capability.MANAGE_CASES)
    amount = money(data.amount, "amount", "缴纳金额")
    if amount <= 0:
        raise ValidationFailed("请填写“缴纳金额”。", field="amount")
    paid_on = required_date(data.paid_on, "paid_on", "缴纳日期")
    if data.channel not in PAYMENT_CHANNELS:
        raise ValidationFailed("请选择“缴纳方式”。", field="channel")
    receipt = required_text(data.receipt_number, "receipt_number", "票据或交易编号", 60)
    with transaction.atomic():
        locked = lock_case(user, case)
        fine = _fine(locked)
        code = "fine_payment"
        if data.channel == "on_the_spot":
            if locked.kind != CaseKind.PENALTY_SUMMARY:
                raise ValidationFailed("只有简易程序可以当场收缴罚款。", field="channel")
            outcome = penalty_rules.check_on_the_spot_collection(
                fine, hard_to_collect_reason=data.hard_to_collect_reason
            )
            raise_if_refused(outcome, "channel")
            code = "on_the_spot_collection"
        row = append_step(
            user,
            locked,
            _with_code(
                step,
                code,
                amount=str(amount),
                paid_on=paid_on.isoformat(),
                channel=data.channel,
                receipt_number=receipt,
                hard_to_collect_reason=data.hard_to_collect_reason.strip(),
            ),
            audit_action="payment_recorded",
        )
    return row


@dataclass
class DeferralInput:
    """The party's application to defer or pay in instalments, as approved."""

    applied_on: datetime.date
    deferred_until: datetime.date | None = None
    instalments: list[rules.Instalment] = field(default_factory=list)


def grant_deferral(user: User, case: Case | int, step: StepInput, data: DeferralInput) -> CaseStep:
    """Approve deferral or instalments of a fine (行政处罚法 Art. 66); the user approves."""
    require(user, Capability.APPROVE_CASE_STEPS)
    applied_on = required_date(data.applied_on, "applied_on", "申请日期")
    with transaction.atomic():
        locked = lock_case(user, case)
        fine = _fine(locked)
        original_due = payment_due(locked)
        outcome = rules.check_deferral(
            fine=fine,
            applied_on=applied_on,
            approver=user.full_name or user.username,
            deferred_until=data.deferred_until,
            instalments=data.instalments,
            original_due=original_due,
        )
        raise_if_refused(outcome, "deferred_until")
        last_due = rules.last_due_date(data.deferred_until, data.instalments)
        if last_due is None:  # check_deferral already requires a date or a plan
            raise ValidationFailed("请填写“暂缓缴纳至”日期或分期缴纳计划。", field="deferred_until")
        row = append_step(
            user,
            locked,
            _with_code(
                step,
                "deferral",
                applied_on=applied_on.isoformat(),
                deferred_until=data.deferred_until.isoformat() if data.deferred_until else "",
                instalments=[
                    {"due_on": i.due_on.isoformat(), "amount": str(i.amount)}
                    for i in data.instalments
                ],
                last_due_on=last_due.isoformat(),
            ),
            audit_action="deferral_granted",
        )
    return row


def remedy_pauses(case: Case) -> list[rules.Pause]:
    """Return the periods of pending reconsideration or litigation, from the remedy steps."""
    starts = [shanghai_date(row.occurred_at) for row in steps_of(case, "remedy_filed")]
    ends = [shanghai_date(row.occurred_at) for row in steps_of(case, "remedy_concluded")]
    return [
        rules.Pause(start, ends[index] if index < len(ends) else None)
        for index, start in enumerate(starts)
    ]


def record_additional_fine(
    user: User, case: Case | int, step: StepInput, *, as_of: datetime.date
) -> CaseStep:
    """Compute and record the additional fine up to ``as_of`` (行政处罚法 Art. 72, 73).

    3% of the fine per day after the due date, not counting days of pending reconsideration
    or litigation, capped at the fine. Refused when nothing has accrued.
    """
    require(user, Capability.MANAGE_CASES)
    as_of = required_date(as_of, "as_of", "计算截止日期")
    with transaction.atomic():
        locked = lock_case(user, case)
        fine = _fine(locked)
        due_on = payment_due(locked)
        amount, days = rules.additional_fine(
            fine=fine, due_on=due_on, paid_or_as_of=as_of, pauses=remedy_pauses(locked)
        )
        if days == 0:
            raise ValidationFailed(
                f"罚款缴纳期限至{due_on.isoformat()}，截至{as_of.isoformat()}未产生加处罚款。",
                field="as_of",
            )
        row = append_step(
            user,
            locked,
            _with_code(
                step,
                "additional_fine",
                fine=str(fine),
                due_on=due_on.isoformat(),
                as_of=as_of.isoformat(),
                days=days,
                amount=str(amount),
            ),
            audit_action="additional_fine_recorded",
        )
    return row


# --- Enforcement -------------------------------------------------------------------------------


def serve_enforcement_demand(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    served_on: datetime.date,
    amount_due: Decimal | str,
) -> CaseStep:
    """Record the written demand (催告书) served before enforcement (行政强制法 Art. 35, 54)."""
    require(user, Capability.MANAGE_CASES)
    served_on = required_date(served_on, "served_on", "送达日期")
    amount = money(amount_due, "amount_due", "应缴金额")
    with transaction.atomic():
        locked = lock_case(user, case)
        _served(locked)
        row = append_step(
            user,
            locked,
            _with_code(
                step, "enforcement_demand", served_on=served_on.isoformat(), amount_due=str(amount)
            ),
            audit_action="enforcement_demand_served",
        )
    return row


def apply_court_enforcement(
    user: User, case: Case | int, step: StepInput, *, applied_on: datetime.date, court: str
) -> CaseStep:
    """Record the application to the court for enforcement (行政强制法 Art. 53-55).

    Rejected while reconsideration or litigation is pending. The application must fall after
    the remedy periods (60 days and 6 months after service, or the end of an approved
    deferral) and within 3 months of their end, and at least 10 working days after the
    demand was served.
    """
    require(user, Capability.MANAGE_CASES)
    applied_on = required_date(applied_on, "applied_on", "申请日期")
    court = required_text(court, "court", "受理法院", 100)
    with transaction.atomic():
        locked = lock_case(user, case)
        served_on = datetime.date.fromisoformat(_served(locked).details["deemed_served_on"])
        demand = latest_step(locked, "enforcement_demand")
        deferral = latest_step(locked, "deferral")
        pauses = remedy_pauses(locked)
        outcome = rules.check_court_application(
            served_on=served_on,
            applied_on=applied_on,
            demand_served_on=datetime.date.fromisoformat(demand.details["served_on"])
            if demand
            else None,
            performance_end=datetime.date.fromisoformat(deferral.details["last_due_on"])
            if deferral
            else None,
            remedy_pending=any(pause.ends_on is None for pause in pauses),
            calendar=CALENDAR,
        )
        raise_if_refused(outcome, "applied_on")
        row = append_step(
            user,
            locked,
            _with_code(step, "court_enforcement", applied_on=applied_on.isoformat(), court=court),
            audit_action="court_enforcement_applied",
        )
    return row

"""Imposing coercive measures (查封、扣押、冻结): approval, the on-site procedure and freezing.

行政强制法 Art. 18 sets the procedure of every measure. The agency head approves it first,
two officers carry it out, and the party is informed of the grounds, basis and remedies and
heard. The party signs the record (a refusal is noted), or a witness signs when the party
is absent. Art. 19 allows
an emergency measure on the spot, reported to the head within 24 hours and lifted at once if
the head does not approve it.
"""

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.actions._common import (
    CALENDAR,
    StepInput,
    lock_case,
    money,
    raise_if_refused,
    require,
    required_text,
    steps_of,
)
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.coercion import rules
from zhifa.coercion.actions._common import (
    append_step,
    measure_of,
    measure_ref,
    require_kind,
    require_not_before,
    with_code,
)
from zhifa.coercion.actions.ending import release_not_approved
from zhifa.coercion.models import CoerciveMeasure, MeasureItem, MeasureKind
from zhifa.core.errors import ValidationFailed
from zhifa.core.workdays import CalendarNotCovered, shanghai_date

logger = logging.getLogger(__name__)

# Signatures of the on-site record (现场笔录), by code (Art. 18 items 7 and 8).
SIGNATURES = {
    "party_signed": "当事人签名",
    "party_refused": "当事人拒绝签名，已在笔录中注明",
    "witness_signed": "当事人不在场，见证人签名",
}


@dataclass
class ItemInput:
    """One inventory line: name, quantity, specification and condition."""

    name: str
    quantity: str
    specification: str = ""
    condition: str = ""


@dataclass
class MeasureInput:
    """A sealing or seizure as imposed on site."""

    kind: str
    decision_number: str
    reason: str
    legal_basis: str
    items: list[ItemInput]
    decision_handed_over: bool
    statement_heard: bool
    signature: str
    party_statement: str = ""
    witness: str = ""
    emergency_reason: str = ""


APPROVAL_LABEL = "行政机关负责人批准实施强制措施"


def _require_approval(
    case: Case, occurred_at: datetime.datetime, label: str, missing: str, field: str
) -> None:
    """Require a head approval recorded before ``occurred_at`` and not used by another measure.

    Approvals are used in the order they were recorded, one per measure imposed with approval.
    """
    approvals = steps_of(case, "measure_approval")
    used = CoerciveMeasure.objects.filter(case=case, emergency=False).count()
    if used >= len(approvals):
        raise ValidationFailed(missing, field=field)
    require_not_before(occurred_at, label, approvals[used].occurred_at, APPROVAL_LABEL)


def _due_dates(imposed_on: datetime.date) -> tuple[datetime.date | None, dict[str, object]]:
    """Return the measure's last day and its step details, or None while it waits.

    A step records the last day as known when it is recorded. While the calendar lacks the
    year, the step stores an empty day and the flag ``due_on_pending``, not a note that would
    still read as current after the import. Pages show the current day from the measure.
    """
    try:
        due_on = rules.measure_deadline(imposed_on, CALENDAR)
    except CalendarNotCovered:
        return None, {"due_on": "", "due_on_pending": True}
    return due_on, {"due_on": due_on.isoformat(), "due_on_pending": False}


def _check_items(items: list[ItemInput]) -> list[dict[str, str]]:
    rows = []
    for position, item in enumerate(items, start=1):
        if not item.name.strip() and not item.quantity.strip():
            continue
        name = required_text(item.name, "items", f"第{position}项物品的名称", 100)
        quantity = required_text(item.quantity, "items", f"第{position}项物品的数量", 40)
        rows.append(
            {
                "name": name,
                "quantity": quantity,
                "specification": item.specification.strip()[:100],
                "condition": item.condition.strip()[:100],
            }
        )
    if not rows:
        raise ValidationFailed(
            "请填写清单中的场所、设施或者财物：名称、数量、规格和状况。", field="items"
        )
    return rows


def _check_on_site_procedure(data: MeasureInput) -> None:
    if not data.decision_handed_over:
        raise ValidationFailed(
            "查封、扣押决定书和清单应当场交付当事人，请确认“当场交付决定书和清单”。",
            field="decision_handed_over",
        )
    if not data.statement_heard:
        raise ValidationFailed(
            "实施强制措施应听取当事人的陈述和申辩，请确认“已听取陈述申辩”。",
            field="statement_heard",
        )
    if data.signature not in SIGNATURES:
        raise ValidationFailed("请选择“现场笔录签名情况”。", field="signature")
    if data.signature == "witness_signed" and not data.witness.strip():
        raise ValidationFailed(
            "当事人不在场的，请填写在现场笔录上签名的“见证人”。", field="witness"
        )


def impose_measure(user: User, case: Case | int, step: StepInput, data: MeasureInput) -> CaseStep:
    """Record a sealing or seizure on site and register the measure with its inventory.

    Without an emergency the measure needs an unused head approval (``measure_approval``).
    An emergency measure needs the reason, and then the report and the approval afterwards.
    The measure lasts 30 days from the day it is imposed (Art. 25).
    """
    require(user, Capability.MANAGE_CASES)
    if data.kind not in (MeasureKind.SEALING, MeasureKind.SEIZURE):
        raise ValidationFailed("请选择“措施种类”：查封或者扣押。", field="kind")
    decision_number = required_text(data.decision_number, "decision_number", "决定书文号", 80)
    reason = required_text(data.reason, "reason", "查封、扣押的理由", 2000)
    basis = required_text(data.legal_basis, "legal_basis", "查封、扣押的依据", 2000)
    items = _check_items(data.items)
    _check_on_site_procedure(data)
    emergency = bool(data.emergency_reason.strip())

    with transaction.atomic():
        locked = lock_case(user, case)
        require_kind(locked, CaseKind.COERCIVE_MEASURE)
        if not emergency:
            _require_approval(
                locked,
                step.occurred_at,
                f"实施{MeasureKind(data.kind).label}",
                "实施查封、扣押前须报行政机关负责人批准，请先记录“行政机关负责人批准实施强制措施”；"
                "情况紧急需要当场实施的，请填写“紧急情况说明”。",
                "emergency_reason",
            )
        due_on, due_details = _due_dates(shanghai_date(step.occurred_at))
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "measure_imposed",
                kind=data.kind,
                kind_label=MeasureKind(data.kind).label,
                decision_number=decision_number,
                reason=reason,
                legal_basis=basis,
                items=items,
                decision_handed_over=True,
                statement_heard=True,
                party_statement=data.party_statement.strip(),
                signature=data.signature,
                signature_label=SIGNATURES[data.signature],
                witness=data.witness.strip(),
                emergency=emergency,
                emergency_reason=data.emergency_reason.strip(),
                imposed_at=step.occurred_at.isoformat(),
                **due_details,
            ),
            audit_action="coercive_measure_imposed",
        )
        measure = CoerciveMeasure.objects.create(
            case=locked,
            imposed_step=row,
            kind=data.kind,
            imposed_at=step.occurred_at,
            place=row.place,
            emergency=emergency,
            decision_number=decision_number,
            due_on=due_on,
        )
        MeasureItem.objects.bulk_create(
            [MeasureItem(measure=measure, position=n, **item) for n, item in enumerate(items, 1)]
        )
    logger.info("case %s measure %s imposed in step %s", locked.pk, measure.pk, row.pk)
    return row


@dataclass
class FreezingInput:
    """A freezing of deposits or remittances at a bank (Art. 29-31)."""

    decision_number: str
    legal_basis: str
    bank: str
    account: str
    amount: Decimal | str | int
    reason: str = ""


def freeze_deposits(user: User, case: Case | int, step: StepInput, data: FreezingInput) -> CaseStep:
    """Record a freezing of deposits, after the head's approval, by two officers (Art. 30).

    Only an agency that a law authorises may freeze (Art. 29), so the law is required in
    ``legal_basis``. The freezing decision must then reach the party within 3 working days.
    NOTE: the platform has no list of the agencies a law authorises, so the agency itself is
    not checked.
    """
    require(user, Capability.MANAGE_CASES)
    decision_number = required_text(data.decision_number, "decision_number", "冻结决定书文号", 80)
    basis = required_text(data.legal_basis, "legal_basis", "授权冻结的法律依据", 2000)
    bank = required_text(data.bank, "bank", "金融机构", 100)
    account = required_text(data.account, "account", "账号", 60)
    amount = money(data.amount, "amount", "冻结金额")
    if amount <= 0:
        raise ValidationFailed("请填写“冻结金额”。", field="amount")
    if len(set(step.officer_ids)) < 2:
        raise ValidationFailed(
            "冻结存款、汇款应由两名以上执法人员实施，请选择执法人员。", field="officer_ids"
        )
    with transaction.atomic():
        locked = lock_case(user, case)
        require_kind(locked, CaseKind.COERCIVE_MEASURE)
        _require_approval(
            locked,
            step.occurred_at,
            "实施冻结",
            "冻结前须报行政机关负责人批准，请先记录“行政机关负责人批准实施强制措施”。",
            "step",
        )
        frozen_on = shanghai_date(step.occurred_at)
        due_on, due_details = _due_dates(frozen_on)
        try:
            notice_due = rules.freezing_notice_deadline(frozen_on, CALENDAR).isoformat()
        except CalendarNotCovered:
            notice_due = ""
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "deposits_frozen",
                kind=MeasureKind.FREEZING,
                kind_label=MeasureKind.FREEZING.label,
                decision_number=decision_number,
                legal_basis=basis,
                reason=data.reason.strip(),
                bank=bank,
                account=account,
                amount=str(amount),
                **due_details,
                notice_due_on=notice_due,
                notice_due_on_pending=not notice_due,
            ),
            audit_action="deposits_frozen",
        )
        CoerciveMeasure.objects.create(
            case=locked,
            imposed_step=row,
            kind=MeasureKind.FREEZING,
            imposed_at=step.occurred_at,
            place=row.place or bank,
            decision_number=decision_number,
            bank=bank,
            account=account,
            frozen_amount=amount,
            due_on=due_on,
        )
    return row


def serve_freezing_decision(
    user: User, case: Case | int, step: StepInput, *, measure_id: int, served_on: datetime.date
) -> CaseStep:
    """Record the delivery of the freezing decision to the party (Art. 31: within 3 days)."""
    require(user, Capability.MANAGE_CASES)
    with transaction.atomic():
        locked = lock_case(user, case)
        measure = measure_of(
            locked, measure_id, occurred_at=step.occurred_at, label="冻结决定书交付"
        )
        if measure.kind != MeasureKind.FREEZING:
            raise ValidationFailed("请选择本案的冻结措施。", field="measure_id")
        frozen_on = shanghai_date(measure.imposed_at)
        raise_if_refused(rules.check_freezing_notice(frozen_on, served_on, CALENDAR), "served_on")
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "freezing_decision_served",
                **measure_ref(measure),
                served_on=served_on.isoformat(),
            ),
            audit_action="freezing_decision_served",
        )
    return row


def report_emergency(
    user: User, case: Case | int, step: StepInput, *, measure_id: int, reported_to: str
) -> CaseStep:
    """Record the report of an emergency measure to the head; the step's time is the report's.

    A report later than 24 hours after the measure is refused as late (Art. 19); the
    compliance panel then shows the missing report.
    """
    require(user, Capability.MANAGE_CASES)
    reported_to = required_text(reported_to, "reported_to", "报告对象（负责人）", 60)
    with transaction.atomic():
        locked = lock_case(user, case)
        measure = measure_of(locked, measure_id)
        if not measure.emergency:
            raise ValidationFailed("该措施经事先批准实施，无需补报。", field="measure_id")
        outcome = rules.check_emergency_report(measure.imposed_at, step.occurred_at)
        raise_if_refused(outcome, "occurred_at")
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "emergency_report",
                **measure_ref(measure),
                reported_to=reported_to,
                reported_at=step.occurred_at.isoformat(),
            ),
            audit_action="emergency_measure_reported",
        )
    return row


def decide_emergency(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    measure_id: int,
    approved: bool,
    opinion: str,
) -> CaseStep:
    """Record the head's approval afterwards; without it the measure is lifted at once.

    The acting user is the head (approval capability). A refusal also records the release
    of the measure in the same transaction, so the items are returned at once (Art. 19).
    """
    require(user, Capability.APPROVE_CASE_STEPS)
    opinion = required_text(opinion, "opinion", "负责人意见", 1000)
    with transaction.atomic():
        locked = lock_case(user, case)
        measure = measure_of(
            locked, measure_id, active=True, occurred_at=step.occurred_at, label="负责人补办批准"
        )
        if not measure.emergency:
            raise ValidationFailed("该措施经事先批准实施，无需补办批准。", field="measure_id")
        reports = [
            row
            for row in steps_of(locked, "emergency_report")
            if row.details.get("measure_id") == measure.pk
        ]
        if not reports:
            raise ValidationFailed(
                "请先记录“紧急情况当场实施后向负责人报告”，再记录负责人的决定。", field="step"
            )
        require_not_before(
            step.occurred_at, "负责人补办批准", reports[-1].occurred_at, "向负责人报告"
        )
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "emergency_approval",
                **measure_ref(measure),
                approved=approved,
                opinion=opinion,
            ),
            audit_action="emergency_measure_decided",
        )
        if not approved:
            release_not_approved(user, locked, step, measure)
    return row

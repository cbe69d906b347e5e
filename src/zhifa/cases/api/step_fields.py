"""The fields of the steps that have their own action, and the call of that action.

``POST /cases/{id}/steps`` takes these fields in ``fields``. Each schema mirrors the input of
the action it feeds (``zhifa.cases.actions``), which does the legal checks.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, Field
from pydantic import ValidationError as PydanticValidationError

from zhifa.cases import actions
from zhifa.cases.models import Case, CaseStep
from zhifa.cases.rules.execution import Instalment
from zhifa.core.errors import ValidationFailed


class _EvidencePreservation(BaseModel):
    items: list[str]
    reason: str
    approved_by: str


class _PreservationDecision(BaseModel):
    preservation_step_id: int
    outcome: str


class _Extension(BaseModel):
    days: int
    reason: str


class _CollectiveDiscussion(BaseModel):
    participants: list[str]
    conclusion: str


class _Penalty(BaseModel):
    types: list[str]
    fine: str = "0"
    confiscation: str = "0"


class _PriorNotice(BaseModel):
    facts: str
    grounds: str
    legal_basis: str
    penalty: _Penalty
    served_on: datetime.date
    statement_right_told: bool = True
    recusal_right_told: bool = True
    hearing_right_told: bool = False


class _Statement(BaseModel):
    received_on: datetime.date
    content: str


class _StatementReview(BaseModel):
    conclusion: str
    reasons: str


class _Waiver(BaseModel):
    signed_on: datetime.date


class _HearingRequest(BaseModel):
    requested_on: datetime.date


class _HearingNotice(BaseModel):
    notified_on: datetime.date
    hearing_on: datetime.date
    hearing_place: str
    presiding_officer_id: int


class _Hearing(BaseModel):
    party_attended: bool
    absence_reason: str = ""


class _Decision(BaseModel):
    decided_on: datetime.date
    facts_and_evidence: str
    penalty: _Penalty
    penalty_basis: str
    performance_manner: str
    performance_deadline: datetime.date | None
    remedy_channels: str
    remedy_deadlines: str
    discretion_reasons: str = ""


class _SummaryDecision(BaseModel):
    penalty: _Penalty
    facts: str
    legal_basis: str
    remedy_channels: str
    facts_certain: bool = True


class _Service(BaseModel):
    method: str
    served_on: datetime.date
    party_id: int
    recipient: str = ""
    on_the_spot: bool = False
    witnesses_or_recording: str = ""
    announcement_reason: str = ""
    document: str = "行政处罚决定书"


class _Consent(BaseModel):
    party_id: int
    signed_on: datetime.date
    address: str


class _Payment(BaseModel):
    amount: str
    paid_on: datetime.date
    channel: str = "bank"
    receipt_number: str
    hard_to_collect_reason: str = ""


class _Instalment(BaseModel):
    due_on: datetime.date
    amount: str


class _Deferral(BaseModel):
    applied_on: datetime.date
    deferred_until: datetime.date | None = None
    instalments: list[_Instalment] = Field(default_factory=list)


class _AdditionalFine(BaseModel):
    as_of: datetime.date


class _Demand(BaseModel):
    served_on: datetime.date
    amount_due: str


class _Court(BaseModel):
    applied_on: datetime.date
    court: str


class _Closing(BaseModel):
    closed_on: datetime.date


def _penalty_input(penalty: _Penalty) -> actions.PenaltyInput:
    return actions.PenaltyInput(
        types=penalty.types, fine=penalty.fine, confiscation=penalty.confiscation
    )


def _instalments(rows: list[_Instalment]) -> list[Instalment]:
    try:
        return [Instalment(row.due_on, Decimal(row.amount)) for row in rows]
    except InvalidOperation:
        raise ValidationFailed("分期金额应为数字，例如 500.00。", field="instalments") from None


StepCall = Callable[[Any, Case, actions.StepInput, Any], CaseStep]

# step code -> (schema of its fields, call of its action)
SPECIAL_STEPS: dict[str, tuple[type[BaseModel], StepCall]] = {
    "evidence_preservation": (
        _EvidencePreservation,
        lambda u, c, s, f: actions.preserve_evidence(
            u, c, s, items=f.items, reason=f.reason, approved_by=f.approved_by
        ),
    ),
    "preservation_decision": (
        _PreservationDecision,
        lambda u, c, s, f: actions.decide_preservation(
            u, c, s, preservation_step_id=f.preservation_step_id, outcome=f.outcome
        ),
    ),
    "deadline_extension": (
        _Extension,
        lambda u, c, s, f: actions.extend_deadline(u, c, s, days=f.days, reason=f.reason),
    ),
    "collective_discussion": (
        _CollectiveDiscussion,
        lambda u, c, s, f: actions.record_collective_discussion(
            u, c, s, participants=f.participants, conclusion=f.conclusion
        ),
    ),
    "prior_notice": (
        _PriorNotice,
        lambda u, c, s, f: actions.give_prior_notice(
            u,
            c,
            s,
            actions.PriorNoticeInput(**{**f.model_dump(), "penalty": _penalty_input(f.penalty)}),
        ),
    ),
    "statement_and_defense": (
        _Statement,
        lambda u, c, s, f: actions.record_statement(
            u, c, s, received_on=f.received_on, content=f.content
        ),
    ),
    "statement_review": (
        _StatementReview,
        lambda u, c, s, f: actions.record_statement_review(
            u, c, s, conclusion=f.conclusion, reasons=f.reasons
        ),
    ),
    "rights_waived": (
        _Waiver,
        lambda u, c, s, f: actions.record_rights_waiver(u, c, s, signed_on=f.signed_on),
    ),
    "hearing_request": (
        _HearingRequest,
        lambda u, c, s, f: actions.request_hearing(u, c, s, requested_on=f.requested_on),
    ),
    "hearing_notice": (
        _HearingNotice,
        lambda u, c, s, f: actions.schedule_hearing(u, c, s, **f.model_dump()),
    ),
    "hearing_record": (
        _Hearing,
        lambda u, c, s, f: actions.record_hearing(u, c, s, **f.model_dump()),
    ),
    "penalty_decision": (
        _Decision,
        lambda u, c, s, f: actions.issue_decision(
            u,
            c,
            s,
            actions.DecisionInput(**{**f.model_dump(), "penalty": _penalty_input(f.penalty)}),
        ),
    ),
    "on_the_spot_decision": (
        _SummaryDecision,
        lambda u, c, s, f: actions.issue_summary_decision(
            u,
            c,
            s,
            actions.SummaryDecisionInput(
                **{**f.model_dump(), "penalty": _penalty_input(f.penalty)}
            ),
        ),
    ),
    "document_service": (
        _Service,
        lambda u, c, s, f: actions.serve_document(u, c, s, actions.ServiceInput(**f.model_dump())),
    ),
    "on_the_spot_service": (
        _Service,
        lambda u, c, s, f: actions.serve_document(u, c, s, actions.ServiceInput(**f.model_dump())),
    ),
    "electronic_service_consent": (
        _Consent,
        lambda u, c, s, f: actions.record_electronic_consent(u, c, s, **f.model_dump()),
    ),
    "fine_payment": (
        _Payment,
        lambda u, c, s, f: actions.record_payment(u, c, s, actions.PaymentInput(**f.model_dump())),
    ),
    "on_the_spot_collection": (
        _Payment,
        lambda u, c, s, f: actions.record_payment(
            u, c, s, actions.PaymentInput(**{**f.model_dump(), "channel": "on_the_spot"})
        ),
    ),
    "deferral": (
        _Deferral,
        lambda u, c, s, f: actions.grant_deferral(
            u,
            c,
            s,
            actions.DeferralInput(
                applied_on=f.applied_on,
                deferred_until=f.deferred_until,
                instalments=_instalments(f.instalments),
            ),
        ),
    ),
    "additional_fine": (
        _AdditionalFine,
        lambda u, c, s, f: actions.record_additional_fine(u, c, s, as_of=f.as_of),
    ),
    "enforcement_demand": (
        _Demand,
        lambda u, c, s, f: actions.serve_enforcement_demand(
            u, c, s, served_on=f.served_on, amount_due=f.amount_due
        ),
    ),
    "court_enforcement": (
        _Court,
        lambda u, c, s, f: actions.apply_court_enforcement(
            u, c, s, applied_on=f.applied_on, court=f.court
        ),
    ),
    "closing_approval": (
        _Closing,
        lambda u, c, s, f: _close(u, c, s, f),
    ),
}


def _close(user: Any, case: Case, step: actions.StepInput, fields: _Closing) -> CaseStep:
    closed = actions.close_case(
        user, case, closed_on=fields.closed_on, summary=step.summary, occurred_at=step.occurred_at
    )
    return closed.steps.order_by("-sequence")[0]


def parse_fields(schema: type[BaseModel], fields: dict[str, Any]) -> BaseModel:
    try:
        return schema.model_validate(fields)
    except PydanticValidationError as error:
        names = [".".join(str(part) for part in item["loc"]) for item in error.errors()]
        named = "、".join(f"fields.{name}" for name in names)
        raise ValidationFailed(
            f"环节填写内容缺失或格式无效：{named}。日期请按 2026-12-04 的格式填写。",
            field=f"fields.{names[0]}" if names else "fields",
        ) from None

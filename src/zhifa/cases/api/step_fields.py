"""The fields of the steps that have their own action, and the call of that action.

``POST /cases/{id}/steps`` takes these fields in ``fields``. Each schema mirrors the input of
the action it feeds (``zhifa.cases.actions``), which does the legal checks.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, Union

from pydantic import BaseModel, Field
from pydantic import ValidationError as PydanticValidationError

from zhifa.cases import actions, plugins
from zhifa.cases.models import Case, CaseStep
from zhifa.cases.rules.execution import Instalment
from zhifa.core.errors import ValidationFailed


class EvidencePreservationFields(BaseModel):
    items: list[str]
    reason: str
    approved_by: str


class PreservationDecisionFields(BaseModel):
    preservation_step_id: int
    outcome: str


class ExtensionFields(BaseModel):
    days: int
    reason: str


class CollectiveDiscussionFields(BaseModel):
    participants: list[str]
    conclusion: str


class PenaltyFields(BaseModel):
    types: list[str]
    fine: str = "0"
    confiscation: str = "0"


class PriorNoticeFields(BaseModel):
    facts: str
    grounds: str
    legal_basis: str
    penalty: PenaltyFields
    served_on: datetime.date
    statement_right_told: bool = True
    recusal_right_told: bool = True
    hearing_right_told: bool = False


class StatementFields(BaseModel):
    received_on: datetime.date
    content: str


class StatementReviewFields(BaseModel):
    conclusion: str
    reasons: str


class WaiverFields(BaseModel):
    signed_on: datetime.date


class HearingRequestFields(BaseModel):
    requested_on: datetime.date


class HearingNoticeFields(BaseModel):
    notified_on: datetime.date
    hearing_on: datetime.date
    hearing_place: str
    presiding_officer_id: int


class HearingFields(BaseModel):
    party_attended: bool
    absence_reason: str = ""


class DecisionFields(BaseModel):
    decided_on: datetime.date
    facts_and_evidence: str
    penalty: PenaltyFields
    penalty_basis: str
    performance_manner: str
    performance_deadline: datetime.date | None
    remedy_channels: str
    remedy_deadlines: str
    discretion_reasons: str = ""


class SummaryDecisionFields(BaseModel):
    penalty: PenaltyFields
    facts: str
    legal_basis: str
    remedy_channels: str
    facts_certain: bool = True


class ServiceFields(BaseModel):
    method: str
    served_on: datetime.date
    party_id: int
    recipient: str = ""
    on_the_spot: bool = False
    witnesses_or_recording: str = ""
    announcement_reason: str = ""
    document: str = "行政处罚决定书"


class ConsentFields(BaseModel):
    party_id: int
    signed_on: datetime.date
    address: str


class PaymentFields(BaseModel):
    amount: str
    paid_on: datetime.date
    channel: str = "bank"
    receipt_number: str
    hard_to_collect_reason: str = ""


class InstalmentFields(BaseModel):
    due_on: datetime.date
    amount: str


class DeferralFields(BaseModel):
    applied_on: datetime.date
    deferred_until: datetime.date | None = None
    instalments: list[InstalmentFields] = Field(default_factory=list)


class AdditionalFineFields(BaseModel):
    as_of: datetime.date


class DemandFields(BaseModel):
    served_on: datetime.date
    amount_due: str


class CourtFields(BaseModel):
    applied_on: datetime.date
    court: str


class ClosingFields(BaseModel):
    closed_on: datetime.date


# The outcomes of 行政处罚法 Art. 57 other than a penalty. Text fields default to empty and
# booleans to false, so conclude_without_penalty and rules.outcomes report a missing field in
# the same Chinese words as the case page does.


class NoPenaltyMinorFields(BaseModel):
    decided_on: datetime.date | None = None
    facts: str = ""
    legal_basis: str = ""
    corrected: bool = False
    no_harm: bool = False
    education: str = ""


class NoPenaltyFirstViolationFields(BaseModel):
    decided_on: datetime.date | None = None
    facts: str = ""
    legal_basis: str = ""
    first_violation: bool = False
    corrected: bool = False
    discretion_reasons: str = ""
    education: str = ""


class NoPenaltyNoFaultFields(BaseModel):
    decided_on: datetime.date | None = None
    facts: str = ""
    legal_basis: str = ""
    no_fault_evidence: str = ""
    education: str = ""


class NoPenaltyUnderAgeFields(BaseModel):
    decided_on: datetime.date | None = None
    facts: str = ""
    legal_basis: str = ""
    guardian_discipline: str = ""
    education: str = ""


class NoPenaltyNotEstablishedFields(BaseModel):
    decided_on: datetime.date | None = None
    legal_basis: str = ""
    not_established_reasons: str = ""


class TransferToJudiciaryFields(BaseModel):
    decided_on: datetime.date | None = Field(None, description="移送日期")
    receiving_organ: str = ""
    facts: str = ""
    suspected_crime: str = ""


OUTCOME_SCHEMAS: dict[str, type[BaseModel]] = {
    "no_penalty_minor": NoPenaltyMinorFields,
    "no_penalty_first_violation": NoPenaltyFirstViolationFields,
    "no_penalty_no_fault": NoPenaltyNoFaultFields,
    "no_penalty_under_age": NoPenaltyUnderAgeFields,
    "no_penalty_not_established": NoPenaltyNotEstablishedFields,
    "transfer_to_judiciary": TransferToJudiciaryFields,
}


def _penalty_input(penalty: PenaltyFields) -> actions.PenaltyInput:
    return actions.PenaltyInput(
        types=penalty.types, fine=penalty.fine, confiscation=penalty.confiscation
    )


def _instalments(rows: list[InstalmentFields]) -> list[Instalment]:
    try:
        return [Instalment(row.due_on, Decimal(row.amount)) for row in rows]
    except InvalidOperation:
        raise ValidationFailed("分期金额应为数字，例如 500.00。", field="instalments") from None


def _conclude(user: Any, case: Case, step: actions.StepInput, fields: BaseModel) -> CaseStep:
    data = actions.OutcomeInput(**fields.model_dump())
    return actions.conclude_without_penalty(user, case, step, data)


StepCall = Callable[[Any, Case, actions.StepInput, Any], CaseStep]

# step code -> (schema of its fields, call of its action)
SPECIAL_STEPS: dict[str, tuple[type[BaseModel], StepCall]] = {
    "evidence_preservation": (
        EvidencePreservationFields,
        lambda u, c, s, f: actions.preserve_evidence(
            u, c, s, items=f.items, reason=f.reason, approved_by=f.approved_by
        ),
    ),
    "preservation_decision": (
        PreservationDecisionFields,
        lambda u, c, s, f: actions.decide_preservation(
            u, c, s, preservation_step_id=f.preservation_step_id, outcome=f.outcome
        ),
    ),
    "deadline_extension": (
        ExtensionFields,
        lambda u, c, s, f: actions.extend_deadline(u, c, s, days=f.days, reason=f.reason),
    ),
    "collective_discussion": (
        CollectiveDiscussionFields,
        lambda u, c, s, f: actions.record_collective_discussion(
            u, c, s, participants=f.participants, conclusion=f.conclusion
        ),
    ),
    "prior_notice": (
        PriorNoticeFields,
        lambda u, c, s, f: actions.give_prior_notice(
            u,
            c,
            s,
            actions.PriorNoticeInput(**{**f.model_dump(), "penalty": _penalty_input(f.penalty)}),
        ),
    ),
    "statement_and_defense": (
        StatementFields,
        lambda u, c, s, f: actions.record_statement(
            u, c, s, received_on=f.received_on, content=f.content
        ),
    ),
    "statement_review": (
        StatementReviewFields,
        lambda u, c, s, f: actions.record_statement_review(
            u, c, s, conclusion=f.conclusion, reasons=f.reasons
        ),
    ),
    "rights_waived": (
        WaiverFields,
        lambda u, c, s, f: actions.record_rights_waiver(u, c, s, signed_on=f.signed_on),
    ),
    "hearing_request": (
        HearingRequestFields,
        lambda u, c, s, f: actions.request_hearing(u, c, s, requested_on=f.requested_on),
    ),
    "hearing_notice": (
        HearingNoticeFields,
        lambda u, c, s, f: actions.schedule_hearing(u, c, s, **f.model_dump()),
    ),
    "hearing_record": (
        HearingFields,
        lambda u, c, s, f: actions.record_hearing(u, c, s, **f.model_dump()),
    ),
    "penalty_decision": (
        DecisionFields,
        lambda u, c, s, f: actions.issue_decision(
            u,
            c,
            s,
            actions.DecisionInput(**{**f.model_dump(), "penalty": _penalty_input(f.penalty)}),
        ),
    ),
    "on_the_spot_decision": (
        SummaryDecisionFields,
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
        ServiceFields,
        lambda u, c, s, f: actions.serve_document(u, c, s, actions.ServiceInput(**f.model_dump())),
    ),
    "on_the_spot_service": (
        ServiceFields,
        lambda u, c, s, f: actions.serve_document(u, c, s, actions.ServiceInput(**f.model_dump())),
    ),
    "electronic_service_consent": (
        ConsentFields,
        lambda u, c, s, f: actions.record_electronic_consent(u, c, s, **f.model_dump()),
    ),
    "fine_payment": (
        PaymentFields,
        lambda u, c, s, f: actions.record_payment(u, c, s, actions.PaymentInput(**f.model_dump())),
    ),
    "on_the_spot_collection": (
        PaymentFields,
        lambda u, c, s, f: actions.record_payment(
            u, c, s, actions.PaymentInput(**{**f.model_dump(), "channel": "on_the_spot"})
        ),
    ),
    "deferral": (
        DeferralFields,
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
        AdditionalFineFields,
        lambda u, c, s, f: actions.record_additional_fine(u, c, s, as_of=f.as_of),
    ),
    "enforcement_demand": (
        DemandFields,
        lambda u, c, s, f: actions.serve_enforcement_demand(
            u, c, s, served_on=f.served_on, amount_due=f.amount_due
        ),
    ),
    "court_enforcement": (
        CourtFields,
        lambda u, c, s, f: actions.apply_court_enforcement(
            u, c, s, applied_on=f.applied_on, court=f.court
        ),
    ),
    "closing_approval": (
        ClosingFields,
        lambda u, c, s, f: _close(u, c, s, f),
    ),
    **{code: (schema, _conclude) for code, schema in OUTCOME_SCHEMAS.items()},
}


def _close(user: Any, case: Case, step: actions.StepInput, fields: ClosingFields) -> CaseStep:
    closed = actions.close_case(
        user, case, closed_on=fields.closed_on, summary=step.summary, occurred_at=step.occurred_at
    )
    return closed.steps.order_by("-sequence")[0]


def _schemas_in_order() -> list[type[BaseModel]]:
    """Return every step schema; plugins are registered by then, as apps load before URLs."""
    schemas = [schema for schema, _ in SPECIAL_STEPS.values()]
    schemas += [plugin.schema for plugin in plugins.STEP_PLUGINS.values()]
    return list(dict.fromkeys(schemas))


# The union of every step's fields, for the OpenAPI document only: the endpoint picks the
# schema by the step code and validates with ``parse_fields``.
FIELDS_UNION: Any = Union[tuple(_schemas_in_order())]  # noqa: UP007 - built at run time

FIELDS_DESCRIPTION = (
    "有专门规则的环节（事先告知、处罚决定、送达、缴纳罚款、不予行政处罚、移送司法机关、结案等）的"
    "填写内容，其结构由 step 决定："
    + "；".join(f"{code} 用 {schema.__name__}" for code, (schema, _) in SPECIAL_STEPS.items())
    + "".join(
        f"；{code} 用 {plugin.schema.__name__}" for code, plugin in plugins.STEP_PLUGINS.items()
    )
    + "。其他环节不填 fields。"
)


def parse_fields(
    schema: type[BaseModel], fields: dict[str, Any], labels: dict[str, str] | None = None
) -> BaseModel:
    """Validate a step's ``fields`` against its schema; ``labels`` name the fields in Chinese."""
    labels = labels or {}
    unknown = sorted(set(fields) - set(schema.model_fields))
    if unknown:
        # A misspelt field name would otherwise be dropped and the step saved without it.
        named = "、".join(f"fields.{name}" for name in unknown)
        raise ValidationFailed(
            f"该环节没有这些填写项：{named}，请删除或改正字段名。", field=f"fields.{unknown[0]}"
        )
    try:
        return schema.model_validate(fields)
    except PydanticValidationError as error:
        problems = error.errors()
        names = [".".join(str(part) for part in item["loc"]) for item in problems]
        named = "、".join(_field_name(name, labels) for name in names)
        hint = ""
        if any("date" in item["type"] for item in problems):
            hint = "日期请按 2026-12-04 的格式填写。"
        raise ValidationFailed(
            f"环节填写内容缺失或格式无效：{named}。{hint}",
            field=f"fields.{names[0]}" if names else "fields",
        ) from None


def _field_name(name: str, labels: dict[str, str]) -> str:
    label = labels.get(name.split(".", 1)[0])
    return f"“{label}”（fields.{name}）" if label else f"fields.{name}"

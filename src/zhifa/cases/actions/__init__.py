"""Actions on cases: every change to a case goes through one of these functions.

Each action takes the acting user first and the case (or its id) second, checks the
capability (``manage_cases``, or ``approve_case_steps`` for approvals), loads the case within
the user's scope (``NotFound`` otherwise), validates with Chinese messages naming the field,
writes inside ``transaction.atomic`` with the audit entry, and records a ``CaseStep``.
"""

from zhifa.cases.actions._common import StepInput
from zhifa.cases.actions.decision import (
    DecisionInput,
    PenaltyInput,
    PriorNoticeInput,
    SummaryDecisionInput,
    case_warnings,
    give_prior_notice,
    issue_decision,
    issue_summary_decision,
    record_hearing,
    record_rights_waiver,
    record_statement,
    record_statement_review,
    request_hearing,
    schedule_hearing,
)
from zhifa.cases.actions.execution import (
    DeferralInput,
    PaymentInput,
    ServiceInput,
    apply_court_enforcement,
    grant_deferral,
    payment_due,
    record_additional_fine,
    record_electronic_consent,
    record_payment,
    serve_document,
    serve_enforcement_demand,
)
from zhifa.cases.actions.investigation import (
    decide_preservation,
    extend_deadline,
    preserve_evidence,
    record_collective_discussion,
)
from zhifa.cases.actions.links import link_document_to_step
from zhifa.cases.actions.numbering import set_number_pattern
from zhifa.cases.actions.opening import (
    CaseInput,
    PartyInput,
    PartyRegistration,
    find_or_register_party,
    open_case,
)
from zhifa.cases.actions.outcomes import OutcomeInput, conclude_without_penalty
from zhifa.cases.actions.steps import close_case, correct_step, missing_before_closing, record_step

__all__ = [
    "CaseInput",
    "DecisionInput",
    "DeferralInput",
    "OutcomeInput",
    "PartyInput",
    "PartyRegistration",
    "PaymentInput",
    "PenaltyInput",
    "PriorNoticeInput",
    "ServiceInput",
    "StepInput",
    "SummaryDecisionInput",
    "apply_court_enforcement",
    "case_warnings",
    "close_case",
    "conclude_without_penalty",
    "correct_step",
    "decide_preservation",
    "extend_deadline",
    "find_or_register_party",
    "give_prior_notice",
    "grant_deferral",
    "issue_decision",
    "issue_summary_decision",
    "link_document_to_step",
    "missing_before_closing",
    "open_case",
    "payment_due",
    "preserve_evidence",
    "record_additional_fine",
    "record_collective_discussion",
    "record_electronic_consent",
    "record_hearing",
    "record_payment",
    "record_rights_waiver",
    "record_statement",
    "record_statement_review",
    "record_step",
    "request_hearing",
    "schedule_hearing",
    "serve_document",
    "serve_enforcement_demand",
    "set_number_pattern",
]

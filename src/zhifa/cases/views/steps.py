"""Recording a step from the timeline's step form, and linking a final document to its step."""

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.backoffice.mixins import ScopedQuerysetMixin, scoped_get
from zhifa.cases import actions, plugins, stages
from zhifa.cases.actions.links import steps_recorded_by
from zhifa.cases.forms import DocumentStepLinkForm, StepForm
from zhifa.cases.models import Case, CaseStatus, CaseStep, Document
from zhifa.core.errors import ZhifaError

logger = logging.getLogger(__name__)


def offered_steps(case: Case, user: User, recorded: list[str]) -> list[stages.StepSpec]:
    """Return the steps the user may record now, in the order of the procedure.

    A step is offered when ``stages.place_step`` allows it in the case's current stage, and an
    approval step only to users who may approve.
    """
    procedure = stages.procedure_for(case.kind)
    if case.status == CaseStatus.CLOSED:
        return [
            spec
            for spec in procedure.steps.values()
            if spec.code in stages.AFTER_CLOSING_STEPS
            and stages.place_step(case.kind, case.stage, spec.code, recorded).allowed
        ]
    may_approve = user.can(Capability.APPROVE_CASE_STEPS)
    may_approve_as_head = user.can(Capability.APPROVE_AS_AGENCY_HEAD)
    offered = []
    for spec in procedure.steps.values():
        if spec.code == "case_opened" or spec.code in stages.RESERVED_STEPS:
            continue
        if spec.needs_approval and not may_approve:
            continue
        if spec.head_approval and not may_approve_as_head:
            continue
        if stages.place_step(case.kind, case.stage, spec.code, recorded).allowed:
            offered.append(spec)
    return offered


def step_input(form: StepForm) -> actions.StepInput:
    """Return what every step records, from the common fields of the form."""
    return actions.StepInput(
        step=form.value("step", ""),
        occurred_at=form.value("occurred_at"),
        summary=form.value("summary", ""),
        place=form.value("place", ""),
        officer_ids=[officer.pk for officer in form.value("officer_ids", [])],
        credential_shown=form.value("credential_shown", False),
        uniform_worn=form.value("uniform_worn", False),
        uniform_exemption=form.value("uniform_exemption", ""),
        grounds_told=form.value("grounds_told", False),
        basis_told=form.value("basis_told", False),
        rights_told=form.value("rights_told", False),
    )


def _penalty(form: StepForm) -> actions.PenaltyInput:
    return actions.PenaltyInput(
        types=form.value("penalty_types", []),
        fine=form.value("fine", "0"),
        confiscation=form.value("confiscation", "0"),
    )


StepHandler = Callable[[User, Case, StepForm, actions.StepInput], Any]


def _prior_notice(user: User, case: Case, form: StepForm, step: actions.StepInput) -> Any:
    data = actions.PriorNoticeInput(
        facts=form.value("facts", ""),
        grounds=form.value("grounds", ""),
        legal_basis=form.value("legal_basis", ""),
        penalty=_penalty(form),
        served_on=form.value("served_on"),
        statement_right_told=form.value("statement_right_told", False),
        recusal_right_told=form.value("recusal_right_told", False),
        hearing_right_told=form.value("hearing_right_told", False),
    )
    return actions.give_prior_notice(user, case, step, data)


def _decision(user: User, case: Case, form: StepForm, step: actions.StepInput) -> Any:
    data = actions.DecisionInput(
        decided_on=form.value("decided_on"),
        facts_and_evidence=form.value("facts_and_evidence", ""),
        penalty=_penalty(form),
        penalty_basis=form.value("penalty_basis", ""),
        performance_manner=form.value("performance_manner", ""),
        performance_deadline=form.value("performance_deadline"),
        remedy_channels=form.value("remedy_channels", ""),
        remedy_deadlines=form.value("remedy_deadlines", ""),
        discretion_reasons=form.value("discretion_reasons", ""),
    )
    return actions.issue_decision(user, case, step, data)


def _summary_decision(user: User, case: Case, form: StepForm, step: actions.StepInput) -> Any:
    data = actions.SummaryDecisionInput(
        penalty=_penalty(form),
        facts=form.value("facts", ""),
        legal_basis=form.value("legal_basis", ""),
        remedy_channels=form.value("remedy_channels", ""),
        facts_certain=form.value("facts_certain", False),
    )
    return actions.issue_summary_decision(user, case, step, data)


def _no_penalty(user: User, case: Case, form: StepForm, step: actions.StepInput) -> Any:
    data = actions.OutcomeInput(
        decided_on=form.value("decided_on"),
        facts=form.value("facts", ""),
        legal_basis=form.value("legal_basis", ""),
        education=form.value("education", ""),
        corrected=form.value("corrected", False),
        no_harm=form.value("no_harm", False),
        first_violation=form.value("first_violation", False),
        discretion_reasons=form.value("discretion_reasons", ""),
        no_fault_evidence=form.value("no_fault_evidence", ""),
        guardian_discipline=form.value("guardian_discipline", ""),
        not_established_reasons=form.value("not_established_reasons", ""),
        receiving_organ=form.value("receiving_organ", ""),
        suspected_crime=form.value("suspected_crime", ""),
    )
    return actions.conclude_without_penalty(user, case, step, data)


def _service(user: User, case: Case, form: StepForm, step: actions.StepInput) -> Any:
    on_the_spot = step.step == "on_the_spot_service"
    data = actions.ServiceInput(
        method=form.value("method", "") or ("direct" if on_the_spot else ""),
        served_on=form.value("served_on"),
        party_id=form.value("party_id", 0),
        recipient=form.value("recipient", ""),
        on_the_spot=on_the_spot,
        witnesses_or_recording=form.value("witnesses_or_recording", ""),
        announcement_reason=form.value("announcement_reason", ""),
    )
    return actions.serve_document(user, case, step, data)


def _payment(user: User, case: Case, form: StepForm, step: actions.StepInput) -> Any:
    on_the_spot = step.step == "on_the_spot_collection"
    data = actions.PaymentInput(
        amount=form.value("amount", "0"),
        paid_on=form.value("paid_on"),
        channel="on_the_spot" if on_the_spot else form.value("channel", ""),
        receipt_number=form.value("receipt_number", ""),
        hard_to_collect_reason=form.value("hard_to_collect_reason", ""),
    )
    return actions.record_payment(user, case, step, data)


def _close(user: User, case: Case, form: StepForm, step: actions.StepInput) -> Any:
    return actions.close_case(
        user,
        case,
        closed_on=form.value("closed_on"),
        summary=step.summary,
        occurred_at=step.occurred_at,
    )


HANDLERS: dict[str, StepHandler] = {
    "evidence_preservation": lambda user, case, form, step: actions.preserve_evidence(
        user,
        case,
        step,
        items=form.lines("items"),
        reason=form.value("reason", ""),
        approved_by=form.value("approved_by", ""),
    ),
    "preservation_decision": lambda user, case, form, step: actions.decide_preservation(
        user,
        case,
        step,
        preservation_step_id=form.value("preservation_step_id", 0),
        outcome=form.value("outcome", ""),
    ),
    "deadline_extension": lambda user, case, form, step: actions.extend_deadline(
        user, case, step, days=form.value("days", 0), reason=form.value("reason", "")
    ),
    "collective_discussion": lambda user, case, form, step: actions.record_collective_discussion(
        user,
        case,
        step,
        participants=form.lines("participants"),
        conclusion=form.value("conclusion", ""),
    ),
    "electronic_service_consent": lambda user, case, form, step: actions.record_electronic_consent(
        user,
        case,
        step,
        party_id=form.value("party_id", 0),
        signed_on=form.value("signed_on"),
        address=form.value("address", ""),
    ),
    "prior_notice": _prior_notice,
    "statement_and_defense": lambda user, case, form, step: actions.record_statement(
        user,
        case,
        step,
        received_on=form.value("received_on"),
        content=form.value("content", ""),
    ),
    "statement_review": lambda user, case, form, step: actions.record_statement_review(
        user,
        case,
        step,
        conclusion=form.value("conclusion_choice", ""),
        reasons=form.value("reasons", ""),
    ),
    "rights_waived": lambda user, case, form, step: actions.record_rights_waiver(
        user, case, step, signed_on=form.value("signed_on")
    ),
    "hearing_request": lambda user, case, form, step: actions.request_hearing(
        user, case, step, requested_on=form.value("requested_on")
    ),
    "hearing_notice": lambda user, case, form, step: actions.schedule_hearing(
        user,
        case,
        step,
        notified_on=form.value("notified_on"),
        hearing_on=form.value("hearing_on"),
        hearing_place=form.value("hearing_place", ""),
        presiding_officer_id=form.value("presiding_officer_id", 0),
    ),
    "hearing_record": lambda user, case, form, step: actions.record_hearing(
        user,
        case,
        step,
        party_attended=form.value("party_attended", False),
        absence_reason=form.value("absence_reason", ""),
    ),
    "penalty_decision": _decision,
    "on_the_spot_decision": _summary_decision,
    **dict.fromkeys(stages.NO_PENALTY_OUTCOMES, _no_penalty),
    "document_service": _service,
    "on_the_spot_service": _service,
    "fine_payment": _payment,
    "on_the_spot_collection": _payment,
    "deferral": lambda user, case, form, step: actions.grant_deferral(
        user,
        case,
        step,
        actions.DeferralInput(
            applied_on=form.value("applied_on"), deferred_until=form.value("deferred_until")
        ),
    ),
    "additional_fine": lambda user, case, form, step: actions.record_additional_fine(
        user, case, step, as_of=form.value("as_of")
    ),
    "enforcement_demand": lambda user, case, form, step: actions.serve_enforcement_demand(
        user, case, step, served_on=form.value("served_on"), amount_due=form.value("amount_due")
    ),
    "court_enforcement": lambda user, case, form, step: actions.apply_court_enforcement(
        user, case, step, applied_on=form.value("applied_on"), court=form.value("court", "")
    ),
    "closing_approval": _close,
}


def perform_step(user: User, case: Case, form: StepForm) -> Any:
    """Call the action of the form's step; steps without rules of their own use ``record_step``.

    Returns the new ``CaseStep``, or the closed ``Case`` for the closing step.
    """
    step = step_input(form)
    plugin = plugins.step_plugin(step.step)
    if plugin is not None:
        return plugin.perform(user, case, step, plugin.form_values(form.cleaned_data))
    handler = HANDLERS.get(step.step)
    if handler is None:
        return actions.record_step(user, case, step)
    return handler(user, case, form, step)


def correction_input(original: CaseStep, form: StepForm) -> actions.StepInput:
    """Return the corrected common fields; the step's own details are kept from the original.

    TODO: step-specific fields (amounts, dates of notice or service) cannot be corrected from
    the page yet; such a correction keeps the original details.
    """
    step = step_input(form)
    step.step = original.step
    step.details = dict(original.details or {})
    return step


def with_link_choices(
    case: Case, documents: list[Document], steps: list[CaseStep] | None = None
) -> list[Document]:
    """Set ``step_choices`` on each final, unlinked document: the steps it may be linked to."""
    if steps is None:
        steps = list(case.steps.order_by("sequence"))
    procedure = stages.procedure_for(case.kind)
    for document in documents:
        codes = steps_recorded_by(document.doc_type)
        choices: list[tuple[int, str]] = []
        if document.is_final and document.step_id is None:
            for row in steps:
                if row.step in codes:
                    spec = procedure.step(row.step)
                    label = spec.label if spec else row.step
                    choices.append((row.pk, f"第{row.sequence}项 {label}"))
        document.step_choices = choices  # type: ignore[attr-defined]
    return documents


class DocumentStepLinkView(ScopedQuerysetMixin, View):
    """Link a final document to the step of its case that it records (POST ``step_id``)."""

    model = Document
    required_capability = Capability.MANAGE_CASES
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = scoped_get(Document.objects.all(), request.user, pk=pk)
        anchor = reverse("cases:case_detail", kwargs={"pk": document.case_id}) + "#documents"
        form = DocumentStepLinkForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择文书所记录的“办案环节”。")
            return redirect(anchor)
        try:
            actions.link_document_to_step(
                request.user,  # type: ignore[arg-type]
                document,
                form.cleaned_data["step_id"],
            )
        except ZhifaError as error:
            logger.info("linking document %s to a step rejected: %s", document.pk, error.message)
            messages.error(request, error.message)
            return redirect(anchor)
        messages.success(request, f"“{document.title}”已关联到所记录的办案环节。")
        return redirect(anchor)

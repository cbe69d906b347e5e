"""Linking a finalised document to the case step it records.

Steps are append-only, so the link is ``Document.step``. The database lets a final version
have that column set once, from empty, and refuses every other change of a final row.
"""

import logging

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.cases import stages
from zhifa.cases.actions._common import latest_step, lock_case, require
from zhifa.cases.documents.registry import DOC_TYPES
from zhifa.cases.models import CaseStep, Document, DocumentStatus
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed

logger = logging.getLogger(__name__)

# The step codes each document type may record. A document type missing here records no
# single step and cannot be linked.
STEPS_BY_DOC_TYPE: dict[str, frozenset[str]] = {
    "case_approval": frozenset({"filing_approval"}),
    "site_inspection_record": frozenset({"inspection_record", "site_examination"}),
    "inquiry_record": frozenset({"inquiry_record"}),
    "evidence_preservation_notice": frozenset({"evidence_preservation"}),
    "evidence_preservation_decision": frozenset({"preservation_decision"}),
    "prior_notice": frozenset({"prior_notice"}),
    "hearing_notice": frozenset({"hearing_notice"}),
    "hearing_record": frozenset({"hearing_record"}),
    "penalty_decision": frozenset({"penalty_decision"}),
    "summary_penalty_decision": frozenset({"on_the_spot_decision"}),
    "service_receipt": frozenset({"document_service", "on_the_spot_service"}),
    "closing_approval": frozenset({"closing_approval"}),
    "inspection_record": frozenset({"inspection_record"}),
    "inspection_result_notice": frozenset({"inspection_result"}),
    "no_penalty_decision": frozenset(
        {
            "no_penalty_minor",
            "no_penalty_first_violation",
            "no_penalty_no_fault",
            "no_penalty_under_age",
            "no_penalty_not_established",
        }
    ),
    "criminal_transfer": frozenset({"transfer_to_judiciary"}),
}


def steps_recorded_by(doc_type: str) -> frozenset[str]:
    """Return the step codes a final document of ``doc_type`` may be linked to."""
    spec = DOC_TYPES.get(doc_type)
    own = spec.steps if spec is not None else frozenset()
    return STEPS_BY_DOC_TYPE.get(doc_type, frozenset()) | own


def doc_types_for_kind(kind: str) -> list[tuple[str, str]]:
    """Return the document types a case of ``kind`` uses: those recording one of its steps."""
    codes = set(stages.procedure_for(kind).steps)
    return [
        (spec.code, spec.title)
        for spec in DOC_TYPES.values()
        if steps_recorded_by(spec.code) & codes
    ]


# Document types linked to the case's current step of that code when they are finalised.
AUTO_LINKED = {"penalty_decision": "penalty_decision"}


def step_to_link_on_finalise(document: Document) -> CaseStep | None:
    """Return the step a document being finalised records by itself, or None.

    A 行政处罚决定书 records the case's current (uncorrected) penalty decision step, if any.
    """
    code = AUTO_LINKED.get(document.doc_type)
    if code is None or document.step_id is not None:
        return None
    return latest_step(document.case, code)


def link_document_to_step(user: User, document: Document | int, step_id: int) -> Document:
    """Link a final document to the step of its case that it records.

    Refused for a draft (finalise it first), for a document already linked, for a step of
    another case, and for a step the document type does not record (``STEPS_BY_DOC_TYPE``).
    """
    require(user, Capability.MANAGE_CASES)
    pk = document.pk if isinstance(document, Document) else document
    found = restrict(Document.objects.filter(pk=pk), user).first()
    if found is None:
        raise NotFound("文书不存在或不在您的管理范围内。")
    with transaction.atomic():
        case = lock_case(user, found.case_id)
        found = Document.objects.select_for_update().get(pk=pk)
        if found.status != DocumentStatus.FINAL:
            raise InvalidTransition("只能关联已定稿的文书，请先定稿。", field="document")
        if found.step_id is not None:
            raise InvalidTransition("该文书已关联办案环节，不能改为关联其他环节。", field="step_id")
        step = CaseStep.objects.filter(pk=step_id, case=case).first()
        if step is None:
            raise ValidationFailed("所选办案环节不是本案的记录，请重新选择。", field="step_id")
        if step.step not in steps_recorded_by(found.doc_type):
            raise ValidationFailed(
                f"“{found.title}”不记录第{step.sequence}项办案环节，请选择它所记录的环节。",
                field="step_id",
            )
        # A queryset update sets only this column, which the final-row trigger allows once.
        Document.objects.filter(pk=found.pk, step__isnull=True).update(step=step)
        found.step = step
        audit.record(
            "document_step_linked",
            actor=user,
            target=found,
            agency_id=case.agency_id,
            detail={"step": step.step, "sequence": step.sequence},
        )
    logger.info("document %s linked to step %s of case %s", found.pk, step.pk, case.pk)
    return found

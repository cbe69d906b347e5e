"""Review requests (送审): submitting a round, withdrawing it, extending its period.

A round's period counts in working days from the day the materials are complete, the start
day not counted. A new round is allowed only after the last one was withdrawn, or was
returned or disapproved and the department states its corrections. The leadership's order of
a new review opens one too. After an approved round, a new round is allowed only when the
decision now goes beyond what was approved.
"""

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.cases import stages
from zhifa.cases.actions._common import CALENDAR, lock_case, recorded_codes, require, required_text
from zhifa.cases.models import Case, Document, LegalReviewState
from zhifa.core.chinese_dates import chinese_date
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.core.workdays import CalendarNotCovered, shanghai_date
from zhifa.review.actions.procedures import review_period
from zhifa.review.lists import materials_for
from zhifa.review.models import MajorDecisionFlag, MajorFlag, RequestState, ReviewRequest
from zhifa.review.rounds import heavier_than_reviewed
from zhifa.review.routing import route
from zhifa.review.status import assess, latest_round

logger = logging.getLogger(__name__)

OPEN_STATES = frozenset({RequestState.SUBMITTED, RequestState.OBJECTED})
# Rounds after which the department corrects the proposal and submits the next round.
CORRECTABLE_STATES = frozenset({RequestState.RETURNED, RequestState.DISAPPROVED})
CALENDAR_PENDING = "待导入工作日历"


# A material whose note starts with this word is marked as not applicable to the case (for
# example 陈述申辩及复核材料 when the party waived those rights) and does not block submission.
# TODO: MaterialRequirement has no field for materials that may not apply. Any material can
# therefore be marked, until such a field limits the mark.
NOT_APPLICABLE = "不适用"


@dataclass
class MaterialInput:
    code: str
    provided: bool
    note: str = ""
    document_id: int | None = None


@dataclass
class SubmissionInput:
    """One submission: the summary, the materials and, on resubmission, the corrections."""

    summary: str
    materials: list[MaterialInput] = field(default_factory=list)
    decision: str | None = None
    correction_summary: str = ""


def due_date(agency_id: int, start: datetime.date, extended: bool) -> datetime.date | None:
    """Return the last day of the review period, or None when the calendar lacks the year."""
    working_days, extension_days = review_period(agency_id, start)
    days = working_days + (extension_days if extended else 0)
    try:
        return CALENDAR.add_working_days(start, days)
    except CalendarNotCovered as error:
        logger.warning("review period from %s needs calendar year %s", start, error.year)
        return None


def due_text(request: ReviewRequest) -> str:
    """Return the due date in Chinese, or the note that the calendar year is not imported."""
    return chinese_date(request.due_on) if request.due_on else CALENDAR_PENDING


def is_overdue(request: ReviewRequest, today: datetime.date) -> bool:
    """Return whether the review ran past its period: still open after it, or completed late."""
    if request.due_on is None or request.state == RequestState.WITHDRAWN:
        return False
    if request.completed_at is not None:
        return shanghai_date(request.completed_at) > request.due_on
    return request.state == RequestState.SUBMITTED and today > request.due_on


def _check_previous(
    previous: ReviewRequest | None, data: SubmissionInput, current: dict[str, Any]
) -> str:
    """Raise when the last round allows no new one; otherwise return the correction statement."""
    correction = (data.correction_summary or "").strip()
    if previous is None or previous.state == RequestState.WITHDRAWN:
        return correction
    label = f"第{previous.round_number}轮法制审核"
    if previous.state in OPEN_STATES:
        raise InvalidTransition(f"{label}尚未结束，不能再次送审。", field="case")
    if previous.state == RequestState.APPROVED:
        if not heavier_than_reviewed(previous.proposal, current):
            raise InvalidTransition(
                f"{label}已通过，拟作出的决定未超出审核内容，无需再次送审。", field="case"
            )
    elif previous.state not in CORRECTABLE_STATES:
        raise InvalidTransition(f"{label}已有后续轮次，不能再次送审。", field="case")
    if not correction:
        raise ValidationFailed(
            f"请填写“修改情况说明”，写明针对{label}意见作了哪些修改。", field="correction_summary"
        )
    if len(correction) > 5000:
        raise ValidationFailed("“修改情况说明”不能超过5000个字。", field="correction_summary")
    return correction


def _check_stage(case: Case) -> None:
    """Raise while the case is at too early a stage to record its legal review step."""
    procedure = stages.procedure_for(case.kind)
    if procedure.step("legal_review") is None:
        return
    placement = stages.place_step(case.kind, case.stage, "legal_review", recorded_codes(case))
    if not placement.allowed:
        raise InvalidTransition(f"现在还不能送审法制审核：{placement.reason}", field="case")


def _not_applicable(note: str) -> bool:
    return note.strip().startswith(NOT_APPLICABLE)


def _satisfied(name: str, item: MaterialInput) -> bool:
    """Return whether a material is provided or marked 不适用 with a reason.

    Raise ``ValidationFailed`` for a 不适用 mark without a reason.
    """
    if item.provided:
        return True
    note = (item.note or "").strip()
    if not _not_applicable(note):
        return False
    reason = note[len(NOT_APPLICABLE) :].strip(" ：:，,。.；;（）()")
    if len(reason) < 2:
        raise ValidationFailed(
            f"“{name}”标为不适用的，请在“不适用”后写明理由，例如“不适用：当事人书面放弃陈述申辩”。",
            field=f"materials.{item.code}",
        )
    return True


def _materials(case: Case, kind: str, given: list[MaterialInput]) -> list[dict[str, Any]]:
    """Return the materials to store; name every required material not provided."""
    listed = materials_for(kind, case.agency_id)
    by_code = {item.code: item for item in given}
    unknown = sorted(set(by_code) - {row.code for row in listed})
    if unknown:
        raise ValidationFailed(
            f"送审材料代码无效：{'、'.join(unknown)}；请按本类决定的送审材料清单提交。",
            field="materials",
        )
    missing = [
        row.name
        for row in listed
        if row.required and not (row.code in by_code and _satisfied(row.name, by_code[row.code]))
    ]
    if missing:
        raise ValidationFailed(
            f"缺少必须提交的送审材料：{'、'.join(missing)}。请补齐后再送审。", field="materials"
        )
    stored = []
    for row in listed:
        item = by_code.get(row.code)
        document_id = item.document_id if item else None
        if (
            document_id is not None
            and not Document.objects.filter(pk=document_id, case=case).exists()
        ):
            raise ValidationFailed(
                f"“{row.name}”关联的文书不是本案文书，请重新选择。", field="materials"
            )
        note = (item.note if item else "").strip()
        if len(note) > 300:
            raise ValidationFailed(f"“{row.name}”的说明不能超过300个字。", field="materials")
        stored.append(
            {
                "code": row.code,
                "name": row.name,
                "required": row.required,
                "provided": bool(item and item.provided),
                "not_applicable": bool(item and not item.provided and _not_applicable(note)),
                "note": note,
                "document_id": document_id,
            }
        )
    return stored


def _voluntary(case: Case) -> bool:
    return MajorDecisionFlag.objects.filter(
        case=case, code=MajorFlag.OTHER_RULE, cleared_at__isnull=True
    ).exists()


def open_round(
    user: User,
    case: Case,
    previous: ReviewRequest | None,
    *,
    snapshot: dict[str, Any],
    correction_summary: str,
) -> ReviewRequest:
    """Create the next round of a locked case, routed and timed from today.

    ``snapshot`` carries ``decision_kind``, ``proposal``, ``assessment``, ``materials`` and
    ``summary``. Call inside ``transaction.atomic``.
    """
    body = route(case)
    now = timezone.now()
    today = shanghai_date(now)
    request = ReviewRequest.objects.create(
        case=case,
        round_number=(previous.round_number + 1) if previous else 1,
        previous=previous,
        correction_summary=correction_summary,
        submitted_by=user,
        submitted_at=now,
        materials_complete_on=today,
        review_department=body.department,
        judicial_office=body.judicial_office,
        due_on=due_date(case.agency_id, today, extended=False),
        **snapshot,
    )
    if case.legal_review_state != LegalReviewState.REQUIRED:
        case.legal_review_state = LegalReviewState.REQUIRED
        case.save(update_fields=["legal_review_state"])
    return request


def submit(user: User, case: Case | int, data: SubmissionInput) -> ReviewRequest:
    """Submit the case's proposed decision for legal review as its next round."""
    require(user, Capability.MANAGE_CASES)
    summary = required_text(data.summary, "summary", "送审说明")
    with transaction.atomic():
        locked = lock_case(user, case)
        assessment = assess(locked, data.decision)
        if not assessment.major and not _voluntary(locked):
            raise InvalidTransition(
                "本案拟作出的决定不属于重大执法决定，无需法制审核。", field="case"
            )
        proposal = assessment.proposal.as_json()
        previous = latest_round(locked)
        correction = _check_previous(previous, data, proposal)
        _check_stage(locked)
        kind = assessment.proposal.kind
        snapshot = {
            "decision_kind": kind,
            "proposal": proposal,
            "assessment": assessment.as_json(),
            "materials": _materials(locked, kind, data.materials),
            "summary": summary,
        }
        request = open_round(
            user, locked, previous, snapshot=snapshot, correction_summary=correction
        )
        if previous is not None and previous.state in CORRECTABLE_STATES:
            previous.state = RequestState.RESUBMITTED
            previous.save(update_fields=["state"])
        audit.record(
            "review_resubmitted" if request.round_number > 1 else "review_submitted",
            actor=user,
            target=request,
            agency_id=locked.agency_id,
            detail={"round": request.round_number, "body": request.body_name},
        )
    logger.info("case %s submitted for review, round %s", locked.pk, request.round_number)
    return request


def lock_request(user: User, request: ReviewRequest | int) -> ReviewRequest:
    """Return the request locked with its case, or raise ``NotFound`` outside the scope."""
    pk = request.pk if isinstance(request, ReviewRequest) else request
    found = restrict(ReviewRequest.objects.filter(pk=pk), user).first()
    if found is None:
        raise NotFound("法制审核送审不存在或不在您的管理范围内。")
    lock_case(user, found.case_id)
    return (
        ReviewRequest.objects.select_for_update(of=("self",))
        .select_related("case__agency", "review_department__agency", "judicial_office")
        .get(pk=pk)
    )


def withdraw(user: User, request: ReviewRequest | int, reason: str) -> ReviewRequest:
    """Withdraw a round that is still under review; the department may submit again later."""
    require(user, Capability.MANAGE_CASES)
    text = required_text(reason, "reason", "撤回理由", 300)
    with transaction.atomic():
        locked = lock_request(user, request)
        if locked.state != RequestState.SUBMITTED:
            raise InvalidTransition(
                f"第{locked.round_number}轮法制审核已{locked.get_state_display()}，不能撤回。",
                field="state",
            )
        locked.state = RequestState.WITHDRAWN
        locked.save(update_fields=["state"])
        audit.record(
            "review_withdrawn",
            actor=user,
            target=locked,
            agency_id=locked.case.agency_id,
            detail={"round": locked.round_number, "reason": text},
        )
    return locked


def extend(user: User, request: ReviewRequest | int, reason: str) -> ReviewRequest:
    """Approve the one extension of a round under review and move its due date."""
    require(user, Capability.APPROVE_REVIEW_EXTENSION)
    text = required_text(reason, "reason", "延长理由", 300)
    with transaction.atomic():
        locked = lock_request(user, request)
        if locked.state != RequestState.SUBMITTED:
            raise InvalidTransition(
                f"第{locked.round_number}轮法制审核已{locked.get_state_display()}，不能延长期限。",
                field="state",
            )
        if locked.extension_approved_at is not None:
            raise InvalidTransition("审核期限只能延长一次，本轮已经延长过。", field="state")
        start = locked.materials_complete_on
        _, extension_days = review_period(locked.case.agency_id, start)
        locked.extension_days = extension_days
        locked.extension_reason = text
        locked.extension_approved_by = user
        locked.extension_approved_at = timezone.now()
        locked.due_on = due_date(locked.case.agency_id, start, extended=True)
        locked.save(
            update_fields=[
                "extension_days",
                "extension_reason",
                "extension_approved_by",
                "extension_approved_at",
                "due_on",
            ]
        )
        audit.record(
            "review_extended",
            actor=user,
            target=locked,
            agency_id=locked.case.agency_id,
            detail={"round": locked.round_number, "days": extension_days, "reason": text},
        )
    return locked

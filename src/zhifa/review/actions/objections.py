"""Objections (异议) of the handling department to an opinion, decided by the leadership.

The department may object once to a round that was returned or disapproved. The agency's
leadership either accepts the opinion, so the department corrects and resubmits, or orders
a new review, which opens the next round with the same materials, routed again.
"""

import logging

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.actions._common import require, required_text
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.review.actions.requests import CORRECTABLE_STATES, lock_request, open_round
from zhifa.review.models import (
    Conclusion,
    LeadershipDecision,
    RequestState,
    ReviewObjection,
    ReviewRequest,
)

logger = logging.getLogger(__name__)


def object_to_opinion(user: User, request: ReviewRequest | int, reasons: str) -> ReviewObjection:
    """Record the department's objection to a returned or disapproved round."""
    require(user, Capability.MANAGE_CASES)
    text = required_text(reasons, "reasons", "异议理由")
    with transaction.atomic():
        locked = lock_request(user, request)
        if ReviewObjection.objects.filter(request=locked).exists():
            raise InvalidTransition(
                f"已对第{locked.round_number}轮审核意见提出过异议，每轮只能提出一次。",
                field="state",
            )
        if locked.state not in CORRECTABLE_STATES:
            raise InvalidTransition(
                "只能对结论为“建议修改后提交”或“不同意”的审核意见提出异议；"
                f"第{locked.round_number}轮现为“{locked.get_state_display()}”。",
                field="state",
            )
        objection = ReviewObjection.objects.create(
            request=locked, reasons=text, raised_by=user, raised_at=timezone.now()
        )
        locked.state = RequestState.OBJECTED
        locked.save(update_fields=["state"])
        audit.record(
            "review_objected",
            actor=user,
            target=locked,
            agency_id=locked.case.agency_id,
            detail={"round": locked.round_number},
        )
    logger.info("objection to review round %s of case %s", locked.round_number, locked.case_id)
    return objection


def _restore_opinion_state(request: ReviewRequest) -> None:
    conclusion = request.opinion.conclusion
    request.state = (
        RequestState.DISAPPROVED if conclusion == Conclusion.DISAPPROVED else RequestState.RETURNED
    )
    request.save(update_fields=["state"])


def _order_new_review(user: User, request: ReviewRequest, reasons: str) -> ReviewRequest:
    request.state = RequestState.REREVIEW_ORDERED
    request.save(update_fields=["state"])
    snapshot = {
        "decision_kind": request.decision_kind,
        "proposal": request.proposal,
        "assessment": request.assessment,
        "materials": request.materials,
        "summary": request.summary,
    }
    return open_round(
        user,
        request.case,
        request,
        snapshot=snapshot,
        correction_summary=f"单位领导决定重新审核：{reasons}",
    )


def decide_objection(
    user: User, request: ReviewRequest | int, decision: str, reasons: str
) -> ReviewObjection:
    """Record the leadership's decision on the objection, with reasons."""
    require(user, Capability.APPROVE_AS_AGENCY_HEAD)
    if decision not in LeadershipDecision.values:
        raise ValidationFailed("请选择“领导决定”：采纳审核意见或者重新审核。", field="decision")
    text = required_text(reasons, "reasons", "决定理由")
    with transaction.atomic():
        locked = lock_request(user, request)
        objection = ReviewObjection.objects.select_for_update().filter(request=locked).first()
        if objection is None or locked.state != RequestState.OBJECTED:
            raise InvalidTransition(f"第{locked.round_number}轮没有待决定的异议。", field="state")
        objection.decision = decision
        objection.decision_reasons = text
        objection.decided_by = user
        objection.decided_at = timezone.now()
        objection.save(update_fields=["decision", "decision_reasons", "decided_by", "decided_at"])
        new_round = None
        if decision == LeadershipDecision.ACCEPT_OPINION:
            _restore_opinion_state(locked)
        else:
            new_round = _order_new_review(user, locked, text)
        audit.record(
            "review_objection_decided",
            actor=user,
            target=locked,
            agency_id=locked.case.agency_id,
            detail={
                "round": locked.round_number,
                "decision": decision,
                "new_round": new_round.round_number if new_round else None,
            },
        )
    return objection

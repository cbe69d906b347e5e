"""The agency's rectification of findings (整改情况) and the bureau's confirmation.

A finding is a deduction above zero in a final evaluation. The agency reports one
rectification at a time per finding. The bureau confirms it, or returns it with a comment so
that the agency reports again. A confirmed finding is closed.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.cases.actions._common import require, required_text
from zhifa.core.errors import InvalidTransition, NotFound
from zhifa.supervision.evaluation.models import (
    Evaluation,
    EvaluationState,
    ItemScore,
    Rectification,
    RectificationState,
)


def _finding(user: User, score_id: int) -> ItemScore:
    visible = restrict(Evaluation.objects.all(), user)
    score = (
        ItemScore.objects.select_related("evaluation", "item")
        .filter(pk=score_id, evaluation__in=visible)
        .first()
    )
    if score is None or score.deduction <= 0:
        raise NotFound("评查意见不存在或不在您的管理范围内。")
    if score.evaluation.state != EvaluationState.FINAL:
        raise InvalidTransition("评查尚未定稿，定稿后才能报送整改情况。")
    return score


def submit_rectification(
    user: User, score_id: int, text: str, *, request: Any = None
) -> Rectification:
    require(user, Capability.RECTIFY_FINDINGS)
    body = required_text(text, "text", "整改情况", 5000)

    with transaction.atomic():
        score = _finding(user, score_id)
        ItemScore.objects.select_for_update().filter(pk=score.pk).first()
        open_states = [RectificationState.SUBMITTED, RectificationState.CONFIRMED]
        current = score.rectifications.filter(state__in=open_states).first()
        if current is not None:
            raise InvalidTransition(
                f"该评查意见的整改情况{current.get_state_display()}，不需要再次报送。"
            )
        rectification = Rectification.objects.create(score=score, text=body, submitted_by=user)
        audit.record(
            "rectification_submitted",
            actor=user,
            target=rectification,
            agency_id=score.evaluation.agency_id,
            request=request,
            detail={"item": score.item.code},
        )
    return rectification


def answer_rectification(
    user: User, rectification_id: int, *, confirm: bool, comment: str = "", request: Any = None
) -> Rectification:
    """Confirm a reported rectification, or return it; a return needs a comment."""
    require(user, Capability.EVALUATE_CASE_FILES)
    note = (comment or "").strip()
    if not confirm:
        note = required_text(comment, "comment", "退回理由", 2000)

    with transaction.atomic():
        found = restrict(Rectification.objects.filter(pk=rectification_id), user).first()
        if found is None:
            raise NotFound("整改情况不存在或不在您的管理范围内。")
        rectification = Rectification.objects.select_for_update().get(pk=found.pk)
        if rectification.state != RectificationState.SUBMITTED:
            raise InvalidTransition(
                f"该整改情况状态为“{rectification.get_state_display()}”，只能确认待确认的整改情况。"
            )
        rectification.state = (
            RectificationState.CONFIRMED if confirm else RectificationState.RETURNED
        )
        rectification.comment = note[:2000]
        rectification.answered_by = user
        rectification.answered_at = timezone.now()
        rectification.save(update_fields=["state", "comment", "answered_by", "answered_at"])
        audit.record(
            "rectification_confirmed" if confirm else "rectification_returned",
            actor=user,
            target=rectification,
            agency_id=found.score.evaluation.agency_id,
            request=request,
        )
    return rectification

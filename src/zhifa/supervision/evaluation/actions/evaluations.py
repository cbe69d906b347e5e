"""Evaluating a drawn case against the standard of its draw, and finalising the result.

While an evaluation is a draft the bureau may change its deductions; a final evaluation is
frozen, and only the rectification of its findings continues.
"""

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.cases.actions._common import require
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.supervision.evaluation import rules
from zhifa.supervision.evaluation.actions._common import optional_text, plain, points_value
from zhifa.supervision.evaluation.models import (
    DrawnCase,
    Evaluation,
    EvaluationState,
    ItemScore,
)

logger = logging.getLogger(__name__)


@dataclass
class ScoreInput:
    """The points deducted on one item (0 for full marks) and the finding (评查意见)."""

    item_id: int
    deduction: Decimal | str
    finding: str = ""


def start_evaluation(user: User, drawn_case_id: int, *, request: Any = None) -> Evaluation:
    """Open the evaluation of a drawn case, scored against the standard of its draw."""
    require(user, Capability.EVALUATE_CASE_FILES)

    with transaction.atomic():
        drawn = (
            restrict(DrawnCase.objects.select_related("draw"), user)
            .filter(pk=drawn_case_id)
            .first()
        )
        if drawn is None:
            raise NotFound("抽取案件不存在或不在您的管理范围内。")
        if Evaluation.objects.filter(drawn_case=drawn).exists():
            raise InvalidTransition("该案卷已开始评查，请打开已有的评查记录。")
        evaluation = Evaluation.objects.create(
            drawn_case=drawn,
            case_id=drawn.case_id,
            agency_id=drawn.agency_id,
            year=drawn.draw.year,
            standard_id=drawn.draw.standard_id,
            evaluator=user,
        )
        audit.record(
            "evaluation_started",
            actor=user,
            target=evaluation,
            agency_id=drawn.agency_id,
            request=request,
        )
    return evaluation


def _locked(user: User, evaluation_id: int) -> Evaluation:
    if not restrict(Evaluation.objects.filter(pk=evaluation_id), user).exists():
        raise NotFound("案卷评查记录不存在或不在您的管理范围内。")
    return Evaluation.objects.select_for_update().select_related("standard").get(pk=evaluation_id)


def _require_draft(evaluation: Evaluation) -> None:
    if evaluation.state != EvaluationState.DRAFT:
        raise InvalidTransition(f"{evaluation}已定稿，评分不能再修改。")


def _checked_scores(evaluation: Evaluation, entries: list[ScoreInput]) -> list[ItemScore]:
    items = {item.pk: item for item in evaluation.standard.items.all()}
    rows: list[ItemScore] = []
    for entry in entries:
        item = items.get(entry.item_id)
        if item is None:
            raise ValidationFailed("评查项目不属于本次评查所用的标准，请刷新页面后重试。")
        field = f"deduction_{item.pk}"
        deduction = points_value(entry.deduction or "0", field, f"{item.code}扣分")
        if deduction > item.points:
            raise ValidationFailed(
                f"“{item.code}扣分”{plain(deduction)}超过该项分值{plain(item.points)}分，请修改。",
                field=field,
            )
        finding = optional_text(entry.finding, f"finding_{item.pk}", f"{item.code}评查意见", 2000)
        if deduction > 0 and not finding:
            raise ValidationFailed(
                f"“{item.code}”扣{plain(deduction)}分，请填写评查意见，写明案卷存在的问题。",
                field=f"finding_{item.pk}",
            )
        if deduction > 0 or finding:
            rows.append(
                ItemScore(evaluation=evaluation, item=item, deduction=deduction, finding=finding)
            )
    return rows


def save_scores(
    user: User,
    evaluation_id: int,
    entries: list[ScoreInput],
    *,
    summary: str = "",
    request: Any = None,
) -> Evaluation:
    """Replace the draft's deductions; an item without a row keeps full marks."""
    require(user, Capability.EVALUATE_CASE_FILES)
    text = optional_text(summary, "summary", "总体评价", 5000)

    with transaction.atomic():
        evaluation = _locked(user, evaluation_id)
        _require_draft(evaluation)
        rows = _checked_scores(evaluation, entries)
        evaluation.scores.all().delete()
        ItemScore.objects.bulk_create(rows)
        evaluation.summary = text
        evaluation.save(update_fields=["summary"])
        audit.record(
            "evaluation_scored",
            actor=user,
            target=evaluation,
            agency_id=evaluation.agency_id,
            request=request,
            detail={"deductions": {row.item.code: str(row.deduction) for row in rows}},
        )
    return evaluation


def score_total(evaluation: Evaluation) -> Decimal:
    """Return the standard's full marks minus the deductions recorded so far."""
    full = sum(evaluation.standard.items.values_list("points", flat=True), Decimal("0"))
    deducted = sum(evaluation.scores.values_list("deduction", flat=True), Decimal("0"))
    return full - deducted


def finalise(user: User, evaluation_id: int, *, request: Any = None) -> Evaluation:
    """Fix the total and grade; the evaluation cannot change afterwards."""
    require(user, Capability.EVALUATE_CASE_FILES)

    with transaction.atomic():
        evaluation = _locked(user, evaluation_id)
        _require_draft(evaluation)
        standard = evaluation.standard
        total = score_total(evaluation)
        evaluation.total = total
        evaluation.grade = rules.grade_for(
            total, standard.excellent_min, standard.good_min, standard.pass_min
        )
        evaluation.state = EvaluationState.FINAL
        evaluation.finalised_at = timezone.now()
        evaluation.save(update_fields=["total", "grade", "state", "finalised_at"])
        audit.record(
            "evaluation_finalised",
            actor=user,
            target=evaluation,
            agency_id=evaluation.agency_id,
            request=request,
            detail={"total": str(total), "grade": evaluation.grade},
        )
    logger.info("evaluation %s finalised", evaluation.pk, extra={"agency_id": evaluation.agency_id})
    return evaluation

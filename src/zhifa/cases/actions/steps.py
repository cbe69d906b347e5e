"""Recording any step of a case, correcting a step, and closing a case."""

import datetime
import logging
from decimal import Decimal

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases import hooks, plugins, stages
from zhifa.cases.actions._common import (
    StepInput,
    append_step,
    lock_case,
    require,
    required_date,
    required_text,
)
from zhifa.cases.models import Case, CaseStatus, CaseStep
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed

logger = logging.getLogger(__name__)


def record_step(user: User, case: Case | int, data: StepInput) -> CaseStep:
    """Record one step of the case's procedure, moving the case to the step's stage if needed.

    An out-of-order step raises ``InvalidTransition`` naming the current stage and what must
    come first. An on-site step needs two officers with credentials valid for the case's
    domain (the error names the officer) and every disclosure duty. An approval step needs
    the approval capability. Steps with their own rules (evidence
    preservation, prior notice, hearing, decision, service, payment) have their own actions.
    """
    require(user, Capability.MANAGE_CASES)
    if data.step in stages.RESERVED_STEPS:
        raise ValidationFailed(stages.RESERVED_STEPS[data.step], field="step")
    if data.step in stages.NO_PENALTY_OUTCOMES:
        # conclude_without_penalty records these outcomes and checks their contents.
        raise ValidationFailed(
            f"“{stages.NO_PENALTY_OUTCOMES[data.step]}”须填写决定内容，请在案件页面记录。",
            field="step",
        )
    if plugins.step_plugin(data.step) is not None:
        # A plug-in step keeps records of its own (a remedy, a licence) beside the step.
        raise ValidationFailed(
            f"“{data.step}”环节须填写专门内容，请在案件页面记录，或通过接口的 fields 提交。",
            field="step",
        )
    with transaction.atomic():
        locked = lock_case(user, case)
        step = append_step(user, locked, data)
    logger.info("case %s step %s recorded", locked.pk, step.step)
    return step


def correct_step(
    user: User, case: Case | int, step_id: int, data: StepInput, reason: str
) -> CaseStep:
    """Record a correction: a new step with the same code that points at the old one.

    The corrected step stays as it was, because the table rejects updates. The correction is
    recorded in the stage of the step it corrects and does not move the case.
    """
    require(user, Capability.MANAGE_CASES)
    reason = required_text(reason, "correction_reason", "更正理由", 300)
    with transaction.atomic():
        locked = lock_case(user, case)
        original = CaseStep.objects.filter(pk=step_id, case=locked).first()
        if original is None:
            raise NotFound("要更正的办案环节记录不存在。")
        if data.step != original.step:
            raise ValidationFailed(
                "更正记录应与原记录属于同一办案环节，如需记录其他环节请直接新增。", field="step"
            )
        if original.corrections.exists():
            raise ValidationFailed("该记录已被更正，请更正最新的更正记录。", field="step_id")
        step = append_step(
            user,
            locked,
            data,
            audit_action="case_step_corrected",
            corrects=original,
            correction_reason=reason,
        )
    logger.info("case %s step %s corrected by step %s", locked.pk, original.pk, step.pk)
    return step


def missing_before_closing(case: Case, recorded: list[str] | None = None) -> list[str]:
    """Return what must be recorded before the case can close, as Chinese labels.

    ``recorded`` are the case's step codes, when the caller has them already.
    """
    procedure = stages.procedure_for(case.kind)
    if recorded is None:
        recorded = list(case.steps.values_list("step", flat=True))
    return stages.missing_required(procedure, case.stage, recorded)


# Steps that settle a fine or confiscation: paid, collected on the spot, or sent to the court.
MONEY_SETTLING_STEPS = ("fine_payment", "on_the_spot_collection", "court_enforcement")


def _unexecuted_money(case: Case) -> str:
    """Return why a decided fine or confiscation keeps the case open; empty when settled.

    A warning-only penalty may close after service, but money must be paid or sent to the
    court for enforcement first.
    """
    decision = (
        case.steps.filter(step__in=("penalty_decision", "on_the_spot_decision"))
        .order_by("-sequence")
        .first()
    )
    if decision is None:
        return ""
    penalty = decision.details.get("penalty", {})
    owes = Decimal(penalty.get("fine", "0")) > 0 or Decimal(penalty.get("confiscation", "0")) > 0
    if not owes or case.steps.filter(step__in=MONEY_SETTLING_STEPS).exists():
        return ""
    return (
        "处罚决定的罚款或没收款项尚未缴纳，也未申请人民法院强制执行，不能结案；"
        "请先记录“缴纳罚款”或“申请人民法院强制执行”。"
    )


def close_case(
    user: User,
    case: Case | int,
    *,
    closed_on: datetime.date,
    summary: str,
    occurred_at: datetime.datetime,
) -> Case:
    """Approve closing (结案审批) and close the case.

    Needs the approval capability for ordinary penalty cases. Refused while the current stage
    lacks a required step (the reason names them) or the case cannot move to closing yet.
    """
    require(user, Capability.MANAGE_CASES)
    closed_on = required_date(closed_on, "closed_on", "结案日期")
    with transaction.atomic():
        locked = lock_case(user, case)
        blocker = stages.closing_blocker(
            locked.kind, locked.stage, locked.steps.values_list("step", flat=True)
        )
        if blocker:
            raise InvalidTransition(blocker, field="step")
        unpaid = _unexecuted_money(locked)
        if unpaid:
            raise InvalidTransition(unpaid, field="step")
        reasons = hooks.closing_blockers(locked)
        if reasons:
            raise InvalidTransition("不能结案：" + "；".join(reasons), field="step")
        append_step(
            user,
            locked,
            StepInput(step="closing_approval", occurred_at=occurred_at, summary=summary),
        )
        locked.status = CaseStatus.CLOSED
        locked.closed_on = closed_on
        locked.save(update_fields=["status", "closed_on"])
        audit.record(
            "case_closed",
            actor=user,
            target=locked,
            agency_id=locked.agency_id,
            detail={"closed_on": closed_on.isoformat()},
        )
    logger.info("case %s closed", locked.pk)
    return locked

"""Recording why a mandatory scene of a case could not be recorded (免予音像记录说明)."""

import logging

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.actions._common import lock_case, require
from zhifa.cases.models import CaseStep
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.evidence import compliance
from zhifa.evidence.ledger import entries
from zhifa.evidence.models import ExemptionReason, SceneExemption

logger = logging.getLogger(__name__)

MIN_REASON = 10


def record_exemption(
    user: User, case_id: int, step_id: int, scene_id: int, reason_kind: str, reason: str
) -> SceneExemption:
    """Record that a step's mandatory scene was not recorded because of a high-risk site.

    Only a duty the case has now and that no record or exemption covers yet may be exempted.
    """
    require(user, Capability.MANAGE_CASES)
    if reason_kind not in ExemptionReason.values:
        raise ValidationFailed(
            "请选择场所类型：易燃、易爆、无菌等洁净场所或其他高风险场所。", field="reason_kind"
        )
    text = (reason or "").strip()
    if len(text) < MIN_REASON:
        raise ValidationFailed(
            f"请写明不能录音录像的具体理由，至少{MIN_REASON}个字。", field="reason"
        )
    with transaction.atomic():
        case = lock_case(user, case_id)
        step = CaseStep.objects.filter(pk=step_id, case=case).first()
        if step is None:
            raise ValidationFailed(f"所选办案环节不是案件{case.number}的记录。", field="step")
        result = compliance.evaluate_case(case)
        duty = next(
            (d for d in result.duties if d.step.pk == step.pk and d.scene.pk == scene_id), None
        )
        if duty is None:
            raise ValidationFailed(
                f"第{step.sequence}项办案环节不要求该场景全程音像记录，无须说明。", field="scene"
            )
        if duty.met:
            raise InvalidTransition(f"{duty.describe()}已有音像记录或免予记录说明。", field="scene")
        row = SceneExemption.objects.create(
            case=case,
            step=step,
            scene_id=scene_id,
            reason_kind=reason_kind,
            reason=text,
            recorded_by=user,
        )
        entries.exemption_recorded(row)
        audit.record(
            "scene_exemption_recorded",
            actor=user,
            target=row,
            agency_id=case.agency_id,
            detail={"step": step.sequence, "scene": duty.scene.code, "reason_kind": reason_kind},
        )
    logger.info("exemption recorded for case %s step %s", case.pk, step.pk)
    return row

"""Flags the handling department sets on a case to declare it major (重大执法决定情形)."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.cases.actions._common import lock_case, require, required_text
from zhifa.cases.models import Case
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.review.models import MajorDecisionFlag, MajorFlag

logger = logging.getLogger(__name__)


def set_flag(user: User, case: Case | int, code: str, reason: str) -> MajorDecisionFlag:
    """Set flag ``code`` on the case with the department's reason; one open flag per code."""
    require(user, Capability.MANAGE_CASES)
    if code not in MajorFlag.values:
        raise ValidationFailed("请从列表中选择“情形”。", field="code")
    text = required_text(reason, "reason", "标记理由", 2000)
    with transaction.atomic():
        locked = lock_case(user, case)
        if MajorDecisionFlag.objects.filter(
            case=locked, code=code, cleared_at__isnull=True
        ).exists():
            raise InvalidTransition(
                f"本案已标记“{MajorFlag(code).label}”，无需重复标记。", field="code"
            )
        try:
            with transaction.atomic():
                flag = MajorDecisionFlag.objects.create(
                    case=locked, code=code, reason=text, set_by=user
                )
        except IntegrityError:  # a concurrent request set the same flag first
            raise InvalidTransition(
                f"本案已标记“{MajorFlag(code).label}”，无需重复标记。", field="code"
            ) from None
        audit.record(
            "major_flag_set",
            actor=user,
            target=locked,
            agency_id=locked.agency_id,
            detail={"flag": flag.pk, "code": code},
        )
    logger.info("major flag %s set on case %s", code, locked.pk)
    return flag


def clear_flag(user: User, flag: MajorDecisionFlag | int, reason: str) -> MajorDecisionFlag:
    """Clear an open flag with a reason; the flag stays on record."""
    require(user, Capability.MANAGE_CASES)
    text = required_text(reason, "reason", "撤销理由", 300)
    pk = flag.pk if isinstance(flag, MajorDecisionFlag) else flag
    found = restrict(MajorDecisionFlag.objects.filter(pk=pk), user).first()
    if found is None:
        raise NotFound("重大执法决定情形不存在或不在您的管理范围内。")
    with transaction.atomic():
        locked_case = lock_case(user, found.case_id)
        locked = MajorDecisionFlag.objects.select_for_update().get(pk=pk)
        if locked.cleared_at is not None:
            raise InvalidTransition("该情形已经撤销。", field="flag")
        locked.cleared_by = user
        locked.cleared_at = timezone.now()
        locked.clear_reason = text
        locked.save(update_fields=["cleared_by", "cleared_at", "clear_reason"])
        audit.record(
            "major_flag_cleared",
            actor=user,
            target=locked_case,
            agency_id=locked_case.agency_id,
            detail={"flag": locked.pk, "code": locked.code, "reason": text},
        )
    logger.info("major flag %s cleared on case %s", locked.code, locked_case.pk)
    return locked

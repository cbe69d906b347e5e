"""Linking a stored record to its case, party and step (the marking is in ``marking``).

The database lets each of case, party and step be set once from empty and refuses any other
change of them, so a link made by mistake is corrected by the supervisor outside the platform.
"""

import logging

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.cases.actions._common import lock_case
from zhifa.cases.models import CaseStep
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.evidence.ledger import entries
from zhifa.evidence.models import AvRecord
from zhifa.evidence.records._common import lock_record

logger = logging.getLogger(__name__)


def _check_set_once(
    record: AvRecord, case_id: int, party_id: int | None, step_id: int | None
) -> None:
    if record.case is not None and record.case_id != case_id:
        raise InvalidTransition(
            f"该音像记录已关联案件{record.case.number}，不能改为关联其他案件。", field="case"
        )
    if record.party_id is not None and party_id is not None and record.party_id != party_id:
        raise InvalidTransition("该音像记录已关联当事人，不能改为其他当事人。", field="party")
    if record.step_id is not None and step_id is not None and record.step_id != step_id:
        raise InvalidTransition("该音像记录已关联办案环节，不能改为其他环节。", field="step")


def link_record(
    user: User,
    record: AvRecord | int,
    *,
    case_id: int,
    party_id: int | None = None,
    step_id: int | None = None,
) -> AvRecord:
    """Link a record to a case of its agency, and optionally a party and a step of that case.

    Each link is set once from empty: a second change of a link already set is rejected.
    """
    with transaction.atomic():
        found = lock_record(user, record)
        _check_set_once(found, case_id, party_id, step_id)
        case = lock_case(user, case_id)
        if case.agency_id != found.agency_id:
            raise ValidationFailed(
                "只能关联本执法主体的案件，请选择该记录所属单位的案件。", field="case"
            )
        if party_id is not None and not case.parties.filter(pk=party_id).exists():
            raise ValidationFailed(f"所选当事人不是案件{case.number}的当事人。", field="party")
        step = None
        if step_id is not None:
            step = CaseStep.objects.filter(pk=step_id, case=case).first()
            if step is None:
                raise ValidationFailed(f"所选办案环节不是案件{case.number}的记录。", field="step")
        changes = {"case_id": case.pk}
        if party_id is not None:
            changes["party_id"] = party_id
        if step is not None:
            changes["step_id"] = step.pk
        changes = {key: value for key, value in changes.items() if getattr(found, key) != value}
        if not changes:
            raise ValidationFailed("没有需要保存的关联，记录已关联所选内容。", field="case")
        AvRecord.objects.filter(pk=found.pk).update(**changes)
        found.refresh_from_db()
        entries.av_record_links_changed(found)
        audit.record(
            "av_record_linked",
            actor=user,
            target=found,
            agency_id=found.agency_id,
            detail={"case": case.number, **changes},
        )
    logger.info("AV record %s linked: %s", found.pk, changes)
    return found

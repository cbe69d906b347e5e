"""Explaining a gap in a recording session (中断说明)."""

import logging

from django.db import IntegrityError, transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.evidence import sessions
from zhifa.evidence.ledger import entries
from zhifa.evidence.models import Interruption, InterruptionSource
from zhifa.evidence.records._common import lock_record

logger = logging.getLogger(__name__)

MIN_EXPLANATION = 5


def explain_gap(user: User, resumed_record: int, source: str, explanation: str) -> Interruption:
    """Record why the recording stopped before ``resumed_record`` started again.

    ``source`` records whether the reason was stated in the recording or written afterwards.
    The gap must exist in the record's session now and may be explained once.
    """
    if source not in InterruptionSource.values:
        raise ValidationFailed(
            "请选择说明方式：已在录音录像中说明，或事后书面说明。", field="source"
        )
    text = (explanation or "").strip()
    if len(text) < MIN_EXPLANATION:
        raise ValidationFailed(
            f"请填写中断原因，至少{MIN_EXPLANATION}个字，例如“电池耗尽，更换电池后继续录制”。",
            field="explanation",
        )
    with transaction.atomic():
        record = lock_record(user, resumed_record)
        if record.session is None:
            raise InvalidTransition("该音像记录不属于任何录制过程，没有中断。", field="record")
        gap = next((g for g in sessions.gaps(record.session) if g.resumed.pk == record.pk), None)
        if gap is None:
            raise InvalidTransition(
                f"“{record.filename}”与前一文件之间没有超过允许间隔的中断，无须说明。",
                field="record",
            )
        if gap.interruption is not None:
            raise InvalidTransition("该中断已有说明，说明提交后不能修改。", field="record")
        try:
            with transaction.atomic():
                row = Interruption.objects.create(
                    session=record.session,
                    resumed_record=record,
                    gap_started_at=gap.started_at,
                    gap_ended_at=gap.ended_at,
                    source=source,
                    explanation=text,
                    explained_by=user,
                )
        except IntegrityError:
            raise InvalidTransition(
                "该中断已有说明，说明提交后不能修改。", field="record"
            ) from None
        entries.interruption_explained(row)
        audit.record(
            "interruption_explained",
            actor=user,
            target=row,
            agency_id=record.agency_id,
            detail={"record": record.pk, "source": source, "seconds": gap.seconds},
        )
    logger.info("gap before AV record %s explained", record.pk)
    return row

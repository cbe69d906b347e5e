"""Recording reconsideration and litigation against a case's decision, and their outcomes.

``file_remedy`` and ``conclude_remedy`` write the ``remedy_filed`` / ``remedy_concluded``
step and the ``Remedy`` row in one transaction. The step's time must fall on the filing or
conclusion date, because ``zhifa.cases.actions.execution.remedy_pauses`` reads the pauses of
additional fines from the step times. A correcting outcome sets ``Remedy.withdraw_by`` and,
after commit, sends ``zhifa.remedies.signals.decision_corrected``.
"""

import dataclasses
import datetime
import logging
import uuid
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.cases import stages
from zhifa.cases.actions._common import (
    CALENDAR,
    StepInput,
    append_step,
    lock_case,
    require,
    required_date,
    required_text,
)
from zhifa.cases.documents import storage
from zhifa.cases.documents.actions import SCAN_SIGNATURES
from zhifa.cases.models import Case, CaseStep
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.core.workdays import shanghai_date
from zhifa.remedies import rules
from zhifa.remedies.models import (
    CORRECTION_OUTCOMES,
    Remedy,
    RemedyKind,
    RemedyOutcome,
    RemedyStatus,
)
from zhifa.remedies.signals import decision_corrected

logger = logging.getLogger(__name__)

# The decision step of each penalty procedure; other kinds use their latest decision-stage step.
MAX_OUTCOME_FILE_BYTES = 50 * 1024 * 1024
OUTCOME_FOLDER = "remedies/"


def _with_details(step: StepInput, code: str, **details: Any) -> StepInput:
    return dataclasses.replace(step, step=code, details={**step.details, **details})


def decision_of(case: Case) -> CaseStep | None:
    """Return the latest current step recording one of the kind's challengeable decisions."""
    procedure = stages.procedure_for(case.kind)
    rows = list(case.steps.filter(step__in=procedure.decisions).order_by("sequence"))
    corrected = {row.corrects_id for row in rows if row.corrects_id}
    current = [
        row
        for row in rows
        if row.pk not in corrected
        and (row.details or {}).get("outcome") not in procedure.unchallengeable.get(row.step, ())
    ]
    return current[-1] if current else None


def decided_on(decision: CaseStep) -> datetime.date:
    value = decision.details.get("decided_on")
    return datetime.date.fromisoformat(value) if value else shanghai_date(decision.occurred_at)


def _require_step_date(step: StepInput, day: datetime.date, label: str) -> None:
    """Reject a step time on another day, because additional fines pause by the step times."""
    if step.occurred_at is None or shanghai_date(step.occurred_at) != day:
        raise ValidationFailed(
            f"“发生时间”应在{label}{day.isoformat()}当天，请按{label}填写。",
            field="occurred_at",
        )


def _choice(
    value: str, choices: type[RemedyKind] | type[RemedyOutcome], field: str, label: str
) -> str:
    if value not in choices.values:
        raise ValidationFailed(f"请选择“{label}”。", field=field)
    return value


@dataclasses.dataclass
class FilingInput:
    """A reconsideration application or a lawsuit as the agency learns of it."""

    kind: str
    filed_on: datetime.date
    body: str
    reference: str
    party_id: int
    note: str = ""


def file_remedy(user: User, case: Case | int, step: StepInput, data: FilingInput) -> CaseStep:
    """Record a reconsideration application or lawsuit against the case's decision.

    A lawsuit by an applicant whose reconsideration has concluded is linked to it. Rejected:
    no decision yet, a filing date before the decision, and a second pending remedy of the
    same kind with the same reference number.
    """
    require(user, Capability.MANAGE_CASES)
    kind = _choice(data.kind, RemedyKind, "kind", "救济类型")
    filed_on = required_date(data.filed_on, "filed_on", "申请或起诉日期")
    body = required_text(data.body, "body", "复议机关或受理法院", 200)
    reference = required_text(data.reference, "reference", "复议或诉讼案号", 100)
    _require_step_date(step, filed_on, "申请或起诉日期")

    with transaction.atomic():
        locked = lock_case(user, case, allow_closed=True)
        applicant = locked.parties.filter(pk=data.party_id).first()
        if applicant is None:
            raise ValidationFailed("请选择本案当事人作为“申请人（原告）”。", field="party_id")
        decision = decision_of(locked)
        if decision is None:
            raise InvalidTransition("本案尚未作出决定，不能记录行政复议或行政诉讼。", field="step")
        if filed_on < decided_on(decision):
            raise ValidationFailed(
                f"“申请或起诉日期”早于决定日期{decided_on(decision).isoformat()}，请核对。",
                field="filed_on",
            )
        duplicate = Remedy.objects.filter(
            case=locked, kind=kind, reference=reference, status=RemedyStatus.PENDING
        )
        if duplicate.exists():
            raise ValidationFailed(
                f"案号为“{reference}”的{RemedyKind(kind).label}已登记且尚未结束，请勿重复登记。",
                field="reference",
            )
        follows = _reconsideration_before(locked, kind, applicant.pk, filed_on)
        row = append_step(
            user,
            locked,
            _with_details(
                step,
                "remedy_filed",
                kind=kind,
                kind_label=RemedyKind(kind).label,
                filed_on=filed_on.isoformat(),
                body=body,
                reference=reference,
                applicant=applicant.name,
                applicant_id=applicant.pk,
            ),
            audit_action="remedy_filed",
        )
        Remedy.objects.create(
            case=locked,
            kind=kind,
            decision_step=decision,
            filed_step=row,
            follows=follows,
            applicant=applicant,
            filed_on=filed_on,
            body=body,
            reference=reference,
            note=(data.note or "").strip(),
            recorded_by=user,
        )
    logger.info("case %s remedy %s filed in step %s", locked.pk, kind, row.pk)
    return row


def _reconsideration_before(
    case: Case, kind: str, applicant_id: int, filed_on: datetime.date
) -> Remedy | None:
    """Return the applicant's latest concluded reconsideration that a lawsuit follows."""
    if kind != RemedyKind.LITIGATION:
        return None
    return (
        Remedy.objects.filter(
            case=case,
            kind=RemedyKind.RECONSIDERATION,
            applicant_id=applicant_id,
            status=RemedyStatus.CONCLUDED,
            concluded_on__lte=filed_on,
        )
        .order_by("-concluded_on", "-pk")
        .first()
    )


@dataclasses.dataclass
class ConclusionInput:
    """The outcome of a pending remedy; ``reference`` picks it when several are pending."""

    outcome: str
    concluded_on: datetime.date
    reference: str = ""
    note: str = ""


def _pending_remedy(case: Case, reference: str) -> Remedy:
    pending = list(
        Remedy.objects.filter(case=case, status=RemedyStatus.PENDING).order_by("filed_on", "pk")
    )
    if not pending:
        raise ValidationFailed("本案没有尚未结束的行政复议或行政诉讼。", field="reference")
    if reference:
        matching = [remedy for remedy in pending if remedy.reference == reference]
        if not matching:
            known = "、".join(remedy.reference for remedy in pending)
            raise ValidationFailed(
                f"没有案号为“{reference}”的未结束复议或诉讼，未结束的有：{known}。",
                field="reference",
            )
        return matching[0]
    if len(pending) > 1:
        raise ValidationFailed(
            "本案有多件未结束的复议或诉讼，请填写“复议或诉讼案号”。", field="reference"
        )
    return pending[0]


def conclude_remedy(
    user: User, case: Case | int, step: StepInput, data: ConclusionInput
) -> CaseStep:
    """Record the outcome of a pending reconsideration or lawsuit.

    A correcting outcome sets the date by which the published decision must be withdrawn and
    sends ``decision_corrected`` once the transaction commits.
    """
    require(user, Capability.MANAGE_CASES)
    outcome = _choice(data.outcome, RemedyOutcome, "outcome", "结果")
    concluded_on = required_date(data.concluded_on, "concluded_on", "结束日期")
    reference = (data.reference or "").strip()
    _require_step_date(step, concluded_on, "结束日期")

    with transaction.atomic():
        locked = lock_case(user, case, allow_closed=True)
        remedy = _pending_remedy(locked, reference)
        if concluded_on < remedy.filed_on:
            raise ValidationFailed(
                f"“结束日期”早于申请或起诉日期{remedy.filed_on.isoformat()}，请核对。",
                field="concluded_on",
            )
        withdraw_by = None
        if outcome in CORRECTION_OUTCOMES:
            withdraw_by = rules.withdrawal_due(concluded_on, CALENDAR)
        row = append_step(
            user,
            locked,
            _with_details(
                step,
                "remedy_concluded",
                remedy_id=remedy.pk,
                kind_label=remedy.get_kind_display(),
                reference=remedy.reference,
                outcome=outcome,
                outcome_label=RemedyOutcome(outcome).label,
                concluded_on=concluded_on.isoformat(),
                withdraw_by=withdraw_by.isoformat() if withdraw_by else "",
            ),
            audit_action="remedy_concluded",
        )
        remedy.status = RemedyStatus.CONCLUDED
        remedy.outcome = outcome
        remedy.concluded_on = concluded_on
        remedy.concluded_step = row
        remedy.withdraw_by = withdraw_by
        fields = ["status", "outcome", "concluded_on", "concluded_step", "withdraw_by"]
        if data.note.strip():
            remedy.note = "\n".join(part for part in (remedy.note, data.note.strip()) if part)
            fields.append("note")
        remedy.save(update_fields=fields)
        if withdraw_by is not None:
            transaction.on_commit(lambda: _send_corrected(locked, remedy, withdraw_by))
    logger.info("case %s remedy %s concluded as %s", locked.pk, remedy.pk, outcome)
    return row


def _send_corrected(case: Case, remedy: Remedy, withdraw_by: datetime.date) -> None:
    logger.info("case %s decision corrected by remedy %s", case.pk, remedy.pk)
    decision_corrected.send(sender=Remedy, case=case, remedy=remedy, withdraw_by=withdraw_by)


# --- The outcome document ----------------------------------------------------------------------


def _scan_type(head: bytes) -> tuple[str, str]:
    for signature, extension, content_type in SCAN_SIGNATURES:
        if head.startswith(signature):
            return extension, content_type
    raise ValidationFailed(
        "复议决定书或裁判文书只能是 PDF、JPEG 或 PNG 文件，请转换格式后重新上传。", field="file"
    )


def attach_outcome_document(user: User, remedy: Remedy | int, upload: UploadedFile) -> Remedy:
    """Store the reconsideration decision or judgment of a concluded remedy, with its digest.

    A second upload replaces the file; the audit entry keeps the digest of each one.
    """
    require(user, Capability.MANAGE_CASES)
    pk = remedy.pk if isinstance(remedy, Remedy) else remedy
    if not restrict(Remedy.objects.filter(pk=pk), user).exists():
        raise NotFound("复议或诉讼记录不存在或不在您的管理范围内。")

    # Hash and check the upload before the transaction, so a large file holds no lock.
    with storage.spool(
        upload.chunks(), max_bytes=MAX_OUTCOME_FILE_BYTES, label="复议决定书或裁判文书"
    ) as spooled:
        if spooled.size == 0:
            raise ValidationFailed("上传的文件是空文件，请重新选择。", field="file")
        extension, content_type = _scan_type(spooled.head)
        name = f"{OUTCOME_FOLDER}{pk}/outcome-{uuid.uuid4().hex[:12]}.{extension}"
        stored = storage.save_spooled(spooled, name)

    try:
        with transaction.atomic():
            locked = Remedy.objects.select_for_update().select_related("case").get(pk=pk)
            if locked.status != RemedyStatus.CONCLUDED:
                raise InvalidTransition(
                    "请先记录“行政复议或行政诉讼结束”，再上传结果文书。", field="file"
                )
            locked.outcome_file.name = stored.name
            locked.outcome_digest = stored.digest
            locked.outcome_size = stored.size
            locked.outcome_content_type = content_type
            locked.outcome_original_name = (upload.name or f"结果文书.{extension}")[-200:]
            locked.save(
                update_fields=[
                    "outcome_file",
                    "outcome_digest",
                    "outcome_size",
                    "outcome_content_type",
                    "outcome_original_name",
                ]
            )
            audit.record(
                "remedy_outcome_document_attached",
                actor=user,
                target=locked,
                agency_id=locked.case.agency_id,
                detail={"digest": stored.digest, "size": stored.size},
            )
    except Exception:
        storage.delete_quietly([stored.name])
        raise
    return locked

"""Later decisions on a licence: change, withdrawal, annulment and cancellation.

行政许可法 Art. 8 (变更、撤回 for the public interest, with compensation), Art. 69 (撤销 of an
unlawfully granted licence, with damages unless it was obtained by fraud or bribery) and
Art. 70 (注销 on one of its statutory grounds). The decision step updates the licence's
status and writes the ``LicenceDecision`` in the same transaction.
"""

import datetime
import logging
from decimal import Decimal

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.actions._common import (
    StepInput,
    append_step,
    latest_step,
    money,
    require,
    required_date,
    required_text,
)
from zhifa.cases.hooks import require_legal_review
from zhifa.cases.models import Case, CaseKind, CaseStep
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.licensing.actions._support import (
    check_not_before,
    check_step_time,
    lock_kind,
    with_code,
)
from zhifa.licensing.models import IN_FORCE, DisposalKind, Licence, LicenceDecision, LicenceStatus

logger = logging.getLogger(__name__)

DISPOSAL = CaseKind.LICENSE_DISPOSAL

# Art. 69 para. 1 (may annul) and para. 2 (must annul: fraud, bribery).
ANNULMENT_GROUNDS = {
    "abuse_of_power": "行政机关工作人员滥用职权、玩忽职守作出准予行政许可决定",
    "beyond_authority": "超越法定职权作出准予行政许可决定",
    "procedure_breach": "违反法定程序作出准予行政许可决定",
    "unqualified_applicant": "对不具备申请资格或者不符合法定条件的申请人准予行政许可",
    "other_legal": "依法可以撤销行政许可的其他情形",
    "fraud": "被许可人以欺骗手段取得行政许可",
    "bribery": "被许可人以贿赂等不正当手段取得行政许可",
}
# Art. 69 para. 4: what was obtained by fraud or bribery is not protected, so no damages.
UNPROTECTED_GROUNDS = frozenset({"fraud", "bribery"})
CANCELLATION_GROUNDS = {
    "expired": "行政许可有效期届满未延续",
    "holder_died": "赋予公民特定资格的行政许可，该公民死亡或者丧失行为能力",
    "organisation_ended": "法人或者其他组织依法终止",
    "revoked": "行政许可依法被撤销、撤回，或者行政许可证件依法被吊销",
    "force_majeure": "因不可抗力导致行政许可事项无法实施",
    "other_legal": "法律、法规规定的应当注销行政许可的其他情形",
}
STATUS_AFTER = {
    DisposalKind.CHANGE: LicenceStatus.CHANGED,
    DisposalKind.WITHDRAWAL: LicenceStatus.WITHDRAWN,
    DisposalKind.ANNULMENT: LicenceStatus.ANNULLED,
    DisposalKind.CANCELLATION: LicenceStatus.CANCELLED,
}


def _disposal_licence(locked: Case) -> Licence:
    row = latest_step(locked, "disposal_licence")
    licence = (
        Licence.objects.select_for_update().filter(pk=row.details.get("licence_id")).first()
        if row is not None
        else None
    )
    if licence is None:
        raise InvalidTransition("请先记录“确定许可证件”。", field="step")
    return licence


def select_licence(
    user: User, case: Case | int, step: StepInput, *, licence_number: str
) -> CaseStep:
    """Record which licence of the agency the case decides on; its holder is a case party."""
    require(user, Capability.MANAGE_CASES)
    number = required_text(licence_number, "licence_number", "许可编号", 80)
    with transaction.atomic():
        locked = lock_kind(user, case, DISPOSAL)
        licence = Licence.objects.filter(agency_id=locked.agency_id, number=number).first()
        if licence is None:
            raise ValidationFailed(
                f"本单位许可证件登记中没有编号为{number}的许可证件。", field="licence_number"
            )
        if not locked.parties.filter(pk=licence.holder_id).exists():
            raise ValidationFailed(
                f"许可证件{number}的被许可人“{licence.holder.name}”不是本案当事人。",
                field="licence_number",
            )
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "disposal_licence",
                licence_id=licence.pk,
                licence_number=licence.number,
                certificate_name=licence.certificate_name,
            ),
            audit_action="licence_disposal_started",
        )
    return row


def _kind_details(
    kind: str,
    *,
    public_interest_grounds: str,
    compensation_plan: str,
    changed_content: str,
    annulment_ground: str,
    damages: Decimal | str | None,
    cancellation_ground: str,
) -> dict[str, object]:
    """Validate what each kind of decision must state and return it as details."""
    if kind in (DisposalKind.CHANGE, DisposalKind.WITHDRAWAL):
        details: dict[str, object] = {
            "public_interest_grounds": required_text(
                public_interest_grounds, "public_interest_grounds", "公共利益事由", 2000
            ),
            "compensation_plan": required_text(
                compensation_plan, "compensation_plan", "补偿方案", 2000
            ),
        }
        if kind == DisposalKind.CHANGE:
            details["changed_content"] = required_text(
                changed_content, "changed_content", "变更内容", 2000
            )
        return details
    if kind == DisposalKind.ANNULMENT:
        if annulment_ground not in ANNULMENT_GROUNDS:
            raise ValidationFailed("请选择“撤销事由”。", field="annulment_ground")
        amount = money(damages, "damages", "赔偿金额")
        if annulment_ground in UNPROTECTED_GROUNDS and amount > 0:
            raise ValidationFailed(
                "被许可人以欺骗、贿赂等不正当手段取得行政许可的，其基于行政许可取得的利益"
                "不受保护，不予赔偿；请将“赔偿金额”填为0。",
                field="damages",
            )
        return {
            "annulment_ground": annulment_ground,
            "annulment_ground_label": ANNULMENT_GROUNDS[annulment_ground],
            "damages": str(amount.quantize(Decimal("0.01"))),
        }
    if cancellation_ground not in CANCELLATION_GROUNDS:
        raise ValidationFailed("请选择“注销情形”。", field="cancellation_ground")
    return {
        "cancellation_ground": cancellation_ground,
        "cancellation_ground_label": CANCELLATION_GROUNDS[cancellation_ground],
    }


def _check_status(licence: Licence, kind: str, day: datetime.date) -> None:
    """Change, withdrawal and annulment need a licence in force; cancellation ends any."""
    status = licence.status_on(day)
    if kind == DisposalKind.CANCELLATION:
        if licence.status == LicenceStatus.CANCELLED:
            raise InvalidTransition(f"许可证件{licence.number}已注销。", field="disposal_kind")
        return
    if status not in IN_FORCE:
        raise InvalidTransition(
            f"许可证件{licence.number}当前状态为“{LicenceStatus(status).label}”，"
            f"不能{DisposalKind(kind).label}。",
            field="disposal_kind",
        )


def decide_disposal(
    user: User,
    case: Case | int,
    step: StepInput,
    *,
    disposal_kind: str,
    decided_on: datetime.date | None,
    grounds: str,
    legal_basis: str,
    public_interest_grounds: str = "",
    compensation_plan: str = "",
    changed_content: str = "",
    annulment_ground: str = "",
    damages: Decimal | str | None = None,
    cancellation_ground: str = "",
) -> CaseStep:
    """Record the decision and update the licence's status in the same transaction."""
    require(user, Capability.MANAGE_CASES)
    if disposal_kind not in DisposalKind.values:
        raise ValidationFailed(
            "请选择“决定类型”（变更、撤回、撤销或注销）。", field="disposal_kind"
        )
    decided = required_date(decided_on, "decided_on", "决定日期")
    text = required_text(grounds, "grounds", "事实和理由", 3000)
    basis = required_text(legal_basis, "legal_basis", "法律依据", 1000)
    details = _kind_details(
        disposal_kind,
        public_interest_grounds=public_interest_grounds,
        compensation_plan=compensation_plan,
        changed_content=changed_content,
        annulment_ground=annulment_ground,
        damages=damages,
        cancellation_ground=cancellation_ground,
    )
    with transaction.atomic():
        locked = lock_kind(user, case, DISPOSAL)
        licence = _disposal_licence(locked)
        issued = f"许可证件{licence.number}的发证日期"
        check_not_before(decided, "决定日期", licence.issued_on, issued, "decided_on")
        check_step_time(step, licence.issued_on, issued)
        _check_status(licence, disposal_kind, decided)
        require_legal_review(locked, f"disposal_decision:{disposal_kind}")
        before = licence.status
        after = STATUS_AFTER[DisposalKind(disposal_kind)]
        row = append_step(
            user,
            locked,
            with_code(
                step,
                "disposal_decision",
                disposal_kind=disposal_kind,
                disposal_label=DisposalKind(disposal_kind).label,
                decided_on=decided,
                grounds=text,
                legal_basis=basis,
                licence_id=licence.pk,
                **details,
            ),
            audit_action="licence_disposal_decided",
        )
        LicenceDecision.objects.create(
            licence=licence,
            case=locked,
            kind=disposal_kind,
            decided_on=decided,
            grounds=text,
            details={"legal_basis": basis, **details},
            status_before=before,
            status_after=after,
        )
        licence.status = after
        licence.save(update_fields=["status"])
        audit.record(
            "licence_status_changed",
            actor=user,
            target=licence,
            agency_id=locked.agency_id,
            detail={"from": before, "to": after, "case": locked.number},
        )
    logger.info("licence %s status %s -> %s by case %s", licence.pk, before, after, locked.pk)
    return row

"""Credit repair (信用修复): early removal of a published penalty after its minimum period.

A request is recorded by the agency (the party applied to it) or reported by the credit
platform through the API. Either way the agency's approver decides: approval is allowed only
after the minimum period (``Publication.min_end_on``) and when no penalty of the decision
forbids early removal (责令停产停业, 限制开展生产经营活动, 限制从业, 降低资质等级, 吊销).
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.cases.actions._common import require, required_text
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.core.workdays import shanghai_date
from zhifa.publicity.changes import periods
from zhifa.publicity.changes.versions import close
from zhifa.publicity.models import (
    ChangeKind,
    CreditRepair,
    CreditRepairSource,
    CreditRepairStatus,
    Publication,
    PublicationKind,
    PublicationStatus,
)

logger = logging.getLogger(__name__)


@dataclass
class RepairRequest:
    """A repair request as the form or the API gives it."""

    requested_on: datetime.date | None
    grounds: str
    source: str = CreditRepairSource.AGENCY
    reference: str = ""


def find_publication(user: User, publication_id: int | None, document_number: str) -> Publication:
    """Return the publication a request names by id, by 决定书文号, or by both, in the user's scope.

    Raises ``NotFound`` when nothing in scope matches, and ``ValidationFailed`` when neither is
    given, when the 文号 matches several publications, or when id and 文号 disagree.
    """
    number = (document_number or "").strip()
    scoped = restrict(Publication.objects.all(), user)
    if publication_id is not None:
        found = scoped.filter(pk=publication_id).first()
        if found is None:
            raise NotFound(f"公示事项 {publication_id} 不存在或不在您的管理范围内。")
        if number and number != found.document_number:
            actual = f"文号为“{found.document_number}”" if found.document_number else "没有文号"
            raise ValidationFailed(
                f"公示事项 {publication_id} {actual}，与所填文号“{number}”不一致。"
                "请核对后只提供其中正确的一项。",
                field="document_number",
            )
        return found

    if not number:
        raise ValidationFailed(
            "请填写“行政处罚决定书文号”；没有文号的事项，请从该公示事项的页面登记信用修复。",
            field="document_number",
        )
    matches = list(scoped.filter(document_number=number)[:2])
    if not matches:
        raise NotFound(f"没有文号为“{number}”的公示事项，或不在您的管理范围内。")
    if len(matches) > 1:
        raise ValidationFailed(
            f"文号“{number}”对应多个公示事项，无法确定是哪一个。请从要修复的公示事项页面"
            "登记信用修复（接口调用请改用 publication_id）。",
            field="document_number",
        )
    return matches[0]


def _publication(user: User, publication: Publication | int) -> Publication:
    pk = publication.pk if isinstance(publication, Publication) else publication
    # The scope filter may add DISTINCT, which PostgreSQL refuses with FOR UPDATE, so the row
    # is found in scope first and locked by its key.
    if not restrict(Publication.objects.all(), user).filter(pk=pk).exists():
        raise NotFound("公示事项不存在或不在您的管理范围内。")
    return Publication.objects.select_for_update(of=("self",)).get(pk=pk)


def _check_request(data: RepairRequest, today: datetime.date) -> datetime.date:
    if data.source not in CreditRepairSource.values:
        raise ValidationFailed("请选择“来源”。", field="source")
    if data.requested_on is None:
        raise ValidationFailed("请填写“申请或推送日期”。", field="requested_on")
    if data.requested_on > today:
        raise ValidationFailed("“申请或推送日期”不能晚于今天。", field="requested_on")
    if data.source == CreditRepairSource.CREDIT_PLATFORM and not data.reference.strip():
        raise ValidationFailed("信用平台推送的修复须填写“信用平台编号”。", field="reference")
    return data.requested_on


def _check_repairable(publication: Publication) -> None:
    if publication.kind != PublicationKind.PENALTY:
        raise InvalidTransition("信用修复只适用于行政处罚信息。", field="publication")
    if publication.status != PublicationStatus.PUBLISHED:
        raise InvalidTransition(
            f"该公示事项状态为“{publication.get_status_display()}”，不在公示中，无需信用修复。",
            field="publication",
        )


def record_request(user: User, publication: Publication | int, data: RepairRequest) -> CreditRepair:
    """Record a repair request; a platform report repeated with its reference returns the first.

    Rejected: a publication that is not a published penalty, and a second pending request.
    """
    require(user, Capability.MANAGE_PUBLICATIONS)
    today = shanghai_date(timezone.now())
    requested_on = _check_request(data, today)
    grounds = required_text(data.grounds, "grounds", "修复理由", 2000)
    reference = data.reference.strip()[:100]

    with transaction.atomic():
        locked = _publication(user, publication)
        if reference:
            repeated = locked.repairs.filter(reference=reference).first()
            if repeated is not None:
                return repeated
        _check_repairable(locked)
        if locked.repairs.filter(status=CreditRepairStatus.PENDING).exists():
            raise InvalidTransition(
                "该公示事项已有待审核的信用修复申请，请先审核该申请。", field="publication"
            )
        repair = CreditRepair.objects.create(
            publication=locked,
            source=data.source,
            requested_on=requested_on,
            grounds=grounds,
            reference=reference,
        )
        audit.record(
            "credit_repair_recorded",
            actor=user,
            target=repair,
            agency_id=locked.agency_id,
            detail={"publication_id": locked.pk, "source": data.source, "reference": reference},
        )
    logger.info("credit repair %s recorded for publication %s", repair.pk, locked.pk)
    return repair


def refusal_reason(publication: Publication, today: datetime.date) -> str:
    """Return why the item may not be removed early today, or "" when it may."""
    period = periods.period_for(publication)
    if period is not None and not period.early_removal_allowed:
        named = "、".join(period.non_removable) or "本决定的处罚种类"
        return f"本决定含有{named}，依规定不得提前停止公示，应公示至期满。"
    if publication.min_end_on is None:
        return (
            "该公示事项没有最短公示期（未适用任何公示期限规则），请先由区司法局补充公示期限规则。"
        )
    if today <= publication.min_end_on:
        end = publication.min_end_on
        return f"最短公示期至{end.year}年{end.month}月{end.day}日届满，届满后方可同意信用修复。"
    return ""


def _lock_repair(user: User, repair: CreditRepair | int) -> CreditRepair:
    pk = repair.pk if isinstance(repair, CreditRepair) else repair
    # Found in scope first, then locked by key, as in ``_publication``.
    if not restrict(CreditRepair.objects.all(), user).filter(pk=pk).exists():
        raise NotFound("信用修复申请不存在或不在您的管理范围内。")
    found = (
        CreditRepair.objects.select_for_update(of=("self",))
        .select_related("publication")
        .get(pk=pk)
    )
    if found.status != CreditRepairStatus.PENDING:
        raise InvalidTransition(
            f"该申请已审核（{found.get_status_display()}），不能再次审核。", field="decision"
        )
    return found


def decide(user: User, repair: CreditRepair | int, approve: bool, reason: str) -> CreditRepair:
    """Approve (the item leaves the portal) or refuse a pending request; refusal needs a reason.

    Approving before the minimum period ends, or for a penalty that may not be removed early,
    raises ``InvalidTransition`` naming the rule.
    """
    require(user, Capability.APPROVE_CREDIT_REPAIR)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationFailed("不予同意信用修复的，请填写“审核意见”说明理由。", field="reason")
    today = shanghai_date(timezone.now())

    with transaction.atomic():
        locked = _lock_repair(user, repair)
        publication = Publication.objects.select_for_update(of=("self",)).get(
            pk=locked.publication_id
        )
        if approve:
            _check_repairable(publication)
            refusal = refusal_reason(publication, today)
            if refusal:
                raise InvalidTransition(refusal, field="decision")
            _remove(user, publication, locked)
        locked.status = CreditRepairStatus.APPROVED if approve else CreditRepairStatus.REFUSED
        locked.decision_reason = reason
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
        audit.record(
            "credit_repair_decided",
            actor=user,
            target=locked,
            agency_id=publication.agency_id,
            detail={"publication_id": publication.pk, "approved": approve, "reason": reason},
        )
    logger.info("credit repair %s decided: %s", locked.pk, locked.status)
    return locked


def _remove(user: User, publication: Publication, repair: CreditRepair) -> None:
    reason = f"当事人已完成信用修复（{repair.get_source_display()}），提前停止公示。"
    close(publication, ChangeKind.REPAIR, reason, user)
    publication.status = PublicationStatus.REPAIRED
    publication.save(update_fields=["status", "updated_at"])

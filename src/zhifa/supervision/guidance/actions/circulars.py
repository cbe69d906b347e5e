"""Issuing circulars (通报) to agencies, and each agency's acknowledgement (签收)."""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.cases.actions._common import require, required_date, required_text
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.supervision.guidance.models import (
    Circular,
    CircularMention,
    CircularTarget,
    MentionStance,
)

logger = logging.getLogger(__name__)

MAX_BODY = 20000
MAX_FEEDBACK = 2000


@dataclass
class CircularInput:
    """A circular as the bureau issues it.

    With ``to_all_agencies`` set, it goes to every agency existing now and ``agency_ids`` is
    ignored. ``criticised_ids`` and ``commended_ids`` name agencies in the circular; each of them
    receives it too.
    """

    number: str
    title: str
    body: str
    issued_on: datetime.date | None
    to_all_agencies: bool = False
    agency_ids: list[int] = field(default_factory=list)
    criticised_ids: list[int] = field(default_factory=list)
    commended_ids: list[int] = field(default_factory=list)
    corrects_id: int | None = None


def _known_agencies(ids: list[int], field_name: str) -> list[int]:
    requested = set(ids)
    found = set(Agency.objects.filter(pk__in=requested).values_list("pk", flat=True))
    if requested - found:
        raise ValidationFailed("所选执法主体不存在，请刷新页面后重新选择。", field=field_name)
    return sorted(found)


def _targets(data: CircularInput) -> list[int]:
    criticised = _known_agencies(data.criticised_ids, "criticised_ids")
    commended = _known_agencies(data.commended_ids, "commended_ids")
    both = set(criticised) & set(commended)
    if both:
        raise ValidationFailed(
            "同一执法主体不能在一份通报中既被批评又被表扬，请核对。", field="commended_ids"
        )
    if data.to_all_agencies:
        return list(Agency.objects.values_list("pk", flat=True))
    chosen = set(_known_agencies(data.agency_ids, "agency_ids")) | set(criticised) | set(commended)
    if not chosen:
        raise ValidationFailed(
            "请选择通报的接收单位，或勾选“发送全部执法主体”。", field="agency_ids"
        )
    return sorted(chosen)


def _check(data: CircularInput) -> None:
    number = required_text(data.number, "number", "文号", 80)
    if Circular.objects.filter(number=number).exists():
        raise ValidationFailed(f"文号“{number}”已被使用，请核对文号。", field="number")
    required_text(data.title, "title", "标题", 200)
    required_text(data.body, "body", "正文", MAX_BODY)
    required_date(data.issued_on, "issued_on", "印发日期")
    if data.corrects_id is not None and not Circular.objects.filter(pk=data.corrects_id).exists():
        raise ValidationFailed("所更正的通报不存在，请重新选择。", field="corrects_id")


def issue_circular(user: User, data: CircularInput) -> Circular:
    """Issue a circular to its target agencies; once issued it is never changed."""
    require(user, Capability.ISSUE_CIRCULARS)
    _check(data)
    target_ids = _targets(data)
    if not target_ids:
        raise ValidationFailed("尚未登记任何执法主体，无法发布通报。", field="agency_ids")

    with transaction.atomic():
        circular = Circular.objects.create(
            number=data.number.strip(),
            title=data.title.strip(),
            body=data.body.strip(),
            to_all_agencies=data.to_all_agencies,
            corrects_id=data.corrects_id,
            issued_on=required_date(data.issued_on, "issued_on", "印发日期"),
            issued_by=user,
        )
        CircularTarget.objects.bulk_create(
            CircularTarget(circular=circular, agency_id=agency_id) for agency_id in target_ids
        )
        mentions = [(pk, MentionStance.CRITICISED) for pk in set(data.criticised_ids)]
        mentions += [(pk, MentionStance.COMMENDED) for pk in set(data.commended_ids)]
        CircularMention.objects.bulk_create(
            CircularMention(circular=circular, agency_id=pk, stance=stance)
            for pk, stance in mentions
        )
        audit.record(
            "circular_issued",
            actor=user,
            target=circular,
            detail={"targets": target_ids, "corrects": data.corrects_id},
        )
    logger.info("circular %s issued to %d agencies", circular.pk, len(target_ids))
    return circular


def acknowledge_circular(user: User, circular_id: int, feedback: str = "") -> CircularTarget:
    """Record that the user's agency received a circular, with its optional feedback."""
    require(user, Capability.ACKNOWLEDGE_CIRCULARS)
    feedback = (feedback or "").strip()
    if len(feedback) > MAX_FEEDBACK:
        raise ValidationFailed(f"“反馈意见”不能超过{MAX_FEEDBACK}个字。", field="feedback")
    if user.agency_id is None:
        raise NotFound("您的账号未关联执法主体，没有需要签收的通报。")

    with transaction.atomic():
        target = (
            restrict(CircularTarget.objects.select_for_update(), user)
            .filter(circular_id=circular_id, agency_id=user.agency_id)
            .first()
        )
        if target is None:
            raise NotFound("通报不存在，或未发送给您的单位。")
        if target.acknowledged_at is not None:
            raise InvalidTransition(already_acknowledged(target), code="already_acknowledged")
        target.acknowledged_at = timezone.now()
        target.acknowledged_by = user
        target.feedback = feedback
        target.save(update_fields=["acknowledged_at", "acknowledged_by", "feedback"])
        audit.record(
            "circular_acknowledged",
            actor=user,
            target=target.circular,
            agency_id=target.agency_id,
            detail={"has_feedback": bool(feedback)},
        )
    return target


def already_acknowledged(target: CircularTarget) -> str:
    """Build the notice that the agency already acknowledged a circular, with the time and user."""
    when = ""
    if target.acknowledged_at is not None:
        when = "于" + format_date(timezone.localtime(target.acknowledged_at), "Y年n月j日 H:i")
    acknowledger = f"由{target.acknowledged_by}" if target.acknowledged_by is not None else ""
    return f"本单位已{when}{acknowledger}签收该通报，无需重复签收。"

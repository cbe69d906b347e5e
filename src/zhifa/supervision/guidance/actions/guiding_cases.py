"""Writing guiding cases from closed cases, and moving them in and out of the library."""

import logging
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.agencies.models import EnforcementDomain
from zhifa.cases.actions._common import case_domains, require, required_text
from zhifa.cases.models import Case, CaseStatus
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.supervision.guidance.masking import MaskedField, mask_texts
from zhifa.supervision.guidance.models import (
    ExplainedCase,
    GuidingCase,
    GuidingCaseKind,
    GuidingCaseStatus,
)

logger = logging.getLogger(__name__)

MAX_TITLE = 200
MAX_SUMMARY = 500
MAX_BODY = 20000
MAX_TAGS = 10
MAX_TAG_LENGTH = 20
MAX_EXTRA_MASKS = 50
# Tags may be separated by the Chinese enumeration comma, commas, semicolons or spaces.
TAG_SEPARATORS = re.compile(r"[、，,；;\s]+")

# Name, label and maximum length of each text the bureau writes, in form order.
TEXT_FIELDS = (
    ("title", "标题", MAX_TITLE),
    ("summary", "案情摘要", MAX_SUMMARY),
    ("facts", "基本案情", MAX_BODY),
    ("reasoning", "处理结果与理由", MAX_BODY),
    ("key_points", "裁判要旨与评析", MAX_BODY),
)
# Statuses from which a guiding case may still be edited or put into the library.
EDITABLE = (GuidingCaseStatus.DRAFT, GuidingCaseStatus.WITHDRAWN)


@dataclass
class GuidingCaseInput:
    """The bureau's texts of one guiding case, each masked before it is stored."""

    kind: str
    title: str
    summary: str
    facts: str
    reasoning: str
    key_points: str
    domain_id: int | None = None
    issue_tags: str = ""
    extra_masks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GuidingCasePreview:
    """The texts before and after masking, and the tags as they will be stored."""

    fields: list[MaskedField]
    tags: list[MaskedField]

    @property
    def suspects(self) -> list[str]:
        found: list[str] = []
        for row in [*self.fields, *self.tags]:
            found += [name for name in row.suspects if name not in found]
        return found

    def masked(self, name: str) -> str:
        return next(row.masked for row in self.fields if row.name == name)


def split_tags(value: str) -> list[str]:
    """Split the tags the bureau typed; raise when there are too many or one is too long."""
    tags: list[str] = []
    for tag in TAG_SEPARATORS.split(value or ""):
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationFailed(
            f"“问题标签”最多{MAX_TAGS}个，现有{len(tags)}个，请合并或删减。", field="issue_tags"
        )
    for tag in tags:
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationFailed(
                f"问题标签“{tag[:MAX_TAG_LENGTH]}…”超过{MAX_TAG_LENGTH}个字，请缩短。",
                field="issue_tags",
            )
    return tags


def _clean_extra(values: list[str]) -> list[str]:
    cleaned = [value.strip() for value in values if value and value.strip()]
    if len(cleaned) > MAX_EXTRA_MASKS:
        raise ValidationFailed(
            f"“补充隐去内容”最多{MAX_EXTRA_MASKS}项，请合并后重新填写。", field="extra_masks"
        )
    return list(dict.fromkeys(cleaned))


def _check_input(data: GuidingCaseInput) -> None:
    if data.kind not in GuidingCaseKind.values:
        raise ValidationFailed("请选择“案例类型”：指导案例或典型案例。", field="kind")
    for name, label, limit in TEXT_FIELDS:
        required_text(getattr(data, name), name, label, limit)
    if (
        data.domain_id is not None
        and not EnforcementDomain.objects.filter(pk=data.domain_id).exists()
    ):
        raise ValidationFailed("所选“执法领域”不存在，请重新选择。", field="domain_id")


def _closed_case(user: User, case_id: int) -> Case:
    case = restrict(Case.objects.select_related("agency"), user).filter(pk=case_id).first()
    if case is None:
        raise NotFound("案件不存在或不在您的查看范围内。")
    if case.status != CaseStatus.CLOSED:
        raise InvalidTransition(
            f"案件{case.number}尚未结案，只能从已结案的案件中遴选指导案例。", field="case"
        )
    return case


def preview(user: User, case_id: int, data: GuidingCaseInput) -> GuidingCasePreview:
    """Mask the bureau's texts with the case's parties, for the side-by-side check.

    Raises ``ValidationFailed`` naming the field for a missing or too long text, and
    when a masked text would exceed its length limit.
    """
    require(user, Capability.MANAGE_GUIDING_CASES)
    case = _closed_case(user, case_id)
    _check_input(data)
    tags = split_tags(data.issue_tags)
    extra = _clean_extra(data.extra_masks)

    texts = {name: (label, getattr(data, name).strip()) for name, label, _ in TEXT_FIELDS}
    fields = mask_texts(case, texts, extra)
    for row, (_, label, limit) in zip(fields, TEXT_FIELDS, strict=True):
        if len(row.masked) > limit:
            raise ValidationFailed(
                f"“{label}”隐名处理后超过{limit}个字，请缩短后重新预览。", field=row.name
            )
    tag_rows = mask_texts(case, {f"tag{i}": ("问题标签", tag) for i, tag in enumerate(tags)}, extra)
    return GuidingCasePreview(fields, tag_rows)


def _apply(
    guiding: GuidingCase, case: Case, data: GuidingCaseInput, masked_preview: GuidingCasePreview
) -> None:
    guiding.kind = data.kind
    for name, _, _ in TEXT_FIELDS:
        setattr(guiding, name, masked_preview.masked(name))
    guiding.issue_tags = [row.masked for row in masked_preview.tags]
    guiding.extra_masks = _clean_extra(data.extra_masks)
    guiding.domain_id = data.domain_id or next(iter(case_domains(case, case.opened_on)), None)


def create_guiding_case(user: User, case_id: int, data: GuidingCaseInput) -> GuidingCase:
    """Write a draft guiding case from a closed case; only masked texts are stored."""
    masked_preview = preview(user, case_id, data)
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("agency").get(pk=case_id)
        if GuidingCase.objects.filter(source_case=case).exists():
            raise ValidationFailed(
                f"案件{case.number}已编写为指导案例，请在原案例上修改。", field="case"
            )
        guiding = GuidingCase(
            source_case=case, agency=case.agency, case_kind=case.kind, created_by=user
        )
        _apply(guiding, case, data, masked_preview)
        guiding.save()
        guiding.power_items.set(case.power_items.all())
        audit.record(
            "guiding_case_drafted",
            actor=user,
            target=guiding,
            agency_id=case.agency_id,
            detail={"case": case.number, "kind": guiding.kind},
        )
    logger.info("guiding case %s drafted from case %s", guiding.pk, case.pk)
    return guiding


def lock_guiding_case(user: User, guiding_case_id: int) -> GuidingCase:
    require(user, Capability.MANAGE_GUIDING_CASES)
    guiding = (
        restrict(GuidingCase.objects.select_for_update(), user)
        .select_related("source_case", "agency")
        .filter(pk=guiding_case_id)
        .first()
    )
    if guiding is None:
        raise NotFound("指导案例不存在或不在您的管理范围内。")
    return guiding


def update_guiding_case(user: User, guiding_case_id: int, data: GuidingCaseInput) -> GuidingCase:
    """Replace the texts of a draft or withdrawn guiding case, masked again."""
    require(user, Capability.MANAGE_GUIDING_CASES)
    with transaction.atomic():
        guiding = lock_guiding_case(user, guiding_case_id)
        if guiding.status not in EDITABLE:
            raise InvalidTransition("已入库的指导案例不能修改，请先撤出案例库。", field="status")
        masked_preview = preview(user, guiding.source_case_id, data)
        _apply(guiding, guiding.source_case, data, masked_preview)
        guiding.save()
        audit.record(
            "guiding_case_updated", actor=user, target=guiding, agency_id=guiding.agency_id
        )
    return guiding


def release_guiding_case(user: User, guiding_case_id: int) -> GuidingCase:
    """Put a guiding case into the library, where officers of every agency read it."""
    with transaction.atomic():
        guiding = lock_guiding_case(user, guiding_case_id)
        if guiding.status not in EDITABLE:
            raise InvalidTransition("该指导案例已在案例库中。", field="status")
        guiding.status = GuidingCaseStatus.IN_LIBRARY
        guiding.released_at = timezone.now()
        guiding.save(update_fields=["status", "released_at", "updated_at"])
        audit.record(
            "guiding_case_released", actor=user, target=guiding, agency_id=guiding.agency_id
        )
    return guiding


def withdraw_guiding_case(user: User, guiding_case_id: int, reason: str) -> GuidingCase:
    """Take a guiding case out of the library, and off the portal if it is published there."""
    reason = required_text(reason, "reason", "撤出原因", 200)
    with transaction.atomic():
        guiding = lock_guiding_case(user, guiding_case_id)
        if guiding.status != GuidingCaseStatus.IN_LIBRARY:
            raise InvalidTransition("该指导案例不在案例库中，无需撤出。", field="status")
        guiding.status = GuidingCaseStatus.WITHDRAWN
        guiding.save(update_fields=["status", "updated_at"])
        ended = ExplainedCase.objects.filter(guiding_case=guiding, unpublished_at__isnull=True)
        ended_count = ended.update(
            unpublished_at=timezone.now(), unpublished_by=user, unpublish_reason=reason
        )
        audit.record(
            "guiding_case_withdrawn",
            actor=user,
            target=guiding,
            agency_id=guiding.agency_id,
            detail={"reason": reason, "portal_ended": ended_count},
        )
    return guiding

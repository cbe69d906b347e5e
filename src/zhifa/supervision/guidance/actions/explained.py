"""Publishing a guiding case on the portal as legal education (以案释法), and taking it down."""

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.cases.actions._common import required_text
from zhifa.core.errors import InvalidTransition
from zhifa.supervision.guidance.actions.guiding_cases import lock_guiding_case
from zhifa.supervision.guidance.masking import mask_texts
from zhifa.supervision.guidance.models import (
    ExplainedCase,
    GuidingCase,
    GuidingCaseKind,
    GuidingCaseStatus,
)

_SNAPSHOT_TEXTS = (
    ("title", "标题"),
    ("summary", "案情摘要"),
    ("facts", "基本案情"),
    ("reasoning", "处理结果与理由"),
    ("key_points", "裁判要旨与评析"),
)


def _snapshot_texts(guiding: GuidingCase) -> dict[str, str]:
    """Mask the stored texts once more with the case's current parties.

    The stored texts are already masked, but a party added to the case after the guiding case
    was written would otherwise reach the portal under its own name.
    """
    texts = {name: (label, getattr(guiding, name)) for name, label in _SNAPSHOT_TEXTS}
    for index, tag in enumerate(guiding.issue_tags):
        texts[f"tag{index}"] = ("问题标签", tag)
    rows = mask_texts(guiding.source_case, texts, guiding.extra_masks)
    return {row.name: row.masked for row in rows}


def publish_on_portal(user: User, guiding_case_id: int) -> ExplainedCase:
    """Copy a library case to the portal; the portal shows only this snapshot."""
    with transaction.atomic():
        guiding = lock_guiding_case(user, guiding_case_id)
        if guiding.status != GuidingCaseStatus.IN_LIBRARY:
            raise InvalidTransition("请先将指导案例入库，再发布到以案释法栏目。", field="status")
        if guiding.explained_versions.filter(unpublished_at__isnull=True).exists():
            raise InvalidTransition("该案例已在以案释法栏目公开，无需重复发布。", field="status")

        masked = _snapshot_texts(guiding)
        tags = [masked[f"tag{index}"] for index in range(len(guiding.issue_tags))]
        snapshot = ExplainedCase.objects.create(
            guiding_case=guiding,
            kind_label=GuidingCaseKind(guiding.kind).label,
            title=masked["title"],
            agency_name=guiding.agency.name,
            domain_name=guiding.domain.name if guiding.domain else "",
            issue_tags=tags,
            summary=masked["summary"],
            facts=masked["facts"],
            reasoning=masked["reasoning"],
            key_points=masked["key_points"],
            published_by=user,
        )
        audit.record(
            "guiding_case_published",
            actor=user,
            target=guiding,
            agency_id=guiding.agency_id,
            detail={"explained_case": snapshot.pk},
        )
    return snapshot


def unpublish_from_portal(user: User, guiding_case_id: int, reason: str) -> ExplainedCase:
    """Take a guiding case off the portal; the snapshot stays in the history."""
    reason = required_text(reason, "reason", "撤下原因", 200)
    with transaction.atomic():
        guiding = lock_guiding_case(user, guiding_case_id)
        snapshot = (
            ExplainedCase.objects.select_for_update()
            .filter(guiding_case=guiding, unpublished_at__isnull=True)
            .first()
        )
        if snapshot is None:
            raise InvalidTransition("该案例未在以案释法栏目公开。", field="status")
        snapshot.unpublished_at = timezone.now()
        snapshot.unpublished_by = user
        snapshot.unpublish_reason = reason
        snapshot.save(update_fields=["unpublished_at", "unpublished_by", "unpublish_reason"])
        audit.record(
            "guiding_case_unpublished",
            actor=user,
            target=guiding,
            agency_id=guiding.agency_id,
            detail={"explained_case": snapshot.pk, "reason": reason},
        )
    return snapshot

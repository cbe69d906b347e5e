"""The publication approver's work (发布审核): preview, masks, approval and exclusion.

Approval writes a ``PublicationVersion`` (append-only) and the public snapshot in the same
transaction as the status change and the audit entry. An update or correction prepared by an
officer waits in ``Publication.pending_change`` and becomes a new version when approved, the
same way as a first publication.
"""

import copy
import datetime
import logging
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.publicity.changes.periods import dates_for
from zhifa.publicity.changes.withdrawal import correction_of
from zhifa.publicity.drafting import drafts
from zhifa.publicity.drafting.document_numbers import number_in
from zhifa.publicity.models import (
    ChangeKind,
    Publication,
    PublicationKind,
    PublicationStatus,
    PublicationVersion,
)
from zhifa.publicity.publishing import snapshot
from zhifa.publicity.publishing.completeness import require_document_number
from zhifa.publicity.publishing.corrections import changed_original, sync_decided_on
from zhifa.publicity.publishing.masking import Preview, mask_public_note, policy_for, preview_of
from zhifa.publicity.publishing.protection import (
    REFUSAL,
    pattern_values,
    protected_values,
    touched_value,
)

logger = logging.getLogger(__name__)

MAX_MASK_LENGTH = 200
MAX_REASON_LENGTH = 2000
CHANGE_AUDIT = {
    ChangeKind.UPDATE: "publication_updated",
    ChangeKind.CORRECTION: "publication_corrected",
}
# The dual-publicity field that carries the end of the publication period.
END_DATE_CODES = {PublicationKind.PENALTY: "CF_GSJZQ"}


def require(user: User, capability: Capability) -> None:
    if not user.can(capability):
        raise NotPermitted(f"您的角色没有“{capability.label}”权限。")


def visible(user: User, pk: int) -> Publication:
    found = restrict(Publication.objects.select_related("agency"), user).filter(pk=pk).first()
    if found is None:
        raise NotFound("公示事项不存在或不在您的管理范围内。")
    return found


def lock(user: User, publication: Publication | int) -> Publication:
    """Return the publication locked for update, or raise ``NotFound`` outside the scope."""
    pk = publication.pk if isinstance(publication, Publication) else publication
    visible(user, pk)
    return (
        Publication.objects.select_for_update(of=("self",))
        .select_related("agency", "case")
        .get(pk=pk)
    )


def _material(publication: Publication) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the original and mask edits under review: the pending change's, if any."""
    pending = publication.pending_change or {}
    if pending:
        return pending["original"], pending.get("mask_edits") or {}
    return publication.original, publication.mask_edits or {}


def preview(publication: Publication) -> Preview:
    """Return the masked fields and text of what the approver would publish now."""
    original, edits = _material(publication)
    return preview_of(publication.agency_id, publication.kind, original, edits, publication.case)


def material(publication: Publication) -> dict[str, Any]:
    """Return the original under review: the pending change's, if any."""
    return _material(publication)[0]


def pending_edits(publication: Publication) -> dict[str, Any]:
    """Return the approver's mask edits of what is under review."""
    return _material(publication)[1]


# --- Masks ----------------------------------------------------------------------------------


def _clean_strings(values: list[str], field_name: str) -> list[str]:
    cleaned = []
    for value in values:
        text = (value or "").strip()
        if not text:
            continue
        if len(text) > MAX_MASK_LENGTH:
            raise ValidationFailed(
                f"遮蔽内容“{text[:20]}…”超过{MAX_MASK_LENGTH}个字，请只填写需要遮蔽或保留的词句。",
                field=field_name,
            )
        cleaned.append(text)
    return cleaned


def _occurs(text: str, original: dict[str, Any]) -> bool:
    values = [str(original.get("text") or ""), *map(str, (original.get("fields") or {}).values())]
    return any(text in value for value in values)


def edit_masks(
    user: User,
    publication: Publication | int,
    *,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
) -> Publication:
    """Mask ``add`` wherever it occurs and keep ``remove`` visible; refuse text not found."""
    require(user, Capability.PUBLISH_DECISIONS)
    added = _clean_strings(list(add), "add")
    removed = _clean_strings(list(remove), "remove")
    if not added and not removed:
        raise ValidationFailed("请填写要增加遮蔽的内容，或选择要取消遮蔽的内容。", field="add")

    with transaction.atomic():
        locked = lock(user, publication)
        _require_reviewable(locked)
        original, edits = _material(locked)
        _reject_protected_removals(locked, original, edits, removed)
        for text in added:
            if not _occurs(text, original):
                raise ValidationFailed(
                    f"决定全文和公示字段中没有“{text}”，请复制原文中的词句。", field="add"
                )
        new_added = [text for text in edits.get("added", []) if text not in removed]
        new_added += [text for text in added if text not in new_added]
        new_removed = [text for text in edits.get("removed", []) if text not in added]
        new_removed += [text for text in removed if text not in new_removed]
        new_edits = {"added": new_added, "removed": new_removed}
        if locked.pending_change:
            locked.pending_change = {**locked.pending_change, "mask_edits": new_edits}
            locked.save(update_fields=["pending_change", "updated_at"])
        else:
            locked.mask_edits = new_edits
            locked.save(update_fields=["mask_edits", "updated_at"])
        audit.record(
            "publication_masks_edited",
            actor=user,
            target=locked,
            agency_id=locked.agency_id,
            detail={"added": added, "removed": removed},
        )
    return locked


def _reject_protected_removals(
    publication: Publication, original: dict[str, Any], edits: dict[str, Any], removed: list[str]
) -> None:
    """Raise when a kept string would expose protected party data (see ``protection``)."""
    if not removed:
        return
    shown = preview_of(publication.agency_id, publication.kind, original, edits, publication.case)
    protected = [
        *protected_values(policy_for(publication.agency_id), original.get("parties") or []),
        *pattern_values(shown.original_text, shown.masks),
    ]
    texts = [str(original.get("text") or ""), *map(str, (original.get("fields") or {}).values())]
    for text in removed:
        if touched_value(text, protected, texts) is not None:
            raise ValidationFailed(f"不能取消遮蔽“{text}”：{REFUSAL}", field="remove")


def _require_reviewable(publication: Publication) -> None:
    if publication.status == PublicationStatus.DRAFT or publication.pending_change:
        return
    raise InvalidTransition(
        f"公示事项处于“{publication.get_status_display()}”状态，没有待审核的内容。", field="status"
    )


# --- Approval and exclusion -------------------------------------------------------------------


def _next_number(publication: Publication) -> int:
    return (publication.versions.aggregate(top=Max("number"))["top"] or 0) + 1


def _with_end_date(publication: Publication, values: dict[str, str]) -> dict[str, str]:
    code = END_DATE_CODES.get(PublicationKind(publication.kind))
    if code and publication.ends_on is not None:
        return {**values, code: publication.ends_on.isoformat()}
    return values


def _write_version(
    user: User, publication: Publication, change: str, reason: str, shown: Preview
) -> PublicationVersion:
    original, _ = _material(publication)
    version = PublicationVersion.objects.create(
        publication=publication,
        number=_next_number(publication),
        change=change,
        reason=reason,
        fields=_with_end_date(publication, shown.fields),
        text=shown.masked_text,
        original=original,
        masks=shown.masks,
        approved_by=user,
    )
    snapshot.apply(version)
    return version


def approve(user: User, publication: Publication | int) -> PublicationVersion:
    """Publish a draft, or a pending update or correction, as a new version.

    A first publication starts its period today; the period's end dates come from the period
    rules. A draft whose due date is still pending (calendar not imported) may be approved.
    """
    require(user, Capability.PUBLISH_DECISIONS)
    with transaction.atomic():
        locked = lock(user, publication)
        if locked.pending_change:
            return _approve_change(user, locked)
        if locked.status != PublicationStatus.DRAFT:
            raise InvalidTransition(
                f"公示事项处于“{locked.get_status_display()}”状态，不能发布。", field="status"
            )
        drafts.refresh(locked)
        if locked.status != PublicationStatus.DRAFT:
            raise InvalidTransition(
                f"按公示范围规则，该决定不予公示：{locked.exclusion_reason}", field="status"
            )
        corrected = correction_of(locked)
        if corrected:
            raise InvalidTransition(f"该决定已被纠正，不能发布：{corrected}", field="status")
        require_document_number(locked.kind, locked.original)
        today = timezone.localdate()
        locked.starts_on = today
        locked.min_end_on, locked.ends_on = dates_for(locked, today)
        shown = preview(locked)
        version = _write_version(user, locked, ChangeKind.INITIAL, "", shown)
        locked.status = PublicationStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(
            update_fields=[
                "status",
                "published_at",
                "starts_on",
                "min_end_on",
                "ends_on",
                "updated_at",
            ]
        )
        audit.record(
            "publication_published",
            actor=user,
            target=locked,
            agency_id=locked.agency_id,
            detail={
                "version": version.number,
                "masks": len(shown.masks),
                "late": _late(locked, today),
            },
        )
    logger.info("publication %s published as version %s", locked.pk, version.number)
    return version


def _late(publication: Publication, today: datetime.date) -> bool:
    return publication.due_on is not None and today > publication.due_on


def _approve_change(user: User, publication: Publication) -> PublicationVersion:
    """Publish the pending update or correction; the version and snapshot keep a masked reason.

    The publication's own document number and decision date follow the changed fields, so
    the export, which reads them, shows what the portal shows.
    """
    pending = publication.pending_change
    change = ChangeKind(pending["change"])
    require_document_number(publication.kind, pending["original"])
    shown = preview(publication)
    reason = str(pending.get("reason", ""))
    public_reason = mask_public_note(publication, reason, original=pending["original"])
    # The snapshot copies the number and date from the publication, so they change first.
    publication.document_number = (
        number_in(publication.kind, pending["original"])[:100] or publication.document_number
    )
    sync_decided_on(publication, pending["original"])
    version = _write_version(user, publication, change, public_reason, shown)
    publication.original = pending["original"]
    publication.mask_edits = pending.get("mask_edits") or {}
    publication.pending_change = {}
    publication.save(
        update_fields=[
            "original",
            "mask_edits",
            "document_number",
            "decided_on",
            "pending_change",
            "updated_at",
        ]
    )
    audit.record(
        CHANGE_AUDIT[change],
        actor=user,
        target=publication,
        agency_id=publication.agency_id,
        detail={"version": version.number, "reason": reason},
    )
    logger.info("publication %s %s as version %s", publication.pk, change, version.number)
    return version


def exclude(user: User, publication: Publication | int, reason: str) -> Publication:
    """Record that a draft is not published by law, with the reason (不予公示)."""
    require(user, Capability.PUBLISH_DECISIONS)
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed("请填写“不予公示理由”，写明依据的法律规定。", field="reason")
    if len(text) > MAX_REASON_LENGTH:
        raise ValidationFailed(f"“不予公示理由”不能超过{MAX_REASON_LENGTH}个字。", field="reason")
    with transaction.atomic():
        locked = lock(user, publication)
        if locked.status != PublicationStatus.DRAFT:
            raise InvalidTransition(
                f"只有待发布的公示事项可以决定不予公示，当前为“{locked.get_status_display()}”。",
                field="status",
            )
        locked.status = PublicationStatus.EXCLUDED
        locked.exclusion_reason = text
        locked.exclusion_source = ""
        locked.save(update_fields=["status", "exclusion_reason", "exclusion_source", "updated_at"])
        audit.record(
            "publication_excluded",
            actor=user,
            target=locked,
            agency_id=locked.agency_id,
            detail={"reason": text, "by": "approver"},
        )
    return locked


# --- Updates and corrections --------------------------------------------------------------------


def prepare_change(
    user: User,
    publication: Publication | int,
    *,
    change: str,
    reason: str,
    fields: dict[str, str] | None = None,
    text: str | None = None,
) -> Publication:
    """Prepare an update or correction (更新 / 更正) of a published item for the approver.

    ``fields`` replaces the named original fields (an empty value clears one) and ``text``
    the full text; what is not given stays as published.
    """
    require(user, Capability.MANAGE_PUBLICATIONS)
    if change not in (ChangeKind.UPDATE, ChangeKind.CORRECTION):
        raise ValidationFailed("“变动类型”应为更新或更正。", field="change")
    why = (reason or "").strip()
    if not why:
        raise ValidationFailed(f"请填写{ChangeKind(change).label}的理由。", field="reason")
    if len(why) > MAX_REASON_LENGTH:
        raise ValidationFailed(f"理由不能超过{MAX_REASON_LENGTH}个字。", field="reason")

    with transaction.atomic():
        locked = lock(user, publication)
        if locked.status != PublicationStatus.PUBLISHED:
            raise InvalidTransition(
                f"只有公示中的事项可以{ChangeKind(change).label}，当前为“{locked.get_status_display()}”。",
                field="status",
            )
        original = changed_original(locked, fields or {}, text)
        if original == locked.original:
            raise ValidationFailed("没有修改任何内容，请修改字段或全文后再提交。", field="fields")
        locked.pending_change = {
            "change": ChangeKind(change).value,
            "reason": why,
            "original": original,
            "mask_edits": copy.deepcopy(locked.mask_edits or {}),
            "requested_by": user.pk,
            "requested_at": timezone.now().isoformat(),
        }
        locked.save(update_fields=["pending_change", "updated_at"])
        audit.record(
            "publication_change_requested",
            actor=user,
            target=locked,
            agency_id=locked.agency_id,
            detail={"change": change, "reason": why},
        )
    return locked

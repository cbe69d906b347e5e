"""Creating and refreshing publication drafts: one per decision, from every source.

A decision recorded on a case, a decision reported through the exchange, and a decision entered
by hand each get one ``Publication``. Running a source again updates its draft while it is a
draft. Once published, a changed decision becomes a pending update for the approver, and the
portal keeps the published version until that update is approved.
"""

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.agencies.models import Agency
from zhifa.cases.models import CaseStep, ExchangedDecision
from zhifa.core.errors import NotFound, NotPermitted
from zhifa.publicity.drafting.content import DecisionContent, original_of
from zhifa.publicity.drafting.deadlines import due_date
from zhifa.publicity.drafting.document_numbers import ENTERED_KEY, with_number
from zhifa.publicity.drafting.external import ManualInput, content_of_exchanged, validate_manual
from zhifa.publicity.drafting.facts import content_of_step
from zhifa.publicity.drafting.rules import verdict_for
from zhifa.publicity.models import (
    ChangeKind,
    Publication,
    PublicationSource,
    PublicationStatus,
)

logger = logging.getLogger(__name__)

# Statuses in which the decision's content has been published at least once.
PUBLISHED_STATUSES = frozenset({PublicationStatus.PUBLISHED})


def _apply_content(publication: Publication, content: DecisionContent) -> None:
    """Copy the content and the rule verdict onto an unsaved or draft publication.

    A number typed for a decision without one (补录) stays until the decision gets its own.
    """
    entered = str((publication.original or {}).get(ENTERED_KEY) or "")
    publication.agency = content.agency
    publication.kind = content.kind
    publication.title = content.title[:300]
    publication.document_number = content.document_number[:100]
    publication.decided_on = content.decided_on
    publication.due_on = due_date(content.kind, content.decided_on)
    publication.original = original_of(content)
    if entered and not publication.document_number:
        publication.document_number = entered
        publication.original = with_number(content.kind, publication.original, entered)
    verdict = verdict_for(content.kind, publication.original["facts"])
    if verdict.publish:
        publication.status = PublicationStatus.DRAFT
        publication.exclusion_reason = ""
        publication.exclusion_source = ""
    else:
        publication.status = PublicationStatus.EXCLUDED
        publication.exclusion_reason = verdict.description
        publication.exclusion_source = verdict.source[:300]


def _audit_drafted(publication: Publication, actor: User | None, **detail: Any) -> None:
    action = (
        "publication_excluded"
        if publication.status == PublicationStatus.EXCLUDED
        else "publication_drafted"
    )
    audit.record(
        action,
        actor=actor,
        target=publication,
        agency_id=publication.agency_id,
        detail={
            "source": publication.source,
            "status": publication.status,
            "reason": publication.exclusion_reason,
            **detail,
        },
    )


def _propose_update(publication: Publication, content: DecisionContent, reason: str) -> None:
    """Record a changed decision as a pending update of a publication already published."""
    publication.pending_change = {
        "change": ChangeKind.UPDATE.value,
        "reason": reason,
        "original": original_of(content),
        "mask_edits": dict(publication.mask_edits or {}),
        "requested_by": None,
        "requested_at": timezone.now().isoformat(),
    }
    publication.save(update_fields=["pending_change", "updated_at"])
    logger.info("publication %s has a pending update: %s", publication.pk, reason)


def _update_existing(
    publication: Publication, content: DecisionContent, actor: User | None, reason: str
) -> Publication:
    """Bring an existing publication in line with a changed decision."""
    if publication.status in PUBLISHED_STATUSES:
        _propose_update(publication, content, reason)
        return publication
    if publication.status not in (PublicationStatus.DRAFT, PublicationStatus.EXCLUDED):
        # Withdrawn, expired or repaired items stay as they are; their history is closed.
        return publication
    if publication.status == PublicationStatus.EXCLUDED and not publication.exclusion_source:
        # An approver excluded it by hand; a changed decision does not undo that.
        return publication
    _apply_content(publication, content)
    publication.save()
    _audit_drafted(publication, actor, refreshed=True)
    return publication


def current_step(step: CaseStep) -> CaseStep:
    """Return the newest correction of ``step``, or the step itself if it was never corrected."""
    latest = step
    while True:
        correction = latest.corrections.order_by("-sequence").first()
        if correction is None:
            return latest
        latest = correction


def on_step(step: CaseStep) -> Publication | None:
    """Create the draft of a decision step, or update it when the step corrects a decision."""
    content = content_of_step(step)
    if content is None:
        return None

    original_step = step
    while original_step.corrects_id is not None and original_step.corrects is not None:
        original_step = original_step.corrects
    existing = Publication.objects.filter(step=original_step).first()
    if existing is not None:
        reason = step.correction_reason or "办案环节记录更正"
        return _update_existing(existing, content, step.recorded_by, reason)

    publication = Publication(
        source=PublicationSource.CASE,
        case=step.case,
        step=original_step,
        created_by=step.recorded_by,
    )
    _apply_content(publication, content)
    publication.save()
    _audit_drafted(publication, step.recorded_by, step=step.step)
    logger.info("publication draft %s for step %s", publication.pk, step.pk)
    return publication


def on_exchanged_decision(decision: ExchangedDecision, created: bool) -> Publication:
    """Create or update the draft of a decision reported by another system."""
    content = content_of_exchanged(decision)
    existing = Publication.objects.filter(exchanged_decision=decision).first()
    if existing is not None:
        return _update_existing(existing, content, None, "外部系统报送的决定已变更")

    publication = Publication(
        source=PublicationSource.EXCHANGE,
        case=decision.case,
        exchanged_decision=decision,
    )
    _apply_content(publication, content)
    publication.save()
    _audit_drafted(publication, None, exchanged=decision.pk)
    return publication


def enter_manually(user: User, data: ManualInput) -> Publication:
    """Create the draft of a decision made in another system, entered by hand (手工录入)."""
    if not user.can(Capability.MANAGE_PUBLICATIONS):
        raise NotPermitted(f"您的角色没有“{Capability.MANAGE_PUBLICATIONS.label}”权限。")
    from zhifa.accounts.scope import scope_for

    agency = Agency.objects.filter(pk=data.agency_id).first()
    if agency is None or not scope_for(user).includes(agency.pk):
        raise NotFound("执法主体不存在或不在您的管理范围内，请重新选择。", field="agency_id")
    with transaction.atomic():
        content = validate_manual(data, agency, timezone.localdate())
        publication = Publication(source=PublicationSource.MANUAL, created_by=user)
        _apply_content(publication, content)
        publication.save()
        audit.record(
            "publication_entered",
            actor=user,
            target=publication,
            agency_id=agency.pk,
            detail={"kind": publication.kind, "status": publication.status},
        )
    logger.info("publication %s entered by hand by user %s", publication.pk, user.pk)
    return publication


def refresh(publication: Publication) -> Publication:
    """Read a case draft's decision again, e.g. after its document was finalised.

    Only drafts made from a case step change; other sources keep what they reported.
    """
    if publication.status != PublicationStatus.DRAFT or publication.step_id is None:
        return publication
    step = current_step(CaseStep.objects.select_related("case__agency").get(pk=publication.step_id))
    content = content_of_step(step)
    if content is None:
        return publication
    before = (publication.original, publication.document_number, publication.status)
    with transaction.atomic():
        _apply_content(publication, content)
        if (publication.original, publication.document_number, publication.status) != before:
            publication.save()
    return publication

"""Entering a missing 决定书文号 by hand (补录决定书文号).

A case decision recorded without its document, or a paper decision the officer issued, leaves
the publication without a number. Penalties and licences are not approved without one. A draft
takes the number at once. A published item gets it through a correction (更正) that the
approver reviews like any other.
"""

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.core.errors import InvalidTransition
from zhifa.publicity.drafting.document_numbers import (
    check_document_number,
    number_code,
    with_number,
)
from zhifa.publicity.models import ChangeKind, Publication, PublicationStatus
from zhifa.publicity.publishing import approval

AUDIT_ACTION = "publication_number_entered"
CORRECTION_REASON = "补录决定书文号：{number}"


def enter_document_number(user: User, publication: Publication | int, number: str) -> Publication:
    """Give a draft its document number, or prepare the correction of a published item.

    The number must be unused by the agency's other publications that are not excluded.
    """
    approval.require(user, Capability.MANAGE_PUBLICATIONS)
    with transaction.atomic():
        locked = approval.lock(user, publication)
        cleaned = check_document_number(number, locked.agency_id, exclude_pk=locked.pk)
        if locked.status == PublicationStatus.PUBLISHED:
            return _prepare_correction(user, locked, cleaned)
        if locked.status != PublicationStatus.DRAFT:
            raise InvalidTransition(
                f"公示事项处于“{locked.get_status_display()}”状态，不能补录决定书文号；"
                "只有待发布或公示中的事项可以补录。",
                field="document_number",
            )
        previous = locked.document_number
        locked.document_number = cleaned
        locked.original = with_number(locked.kind, locked.original, cleaned)
        locked.save(update_fields=["document_number", "original", "updated_at"])
        audit.record(
            AUDIT_ACTION,
            actor=user,
            target=locked,
            agency_id=locked.agency_id,
            detail={"number": cleaned, "previous": previous},
        )
    return locked


def _prepare_correction(user: User, publication: Publication, number: str) -> Publication:
    if publication.pending_change:
        raise InvalidTransition(
            "该公示事项已有待审核的更新或更正，请待审核完成后再补录决定书文号。",
            field="document_number",
        )
    return approval.prepare_change(
        user,
        publication,
        change=ChangeKind.CORRECTION,
        reason=CORRECTION_REASON.format(number=number),
        fields={number_code(publication.kind): number},
    )

"""Write the public snapshot (``PublishedItem``) from a publication's newest version.

Every change to what the public can read goes through ``apply``: publishing, updating, correcting,
withdrawing, expiry and credit repair. The snapshot copies only the version's masked public
fields and text, so the portal cannot reach anything the version did not publish.

Expiry and credit repair keep the row as a tombstone instead of deleting it: content, party
and search text are cleared, ``is_public`` is False, and ``ended_on`` and ``end_reason`` say
when and why the item ended. The portal hides tombstones, and the JSON feed reports them, so a
site that copied an item learns to remove it.
"""

from django.conf import settings

from zhifa.core.workdays import shanghai_date
from zhifa.publicity import fields as field_codes
from zhifa.publicity.models import (
    ChangeKind,
    EndReason,
    Publication,
    PublicationKind,
    PublicationVersion,
    PublishedItem,
)
from zhifa.publicity.search_text import index_text

# Changes after which the item leaves the portal for good, with the reason the feed reports.
ENDING_CHANGES = {ChangeKind.EXPIRY: EndReason.EXPIRY, ChangeKind.REPAIR: EndReason.REPAIR}


def apply(version: PublicationVersion) -> PublishedItem | None:
    """Bring the snapshot in line with ``version`` and return it.

    Returns None only when an expiry or repair version finds no snapshot to end. Call inside
    the transaction that adds the version.
    """
    publication = version.publication
    existing = PublishedItem.objects.filter(publication=publication).first()
    if version.change in ENDING_CHANGES:
        if existing is None:
            return None
        _end(existing, version)
        existing.save()
        return existing

    published_on = (
        existing.published_on if existing is not None else shanghai_date(version.created_at)
    )
    values = _public_fields(publication.kind, version.fields)
    item = existing or PublishedItem(publication=publication)
    item.agency_id_public = publication.agency_id
    item.publisher_name = _publisher_name(publication)
    item.kind = publication.kind
    item.title = publication.title
    item.document_number = publication.document_number
    item.decided_on = publication.decided_on
    item.published_on = published_on
    item.ends_on = publication.ends_on
    item.version_number = version.number

    if version.change == ChangeKind.WITHDRAWAL:
        _withdraw(item, version)
    else:
        item.party_name = field_codes.first_value(values, field_codes.PARTY_NAME_CODES)
        item.party_kind = field_codes.first_value(values, field_codes.PARTY_KIND_CODES)
        item.fields = values
        item.text = version.text
        item.is_public = True
        item.withdrawn_on = None
        item.withdrawal_reason = ""
        if version.change == ChangeKind.CORRECTION:
            item.corrected_on = shanghai_date(version.created_at)
            item.correction_note = version.reason[:300]
        # Every public value shown on the detail page is searchable, e.g. a company's USCC.
        item.search_text = index_text(
            item.title,
            item.document_number,
            item.publisher_name,
            *public_field_values(publication.kind, values),
            item.text,
        )
    item.save()
    return item


def _withdraw(item: PublishedItem, version: PublicationVersion) -> None:
    """Keep the item's heading with the reason, and drop its content and search text."""
    item.is_public = False
    item.withdrawn_on = shanghai_date(version.created_at)
    item.withdrawal_reason = version.reason
    item.fields = {}
    item.text = ""
    item.search_text = ""
    # The notice names no party, so the party filters must not find it either.
    item.party_name = ""
    item.party_kind = ""


def _end(item: PublishedItem, version: PublicationVersion) -> None:
    """Turn the item into a tombstone: heading, end date and reason only."""
    item.is_public = False
    item.ended_on = shanghai_date(version.created_at)
    item.end_reason = ENDING_CHANGES[ChangeKind(version.change)]
    item.version_number = version.number
    item.party_name = ""
    item.party_kind = ""
    item.fields = {}
    item.text = ""
    item.correction_note = ""
    item.search_text = ""


def public_field_values(kind: str, values: dict[str, str]) -> list[str]:
    """Return the public values in the standard field order (JSONB does not keep key order)."""
    return [
        str(values[field.code]) for field in field_codes.fields_for(kind) if field.code in values
    ]


def _public_fields(kind: str, values: dict[str, str]) -> dict[str, str]:
    public = {field.code for field in field_codes.fields_for(kind) if field.public}
    return {code: value for code, value in values.items() if code in public}


def _publisher_name(publication: Publication) -> str:
    """Return the publisher's name, which is the district government for housing expropriation."""
    if publication.kind == PublicationKind.EXPROPRIATION:
        return str(settings.ZHIFA_DISTRICT_GOVERNMENT_NAME)
    return publication.agency.name

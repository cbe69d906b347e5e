"""Write the public snapshot (``PublishedItem``) from a publication's newest version.

Every change to what the public sees goes through ``apply``: publishing, updating, correcting,
withdrawing, expiry and credit repair. The snapshot copies only the version's masked public
fields and text, so the portal cannot reach anything the version did not publish.
"""

from django.conf import settings

from zhifa.core.workdays import shanghai_date
from zhifa.publicity import fields as field_codes
from zhifa.publicity.models import (
    ChangeKind,
    Publication,
    PublicationKind,
    PublicationVersion,
    PublishedItem,
)
from zhifa.publicity.search_text import index_text

# Changes after which the item leaves the portal altogether.
REMOVING_CHANGES = frozenset({ChangeKind.EXPIRY, ChangeKind.REPAIR})


def apply(version: PublicationVersion) -> PublishedItem | None:
    """Bring the snapshot in line with ``version``; return it, or None once removed.

    Call inside the transaction that adds the version.
    """
    publication = version.publication
    if version.change in REMOVING_CHANGES:
        PublishedItem.objects.filter(publication=publication).delete()
        return None

    existing = PublishedItem.objects.filter(publication=publication).first()
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
        item.search_text = index_text(
            item.title, item.document_number, item.party_name, item.publisher_name, item.text
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
    if not item.pk:
        item.party_name = ""
        item.party_kind = ""


def _public_fields(kind: str, values: dict[str, str]) -> dict[str, str]:
    public = {field.code for field in field_codes.fields_for(kind) if field.public}
    return {code: value for code, value in values.items() if code in public}


def _publisher_name(publication: Publication) -> str:
    """The name the portal shows: the district government for housing expropriation."""
    if publication.kind == PublicationKind.EXPROPRIATION:
        return str(settings.ZHIFA_DISTRICT_GOVERNMENT_NAME)
    return publication.agency.name

"""Published decisions for portal tests, written the way publishing writes them."""

import datetime
from typing import Any

from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.publicity.models import (
    ChangeKind,
    Publication,
    PublicationSource,
    PublicationStatus,
    PublicationVersion,
    PublishedItem,
)
from zhifa.publicity.publishing import snapshot

# Dual-publicity codes of the party's name and kind, by publication kind.
PARTY_CODES = {
    "penalty": ("CF_XDR_MC", "CF_XDR_LB"),
    "license": ("XK_XDR_MC", "XK_XDR_LB"),
}


def publish_item(
    agency: Agency,
    text: str,
    *,
    kind: str = "penalty",
    title: str = "行政处罚决定书",
    document_number: str = "",
    party_name: str = "张某某",
    party_kind: str = "自然人",
    decided_on: datetime.date | None = None,
    published_on: datetime.date | None = None,
    fields: dict[str, str] | None = None,
) -> PublishedItem:
    """Publish a decision through a first version and ``snapshot.apply``, as publishing does."""
    decided_on = decided_on or timezone.localdate() - datetime.timedelta(days=10)
    publication = Publication.objects.create(
        agency=agency,
        kind=kind,
        source=PublicationSource.MANUAL,
        title=title,
        document_number=document_number,
        decided_on=decided_on,
        status=PublicationStatus.PUBLISHED,
        ends_on=decided_on + datetime.timedelta(days=3 * 365),
    )
    name_code, kind_code = PARTY_CODES.get(kind, ("GS_XDR_MC", "GS_XDR_LB"))
    values = {name_code: party_name, kind_code: party_kind, **(fields or {})}
    version = PublicationVersion.objects.create(
        publication=publication, number=1, change=ChangeKind.INITIAL, fields=values, text=text
    )
    item = snapshot.apply(version)
    assert item is not None
    if published_on is not None:
        PublishedItem.objects.filter(pk=item.pk).update(published_on=published_on)
        item.refresh_from_db()
    return item


def change_item(
    item: PublishedItem, change: str, reason: str, **changes: Any
) -> PublishedItem | None:
    """Add the next version of the item's publication with ``change`` and apply it."""
    publication = item.publication
    latest = publication.versions.order_by("-number").first()
    assert latest is not None
    version = PublicationVersion.objects.create(
        publication=publication,
        number=latest.number + 1,
        change=change,
        reason=reason,
        fields=changes.get("fields", latest.fields),
        text=changes.get("text", latest.text),
    )
    return snapshot.apply(version)

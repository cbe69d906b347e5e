"""Closing versions: withdrawal, expiry and credit repair of a published item.

Each adds a version that repeats the content of the newest one (so the internal history shows
what was taken down) and brings the snapshot in line through ``publishing.snapshot.apply``.
"""

from django.db.models import Max

from zhifa.accounts.models import User
from zhifa.publicity.models import Publication, PublicationVersion
from zhifa.publicity.publishing import snapshot


def latest_version(publication: Publication) -> PublicationVersion | None:
    return publication.versions.order_by("-number").first()


def close(
    publication: Publication, change: str, reason: str, user: User | None
) -> PublicationVersion:
    """Add a version of kind ``change`` and apply it to the snapshot.

    Call inside the transaction that locked ``publication`` and changes its status.
    """
    newest = latest_version(publication)
    number = (publication.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = PublicationVersion.objects.create(
        publication=publication,
        number=number,
        change=change,
        reason=reason,
        fields=newest.fields if newest is not None else {},
        text=newest.text if newest is not None else "",
        original=newest.original if newest is not None else {},
        masks=newest.masks if newest is not None else [],
        approved_by=user,
    )
    snapshot.apply(version)
    return version

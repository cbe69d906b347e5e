"""Published decisions, read from the public snapshot (``PublishedItem``) and nothing else.

The snapshot already holds only masked, public values. A withdrawn item is shown by its
heading, withdrawal date and reason: the dataclasses below leave its fields, text and party
empty even if a snapshot row still had them. An item whose period expired or that a credit
repair ended (``ended_on`` set) is a tombstone kept for the JSON feed, and the portal neither
lists nor shows it.
"""

import datetime
from dataclasses import dataclass

from zhifa.publicity.fields import public_values
from zhifa.publicity.models import PublicationKind, PublishedItem

KIND_LABELS = dict(PublicationKind.choices)


@dataclass(frozen=True)
class DecisionSummary:
    pk: int
    kind_label: str
    title: str
    document_number: str
    publisher_name: str
    party_name: str
    decided_on: datetime.date
    published_on: datetime.date
    is_public: bool
    withdrawn_on: datetime.date | None


@dataclass(frozen=True)
class DecisionDetail:
    summary: DecisionSummary
    fields: list[tuple[str, str]]
    text: str
    ends_on: datetime.date | None
    version_number: int
    corrected_on: datetime.date | None
    correction_note: str
    withdrawal_reason: str


def _summary(item: PublishedItem) -> DecisionSummary:
    return DecisionSummary(
        pk=item.pk,
        kind_label=KIND_LABELS.get(item.kind, item.kind),
        title=item.title,
        document_number=item.document_number,
        publisher_name=item.publisher_name,
        party_name=item.party_name if item.is_public else "",
        decided_on=item.decided_on,
        published_on=item.published_on,
        is_public=item.is_public,
        withdrawn_on=item.withdrawn_on,
    )


_SUMMARY_COLUMNS = (
    "kind",
    "title",
    "document_number",
    "publisher_name",
    "party_name",
    "decided_on",
    "published_on",
    "is_public",
    "withdrawn_on",
)


def latest_decisions(limit: int) -> list[DecisionSummary]:
    """Return the newest items on the portal, withdrawn ones left out."""
    items = (
        PublishedItem.objects.filter(is_public=True)
        .order_by("-published_on", "-pk")
        .only(*_SUMMARY_COLUMNS)[:limit]
    )
    return [_summary(item) for item in items]


def decision_summaries(pks: list[int]) -> list[DecisionSummary]:
    """Return the items with the given primary keys in the order of ``pks``, ended ones left out."""
    items = PublishedItem.objects.filter(pk__in=pks, ended_on__isnull=True)
    items = items.only(*_SUMMARY_COLUMNS)
    by_pk = {item.pk: _summary(item) for item in items}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def decision_detail(pk: int) -> DecisionDetail | None:
    """Return one item for its page, or None when there is none or it has ended."""
    item = PublishedItem.objects.filter(pk=pk, ended_on__isnull=True).first()
    if item is None:
        return None

    fields = item.fields if isinstance(item.fields, dict) else {}
    public = item.is_public
    return DecisionDetail(
        summary=_summary(item),
        fields=public_values(item.kind, fields) if public else [],
        text=item.text if public else "",
        ends_on=item.ends_on if public else None,
        version_number=item.version_number,
        corrected_on=item.corrected_on if public else None,
        correction_note=item.correction_note if public else "",
        withdrawal_reason="" if public else item.withdrawal_reason,
    )

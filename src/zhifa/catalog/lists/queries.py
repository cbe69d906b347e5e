"""Queries shared by the list pages and the API."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.formats import date_format

from zhifa.catalog.models import ListEntry, ListEntryVersion


def with_versions(queryset: QuerySet[ListEntry], day: datetime.date) -> QuerySet[Any]:
    """Annotate each entry with its version in force on ``day`` and the end of its last one.

    ``current_*`` are None when no version is in force on ``day``. ``latest_effective_to`` is
    set only on a withdrawn entry, since a change ends the superseded version, not the last.
    """
    current = (
        ListEntryVersion.objects.filter(entry=OuterRef("pk"), effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
    )
    latest = ListEntryVersion.objects.filter(entry=OuterRef("pk")).order_by("-number")
    return queryset.annotate(
        current_number=Subquery(current.values("number")[:1]),
        current_title=Subquery(current.values("title")[:1]),
        current_effective_from=Subquery(current.values("effective_from")[:1]),
        latest_title=Subquery(latest.values("title")[:1]),
        latest_number=Subquery(latest.values("number")[:1]),
        latest_effective_from=Subquery(latest.values("effective_from")[:1]),
        latest_effective_to=Subquery(latest.values("effective_to")[:1]),
    )


def not_withdrawn_before(queryset: QuerySet[Any], day: datetime.date) -> QuerySet[Any]:
    """Keep entries still in force, or yet to come into force, on ``day``.

    The queryset must come from ``with_versions``; so must that of ``withdrawn_before``.
    """
    return queryset.filter(Q(latest_effective_to__isnull=True) | Q(latest_effective_to__gte=day))


def withdrawn_before(queryset: QuerySet[Any], day: datetime.date) -> QuerySet[Any]:
    """Keep the withdrawn entries whose last day in force is before ``day``."""
    return queryset.filter(latest_effective_to__lt=day)


def search(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """Keep entries whose code, or the title of any of their versions, contains ``text``."""
    text = text.strip()
    if not text:
        return queryset
    matching = ListEntryVersion.objects.filter(title__icontains=text).values("entry_id")
    return queryset.filter(Q(code__icontains=text) | Q(pk__in=matching))


def counts_by_agency(
    queryset: QuerySet[ListEntry], day: datetime.date
) -> dict[int, dict[str, int]]:
    """Count the entries not withdrawn before ``day``, by agency id and then by list kind."""
    rows = (
        not_withdrawn_before(with_versions(queryset, day), day)
        .order_by()
        .values("agency_id", "kind")
        .annotate(total=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["agency_id"], {})[row["kind"]] = row["total"]
    return counts


# The four states of a version on a given day, as codes for the API and labels for the pages.
IN_FORCE = "in_force"
PENDING = "pending"
ENDED = "ended"
NEVER_IN_FORCE = "never_in_force"


@dataclass(frozen=True)
class VersionState:
    """The state of a version on a day: ``code``, a label for the pages, and its period."""

    code: str
    label: str
    period: str


def version_state(version: ListEntryVersion, day: datetime.date) -> VersionState:
    """Return the state of ``version`` on ``day``.

    A version whose ``effective_to`` is before its ``effective_from`` never came into force:
    the entry was withdrawn (废止) before that version's effective date.
    """
    start = date_format(version.effective_from)
    end = version.effective_to
    if end is not None and end < version.effective_from:
        return VersionState(NEVER_IN_FORCE, "未施行（条目已先行废止）", "未施行")
    if version.effective_from > day:
        period = f"{start} 起" if end is None else f"{start} 至 {date_format(end)}"
        return VersionState(PENDING, f"将于{start}生效", period)
    if end is not None and end < day:
        return VersionState(ENDED, "已失效", f"{start} 至 {date_format(end)}")
    period = f"{start} 至 今" if end is None else f"{start} 至 {date_format(end)}"
    return VersionState(IN_FORCE, "现行", period)

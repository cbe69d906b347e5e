"""Queries shared by the power item pages and the API."""

import datetime
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from zhifa.catalog.models import PowerItem, PowerItemVersion


def versions_in_force(day: datetime.date) -> QuerySet[PowerItemVersion]:
    """Versions of the outer item in force on ``day``, newest first, for a subquery."""
    return (
        PowerItemVersion.objects.filter(item=OuterRef("pk"), effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
    )


def with_current_version(queryset: QuerySet[PowerItem], day: datetime.date) -> QuerySet[Any]:
    """Annotate each item with the number, name, category and start of its version on ``day``.

    An item with no version in force on ``day`` gets None in all four.
    """
    current = versions_in_force(day)
    return queryset.annotate(
        current_number=Subquery(current.values("number")[:1]),
        current_name=Subquery(current.values("name")[:1]),
        current_category=Subquery(current.values("category")[:1]),
        current_effective_from=Subquery(current.values("effective_from")[:1]),
    )


def with_latest_version(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Annotate each item with the name and end date of its last version.

    ``latest_effective_to`` is set only on a withdrawn item (see ``PowerItem.withdrawal``).
    """
    latest = PowerItemVersion.objects.filter(item=OuterRef("pk")).order_by("-number")
    return queryset.annotate(
        latest_name=Subquery(latest.values("name")[:1]),
        latest_effective_to=Subquery(latest.values("effective_to")[:1]),
    )


def withdrawn_before(queryset: QuerySet[Any], day: datetime.date) -> QuerySet[Any]:
    """Keep the withdrawn items whose last day in force is before ``day``.

    The queryset must come from ``with_latest_version``; so must that of ``not_withdrawn_before``.
    """
    return queryset.filter(latest_effective_to__lt=day)


def not_withdrawn_before(queryset: QuerySet[Any], day: datetime.date) -> QuerySet[Any]:
    """Keep the items still in force, or yet to come into force, on ``day``."""
    return queryset.filter(Q(latest_effective_to__isnull=True) | Q(latest_effective_to__gte=day))


def search(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """Keep items whose code, or the name of any of their versions, contains ``text``."""
    text = text.strip()
    if not text:
        return queryset
    matching = PowerItemVersion.objects.filter(name__icontains=text).values("item_id")
    return queryset.filter(Q(code__icontains=text) | Q(pk__in=matching))

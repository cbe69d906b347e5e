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


def search(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """Keep items whose code, or the name of any of their versions, contains ``text``."""
    text = text.strip()
    if not text:
        return queryset
    matching = PowerItemVersion.objects.filter(name__icontains=text).values("item_id")
    return queryset.filter(Q(code__icontains=text) | Q(pk__in=matching))

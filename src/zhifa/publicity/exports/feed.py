"""The public feed of published decisions for the district website and WeChat accounts.

It reads only the public snapshot (``PublishedItem``), like the portal, so it cannot carry a
field the publication did not publish. Items come newest change first (``updated_at``, then
id), so a correction or withdrawal reappears at the top. ``since`` keeps items changed at or
after a time; ``cursor`` continues a page. Each item has a ``status``:

- ``public``: on the portal, with its public fields and text;
- ``withdrawn``: heading, withdrawal date and reason, no content;
- ``ended``: its period expired or a credit repair ended it early. The item comes with
  ``ended_on`` and ``end_reason`` and no content, so a reader that keeps copies removes it.
"""

import base64
import binascii
import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from zhifa.core.errors import ValidationFailed
from zhifa.publicity import fields as field_codes
from zhifa.publicity.models import EndReason, PublicationKind, PublishedItem

END_REASON_LABELS = dict(EndReason.choices)
MAX_LIMIT = 100
DEFAULT_LIMIT = 20


@dataclass
class FeedPage:
    items: list[dict[str, Any]]
    next_cursor: str | None


def encode_cursor(item: PublishedItem) -> str:
    raw = f"{item.updated_at.isoformat()}|{item.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii")


def decode_cursor(cursor: str) -> tuple[datetime.datetime, int]:
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
        stamp, pk = text.split("|")
        when = datetime.datetime.fromisoformat(stamp)
        if when.tzinfo is None:
            raise ValueError(stamp)
        return when, int(pk)
    except (ValueError, UnicodeError, binascii.Error) as error:
        raise ValidationFailed(
            "“cursor”无效，请使用上一页返回的 next_cursor 原样传回。", field="cursor"
        ) from error


def parse_since(text: str) -> datetime.datetime:
    try:
        when = datetime.datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise ValidationFailed(
            f"“since”无效：{text}。请写成带时区的 ISO 8601 时间，例如 2026-12-01T00:00:00+08:00。",
            field="since",
        ) from error
    if when.tzinfo is None:
        raise ValidationFailed(
            "“since”缺少时区偏移，例如 2026-12-01T00:00:00+08:00。", field="since"
        )
    return when


def _public_fields(item: PublishedItem) -> list[dict[str, str]]:
    """Return the item's fields that the field list marks public, in standard order."""
    values = item.fields or {}
    return [
        {"code": field.code, "label": field.label, "value": str(values[field.code])}
        for field in field_codes.fields_for(item.kind)
        if field.public and values.get(field.code) not in (None, "")
    ]


def _status(item: PublishedItem) -> str:
    if item.ended_on is not None:
        return "ended"
    return "public" if item.is_public else "withdrawn"


def item_out(item: PublishedItem) -> dict[str, Any]:
    """Return the feed entry of one snapshot row; only a public item carries content."""
    status = _status(item)
    withdrawn = status != "public"
    ended = status == "ended"
    return {
        "id": item.pk,
        "agency_id": item.agency_id_public,
        "publisher_name": item.publisher_name,
        "kind": item.kind,
        "kind_label": PublicationKind(item.kind).label,
        "title": item.title,
        "document_number": item.document_number,
        "party_name": "" if withdrawn else item.party_name,
        "decided_on": item.decided_on,
        "published_on": item.published_on,
        "ends_on": item.ends_on,
        "version": item.version_number,
        "corrected_on": None if ended else item.corrected_on,
        "correction_note": "" if ended else item.correction_note,
        "status": status,
        "withdrawn_on": item.withdrawn_on,
        "withdrawal_reason": item.withdrawal_reason if status == "withdrawn" else "",
        "ended_on": item.ended_on,
        "end_reason": item.end_reason,
        "end_reason_label": END_REASON_LABELS.get(item.end_reason, "") if ended else "",
        "fields": [] if withdrawn else _public_fields(item),
        "text": "" if withdrawn else item.text,
        "updated_at": item.updated_at,
    }


def feed_page(
    *,
    since: str | None = None,
    agency_id: int | None = None,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
) -> FeedPage:
    """Return one page of the feed; ``next_cursor`` is None on the last page."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed(f"“limit”应在 1 至 {MAX_LIMIT} 之间。", field="limit")
    queryset: QuerySet[PublishedItem] = PublishedItem.objects.all()
    if since:
        queryset = queryset.filter(updated_at__gte=parse_since(since))
    if agency_id is not None:
        queryset = queryset.filter(agency_id_public=agency_id)
    if cursor:
        when, pk = decode_cursor(cursor)
        queryset = queryset.filter(Q(updated_at__lt=when) | Q(updated_at=when, pk__lt=pk))

    page = list(queryset.order_by("-updated_at", "-pk")[: limit + 1])
    more = len(page) > limit
    page = page[:limit]
    return FeedPage(
        items=[item_out(item) for item in page],
        next_cursor=encode_cursor(page[-1]) if more and page else None,
    )

"""Full-text search of published decisions, with the portal's filters, on SQLite and PostgreSQL.

``search_text`` stores one token per letter or digit (``zhifa.publicity.search_text``), and
each query term becomes a phrase of its characters, so a term of any length matches exactly
the items whose text contains it, and several terms must all match. The full-text index of
migration ``publicity.0002_search_index`` matches the phrases:

- SQLite: ``publicity_search MATCH '"罚 款" AND "元"'`` on the FTS5 table. The CROSS JOIN makes
  the FTS5 table the outer loop, so ``EXPLAIN QUERY PLAN`` (SQLite 3.40) shows
  ``SCAN publicity_search VIRTUAL TABLE INDEX 0:M1`` and then
  ``SEARCH item USING INTEGER PRIMARY KEY (rowid=?)`` and a temporary B-tree for the order,
  with or without filters.
- PostgreSQL: ``search_vector @@ (phraseto_tsquery('simple', '罚 款') && ...)`` on the stored
  tsvector column, which ``EXPLAIN`` (PostgreSQL 15) shows as a ``Bitmap Index Scan on
  publicity_publisheditem_search`` (combined by ``BitmapAnd`` with the agency index when that
  filter is set), followed by a recheck of the phrase positions.

Only this module and ``zhifa.portal.queries`` read the database for the portal; this one
returns primary keys of ``PublishedItem`` and counts, never rows.
"""

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import connection

from zhifa.core.errors import ValidationFailed
from zhifa.publicity.models import PublicationKind, PublishedItem
from zhifa.publicity.search_text import query_terms

# A query of more terms than this is rejected rather than cut short: every extra phrase is
# one more index lookup, and visitors search with a few short words.
MAX_TERMS = 5
# Characters of the raw query, spaces and punctuation included.
MAX_QUERY_LENGTH = 50
PAGE_SIZE = 20

SqlParameter = int | str | bool | datetime.date

# The values of 行政相对人类别 in the national dual-publicity format.
PARTY_KINDS = ("法人及非法人组织", "自然人", "个体工商户")


@dataclass(frozen=True)
class DecisionQuery:
    """What a visitor asked for: the query text, already split into terms, and the filters."""

    text: str = ""
    terms: tuple[tuple[str, ...], ...] = ()
    agency_pk: int | None = None
    kind: str = ""
    decided_from: datetime.date | None = None
    decided_to: datetime.date | None = None
    party_kind: str = ""


@dataclass(frozen=True)
class SearchPage:
    """Primary keys of one page of ``PublishedItem`` rows, newest publication first."""

    ids: list[int]
    total: int
    number: int
    num_pages: int


# --- Reading the request -----------------------------------------------------------------------


def parse_terms(text: str) -> tuple[tuple[str, ...], ...]:
    """Split query text into terms of characters; raise ``ValidationFailed`` over the limits."""
    if len(text) > MAX_QUERY_LENGTH:
        raise ValidationFailed(
            f"检索词过长：最多 {MAX_QUERY_LENGTH} 个字（含空格和标点），"
            f"现为 {len(text)} 个字。请删去部分字词后再查询。",
            field="q",
        )
    terms = query_terms(text, limit=MAX_TERMS + 1)
    if len(terms) > MAX_TERMS:
        raise ValidationFailed(
            f"检索词过多：最多 {MAX_TERMS} 个，用空格或标点分隔。请减少检索词后再查询。",
            field="q",
        )
    return tuple(tuple(term) for term in terms)


def _parse_date(value: str, field: str, label: str) -> datetime.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(
            f"{label}“{value}”无效：请按“年-月-日”填写，例如 2026-01-31。", field=field
        ) from None


def _parse_agency(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit():
        raise ValidationFailed("执法主体无效：请从列表中选择执法主体。", field="agency")
    return int(value)


def query_from_params(params: Mapping[str, str]) -> DecisionQuery:
    """Build a ``DecisionQuery`` from the search form's GET parameters.

    Raises ``ValidationFailed`` naming the field (``q``, ``agency``, ``kind``, ``from``,
    ``to`` or ``party_kind``) when a value is invalid.
    """
    text = params.get("q", "").strip()
    kind = params.get("kind", "").strip()
    if kind and kind not in PublicationKind.values:
        raise ValidationFailed("公示类别无效：请从列表中选择类别。", field="kind")
    party_kind = params.get("party_kind", "").strip()
    if party_kind and party_kind not in PARTY_KINDS:
        raise ValidationFailed("行政相对人类别无效：请从列表中选择类别。", field="party_kind")

    decided_from = _parse_date(params.get("from", ""), "from", "决定日期起")
    decided_to = _parse_date(params.get("to", ""), "to", "决定日期止")
    if decided_from and decided_to and decided_from > decided_to:
        raise ValidationFailed(
            "决定日期的起始日晚于截止日：请把起始日改为不晚于截止日的日期。", field="from"
        )

    return DecisionQuery(
        text=text,
        terms=parse_terms(text),
        agency_pk=_parse_agency(params.get("agency", "")),
        kind=kind,
        decided_from=decided_from,
        decided_to=decided_to,
        party_kind=party_kind,
    )


# --- Running the search ------------------------------------------------------------------------


def search_decisions(query: DecisionQuery, page: int, per_page: int = PAGE_SIZE) -> SearchPage:
    """Return one page of matching items, ordered by publication date, newest first.

    With no terms this is the plain listing, withdrawn items included (their notice is
    public). With terms, only items on the portal match: a withdrawn item has no search text.
    """
    if not query.terms:
        return _listing(query, page, per_page)

    if connection.vendor == "postgresql":
        source, match, match_params = _postgresql_match(query.terms)
    else:
        source, match, match_params = _sqlite_match(query.terms)
    where, params = _filter_sql(query)
    conditions = " AND ".join([match, *where])

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {source} WHERE {conditions}",  # noqa: S608 - fixed SQL parts
            [*match_params, *params],
        )
        total = int(cursor.fetchone()[0])
        number, num_pages = _page_number(page, total, per_page)
        cursor.execute(
            f"SELECT item.id FROM {source} WHERE {conditions}"  # noqa: S608 - fixed SQL parts
            " ORDER BY item.published_on DESC, item.id DESC LIMIT %s OFFSET %s",
            [*match_params, *params, per_page, (number - 1) * per_page],
        )
        ids = [int(row[0]) for row in cursor.fetchall()]
    return SearchPage(ids=ids, total=total, number=number, num_pages=num_pages)


def _page_number(page: int, total: int, per_page: int) -> tuple[int, int]:
    """Return the page to show (clamped to the last page) and the number of pages."""
    num_pages = max(1, math.ceil(total / per_page))
    return min(max(page, 1), num_pages), num_pages


def _listing(query: DecisionQuery, page: int, per_page: int) -> SearchPage:
    items = PublishedItem.objects.all()
    if query.agency_pk is not None:
        items = items.filter(agency_id_public=query.agency_pk)
    if query.kind:
        items = items.filter(kind=query.kind)
    if query.decided_from is not None:
        items = items.filter(decided_on__gte=query.decided_from)
    if query.decided_to is not None:
        items = items.filter(decided_on__lte=query.decided_to)
    if query.party_kind:
        items = items.filter(party_kind=query.party_kind)

    total = items.count()
    number, num_pages = _page_number(page, total, per_page)
    start = (number - 1) * per_page
    ids = list(
        items.order_by("-published_on", "-pk").values_list("pk", flat=True)[
            start : start + per_page
        ]
    )
    return SearchPage(ids=ids, total=total, number=number, num_pages=num_pages)


def _filter_sql(query: DecisionQuery) -> tuple[list[str], list[SqlParameter]]:
    """Return the WHERE conditions on ``item`` and their parameters, for the raw queries."""
    where: list[str] = ["item.is_public = %s"]
    params: list[SqlParameter] = [True]
    if query.agency_pk is not None:
        where.append("item.agency_id_public = %s")
        params.append(query.agency_pk)
    if query.kind:
        where.append("item.kind = %s")
        params.append(query.kind)
    if query.decided_from is not None:
        where.append("item.decided_on >= %s")
        params.append(query.decided_from)
    if query.decided_to is not None:
        where.append("item.decided_on <= %s")
        params.append(query.decided_to)
    if query.party_kind:
        where.append("item.party_kind = %s")
        params.append(query.party_kind)
    return where, params


def _sqlite_match(terms: tuple[tuple[str, ...], ...]) -> tuple[str, str, list[SqlParameter]]:
    """Return the FROM clause, the match condition and its parameter for SQLite FTS5."""
    # Each character is a letter or digit (search_text.characters), so no term can contain
    # the double quote that would end an FTS5 phrase.
    # NOTE: the FTS5 table always drives the join, so a term found in almost every item
    # ("罚") combined with one agency's filter reads every match first. In
    # benchmarks/bench_portal_search.py that case is about 20 times slower than a LIKE scan of
    # the agency's rows, while rare terms are 2 to 30 times faster.
    expression = " AND ".join('"' + " ".join(term) + '"' for term in terms)
    source = (
        "publicity_search CROSS JOIN publicity_publisheditem AS item"
        " ON item.id = publicity_search.rowid"
    )
    return source, "publicity_search MATCH %s", [expression]


def _postgresql_match(terms: tuple[tuple[str, ...], ...]) -> tuple[str, str, list[SqlParameter]]:
    """Return the FROM clause, the match condition and its parameters for PostgreSQL."""
    phrases = " && ".join("phraseto_tsquery('simple'::regconfig, %s)" for _ in terms)
    condition = f"item.search_vector @@ ({phrases})"
    return "publicity_publisheditem AS item", condition, [" ".join(term) for term in terms]

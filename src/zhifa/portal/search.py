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

The index is slow for a term that almost every item contains ("罚", "元"): it must produce,
count and sort every match. So a search picks one of three plans (``Plan``), all returning
the same rows in the same order:

- ``FULL_TEXT``: count the matches through the index, stopping after ``TOTAL_CAP``, and sort
  them for the page. Used when the term is rare, that is when the capped count does not
  exceed the cap.
- ``COMMON_TERM``: the capped count reached ``TOTAL_CAP``, so the total is shown as a lower
  bound. The page comes from reading the filtered items newest first through the
  ``(is_public, -published_on)``-style indexes and testing each item's ``search_text`` for
  the terms, which stops as soon as the page is full.
- ``SCAN``: an indexed filter (agency, kind or decision dates) leaves at most
  ``SCAN_FILTER_ROWS`` items, so the count and the page test those items' text directly and
  never touch the full-text index.

The text test is exact because ``search_text`` separates characters by single spaces: the
term 罚款 matches where ``' ' || search_text || ' '`` contains ``' 罚 款 '``.
NOTE: on PostgreSQL the plans differ for a text longer than 16,383 letters and digits. The
tsvector keeps no position beyond that, so FULL_TEXT misses a phrase there that the text test
finds.
"""

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

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

# Matches are counted up to this number and a larger total is shown as "10000 余条", so
# no search counts every item that contains a common character. Visitors page through at
# most TOTAL_CAP / PAGE_SIZE = 500 pages and are asked to narrow the search for more.
TOTAL_CAP = 10_000
# An indexed filter that leaves at most this many items is searched by testing their text
# (plan SCAN), which costs at most this many string tests for the count and again for the
# page, however common the term.
SCAN_FILTER_ROWS = 30_000
# The COMMON_TERM plan reads at most this many of the newest filtered items for one page.
# When the page is still not full, it sorts the full-text matches instead. That happens for
# a deep page of a term that reaches TOTAL_CAP but is not dense, such as page 500 of a term
# that 2% of the items contain.
SCAN_PAGE_ROWS = 50_000

SqlParameter = int | str | bool | datetime.date

# The values of 行政相对人类别 in the national dual-publicity format.
PARTY_KINDS = ("法人及非法人组织", "自然人", "个体工商户")


@dataclass(frozen=True)
class DecisionQuery:
    """A visitor's search: the query text, its terms (split already) and the filters."""

    text: str = ""
    terms: tuple[tuple[str, ...], ...] = ()
    agency_pk: int | None = None
    kind: str = ""
    decided_from: datetime.date | None = None
    decided_to: datetime.date | None = None
    party_kind: str = ""


class Plan(StrEnum):
    """Search plan, the access path a search takes; the module docstring describes each."""

    LISTING = "listing"
    FULL_TEXT = "full_text"
    COMMON_TERM = "common_term"
    SCAN = "scan"


@dataclass(frozen=True)
class SearchPage:
    """Primary keys of one page of ``PublishedItem`` rows, newest publication first.

    When ``total_is_lower_bound`` is set, more than ``total`` items match (``total`` is then
    ``TOTAL_CAP``) and ``num_pages`` covers only the first ``total`` of them.
    """

    ids: list[int]
    total: int
    number: int
    num_pages: int
    total_is_lower_bound: bool = False
    plan: Plan = Plan.LISTING


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


@dataclass(frozen=True)
class _Sql:
    """A FROM clause over ``publicity_publisheditem AS item`` and a WHERE condition."""

    source: str
    condition: str
    params: list[SqlParameter]


def search_decisions(
    query: DecisionQuery, page: int, per_page: int = PAGE_SIZE, *, plan: Plan | None = None
) -> SearchPage:
    """Return one page of matching items, ordered by publication date, newest first.

    With no terms this is the plain listing, withdrawn items included (their notice is
    public). With terms, only items on the portal match: a withdrawn item has no search text.
    Without ``plan`` the search picks the cheapest plan; tests and benchmarks pass ``plan``
    to force one, which changes the cost but not the result.
    """
    if not query.terms:
        return _listing(query, page, per_page)

    if plan is Plan.SCAN or (plan is None and _filtered_rows_are_few(query)):
        return _scan_search(query, page, per_page)

    full_text = _full_text_sql(query)
    matches = _count_up_to(full_text, TOTAL_CAP + 1)
    number, num_pages = _paging(matches, page, per_page)

    if plan is Plan.COMMON_TERM or (plan is None and matches > TOTAL_CAP):
        ids = _newest_matches(query, number, per_page)
        if ids is not None:
            return _page(ids, matches, number, num_pages, Plan.COMMON_TERM)

    ids = _ordered_ids(full_text, number, per_page)
    return _page(ids, matches, number, num_pages, Plan.FULL_TEXT)


def _scan_search(query: DecisionQuery, page: int, per_page: int) -> SearchPage:
    scan = _scan_sql(query)
    matches = _count_up_to(scan, TOTAL_CAP + 1)
    number, num_pages = _paging(matches, page, per_page)
    ids = _ordered_ids(scan, number, per_page)
    return _page(ids, matches, number, num_pages, Plan.SCAN)


def _paging(matches: int, page: int, per_page: int) -> tuple[int, int]:
    """Return the page to show and the page count, for at most ``TOTAL_CAP`` matches."""
    return _page_number(page, min(matches, TOTAL_CAP), per_page)


def _page(ids: list[int], matches: int, number: int, num_pages: int, plan: Plan) -> SearchPage:
    return SearchPage(
        ids=ids,
        total=min(matches, TOTAL_CAP),
        number=number,
        num_pages=num_pages,
        total_is_lower_bound=matches > TOTAL_CAP,
        plan=plan,
    )


def _page_number(page: int, total: int, per_page: int) -> tuple[int, int]:
    """Return the page to show (clamped to the last page) and the number of pages."""
    num_pages = max(1, math.ceil(total / per_page))
    return min(max(page, 1), num_pages), num_pages


def _listing(query: DecisionQuery, page: int, per_page: int) -> SearchPage:
    # An ended item (expiry or credit repair) is a tombstone for the JSON feed, not listed.
    items = PublishedItem.objects.filter(ended_on__isnull=True)
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


# --- SQL of the plans --------------------------------------------------------------------------


def _count_up_to(sql: _Sql, limit: int) -> int:
    """Count the rows of ``sql``, stopping at ``limit``."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {sql.source} WHERE {sql.condition}"  # noqa: S608 - fixed SQL parts
            " LIMIT %s) AS capped",
            [*sql.params, limit],
        )
        return int(cursor.fetchone()[0])


def _ordered_ids(sql: _Sql, number: int, per_page: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT item.id FROM {sql.source} WHERE {sql.condition}"  # noqa: S608 - fixed SQL parts
            " ORDER BY item.published_on DESC, item.id DESC LIMIT %s OFFSET %s",
            [*sql.params, per_page, (number - 1) * per_page],
        )
        return [int(row[0]) for row in cursor.fetchall()]


def _newest_matches(query: DecisionQuery, number: int, per_page: int) -> list[int] | None:
    """Return page ``number`` from the newest ``SCAN_PAGE_ROWS`` filtered items, or None.

    The inner query walks the filtered items newest first through an index and stops after
    ``SCAN_PAGE_ROWS``. The outer one tests their text and stops when the page is full. A
    page that is not full may have been cut short by that limit, so it returns None and the
    caller takes the page from the full-text index instead.
    """
    where, params = _filter_sql(query)
    texts, text_params = _text_conditions(query.terms, "newest.search_text")
    # PostgreSQL 15 plans no sort here, because the subquery's rows are already in this order.
    # NOTE: SQLite 3.40 would sort every row the subquery yields for the same ORDER BY, so
    # it is left out there: SQLite runs the subquery as a co-routine that yields its rows in
    # its own ORDER BY order, which the outer scan keeps. test_search_plans checks the order.
    order = " ORDER BY newest.published_on DESC, newest.id DESC"
    if connection.vendor != "postgresql":
        order = ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT newest.id FROM (SELECT item.id, item.published_on, item.search_text"  # noqa: S608 - fixed SQL parts
            f" FROM publicity_publisheditem AS item WHERE {' AND '.join(where)}"
            " ORDER BY item.published_on DESC, item.id DESC LIMIT %s) AS newest"
            f" WHERE {' AND '.join(texts)}{order} LIMIT %s OFFSET %s",
            [*params, SCAN_PAGE_ROWS, *text_params, per_page, (number - 1) * per_page],
        )
        ids = [int(row[0]) for row in cursor.fetchall()]
    return ids if len(ids) == per_page else None


def _filtered_rows_are_few(query: DecisionQuery) -> bool:
    """Tell whether the indexed filters leave at most ``SCAN_FILTER_ROWS`` items.

    Only the agency, kind and decision-date filters count, because each has an index and
    so the capped count reads at most ``SCAN_FILTER_ROWS + 1`` index entries. The
    party-kind filter has no index and can only make the scanned set smaller.
    """
    where, params = _indexed_filter_sql(query)
    if len(where) == 1:
        return False

    filtered = _Sql("publicity_publisheditem AS item", " AND ".join(where), params)
    return _count_up_to(filtered, SCAN_FILTER_ROWS + 1) <= SCAN_FILTER_ROWS


def _filter_sql(query: DecisionQuery) -> tuple[list[str], list[SqlParameter]]:
    """Return the WHERE conditions on ``item`` and their parameters, for the raw queries."""
    where, params = _indexed_filter_sql(query)
    if query.party_kind:
        where.append("item.party_kind = %s")
        params.append(query.party_kind)
    return where, params


def _indexed_filter_sql(query: DecisionQuery) -> tuple[list[str], list[SqlParameter]]:
    """Return the conditions on ``is_public`` and the filters that have an index."""
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
    return where, params


def _scan_sql(query: DecisionQuery) -> _Sql:
    where, params = _filter_sql(query)
    texts, text_params = _text_conditions(query.terms, "item.search_text")
    return _Sql(
        "publicity_publisheditem AS item", " AND ".join([*where, *texts]), [*params, *text_params]
    )


def _text_conditions(
    terms: tuple[tuple[str, ...], ...], column: str
) -> tuple[list[str], list[SqlParameter]]:
    """Return one exact substring test of ``column`` per term, as LIKE conditions.

    ``search_text`` separates its characters by single spaces, so padding both the text and
    the term's characters with spaces makes the test match whole characters only.
    """
    conditions = [f"(' ' || {column} || ' ') LIKE %s ESCAPE '\\'" for _ in terms]
    patterns: list[SqlParameter] = [
        "% " + " ".join(_escape_like(char) for char in term) + " %" for term in terms
    ]
    return conditions, patterns


def _escape_like(text: str) -> str:
    # search_text.characters keeps only letters and digits, so no term should contain a
    # wildcard; escaping keeps the test exact even if that rule changes.
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _full_text_sql(query: DecisionQuery) -> _Sql:
    if connection.vendor == "postgresql":
        source, match, match_params = _postgresql_match(query.terms)
    else:
        source, match, match_params = _sqlite_match(query.terms)
    where, params = _filter_sql(query)
    return _Sql(source, " AND ".join([match, *where]), [*match_params, *params])


def _sqlite_match(terms: tuple[tuple[str, ...], ...]) -> tuple[str, str, list[SqlParameter]]:
    """Return the FROM clause, the match condition and its parameter for SQLite FTS5."""
    # Each character is a letter or digit (search_text.characters), so no term can contain
    # the double quote that would end an FTS5 phrase.
    # The FTS5 table always drives the join, so a term found in almost every item combined
    # with a selective filter would read every match first: search_decisions sends such a
    # search to the SCAN plan when the filter is indexed.
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

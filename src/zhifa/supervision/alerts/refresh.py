"""Reconciliation of the open alerts with what the sources find today.

A fact without an open alert raises one; an open alert whose source ran and no longer reports
its cause is resolved. A source that fails leaves its open alerts as they are, so a bug in one
check never clears alerts it could not confirm.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.supervision.alerts import sources
from zhifa.supervision.alerts.facts import AlertFact
from zhifa.supervision.alerts.models import Alert

logger = logging.getLogger(__name__)


@dataclass
class RefreshResult:
    raised: list[Alert] = field(default_factory=list)
    resolved: int = 0
    still_open: int = 0
    # Names of the sources that raised an exception, with the error text.
    failures: dict[str, str] = field(default_factory=dict)


@dataclass
class Comparison:
    """One source's facts set against the open alerts of its kinds in the checked scope."""

    # Facts without an open alert.
    to_raise: list[AlertFact] = field(default_factory=list)
    # Open alerts whose cause is still reported, with the fact that reports it.
    to_update: list[tuple[Alert, AlertFact]] = field(default_factory=list)
    # Open alerts whose cause the source no longer reports.
    to_resolve: list[Alert] = field(default_factory=list)


def source_facts(
    source: sources.Source, agency_ids: list[int], today: datetime.date, district: bool
) -> list[AlertFact]:
    """Run one source and drop its district-wide facts unless the whole district is checked."""
    return [
        fact for fact in source.check(agency_ids, today) if fact.agency_id is not None or district
    ]


def compare(
    source: sources.Source, facts: list[AlertFact], agency_ids: list[int], district: bool
) -> Comparison:
    """Match ``facts`` to the open alerts of the source's kinds, without writing anything."""
    in_scope = (
        Q(agency_id__in=agency_ids) | Q(agency__isnull=True)
        if district
        else Q(agency_id__in=agency_ids)
    )
    open_alerts = Alert.objects.filter(kind__in=source.kinds, resolved_at__isnull=True)
    open_rows = {(row.kind, row.target_key): row for row in open_alerts.filter(in_scope)}
    # A cause may move to another agency when a complaint is routed or transferred. Its open
    # row is then updated wherever it sits, not raised again beside it.
    targets = {fact.target_key for fact in facts}
    moved = {
        (row.kind, row.target_key): row
        for row in open_alerts.exclude(in_scope).filter(target_key__in=targets)
    }
    comparison = Comparison()
    seen: set[tuple[str, str]] = set()
    for fact in facts:
        key = (fact.kind, fact.target_key)
        if key in seen:
            continue
        seen.add(key)
        row = open_rows.get(key) or moved.get(key)
        if row is None:
            comparison.to_raise.append(fact)
        else:
            comparison.to_update.append((row, fact))
    comparison.to_resolve = [row for key, row in open_rows.items() if key not in seen]
    return comparison


def _apply(comparison: Comparison) -> RefreshResult:
    """Write one source's comparison; the returned counts cover this source only."""
    result = RefreshResult()
    now = timezone.now()
    for fact in comparison.to_raise:
        result.raised.append(
            Alert.objects.create(
                kind=fact.kind,
                agency_id=fact.agency_id,
                target_key=fact.target_key,
                message=fact.message,
                url=fact.url,
                raised_at=now,
                last_seen_at=now,
            )
        )
    for row, fact in comparison.to_update:
        row.message, row.url, row.last_seen_at = fact.message, fact.url, now
        row.agency_id = fact.agency_id
        row.save(update_fields=["message", "url", "last_seen_at", "agency"])
        result.still_open += 1

    if comparison.to_resolve:
        resolved_ids = [row.pk for row in comparison.to_resolve]
        result.resolved = Alert.objects.filter(pk__in=resolved_ids).update(resolved_at=now)
    return result


def refresh(agency_ids: list[int] | None, today: datetime.date) -> RefreshResult:
    """Run every source for ``agency_ids`` (None: every agency and the district-wide causes).

    Each source's changes commit in their own transaction, so a failure in one source rolls
    back only that source's part.
    """
    district = agency_ids is None
    ids = list(Agency.objects.values_list("pk", flat=True)) if agency_ids is None else agency_ids
    result = RefreshResult()
    for source in sources.sources():
        try:
            with transaction.atomic():
                facts = source_facts(source, ids, today, district)
                part = _apply(compare(source, facts, ids, district))
        except IntegrityError:
            # Another refresh raised the same alert at the same moment; the next run agrees.
            logger.warning("alert source %s raced with another refresh", source.name)
            continue
        except Exception as error:
            logger.exception("alert source %s failed", source.name)
            result.failures[source.name] = f"{type(error).__name__}: {error}"
            continue
        result.raised += part.raised
        result.resolved += part.resolved
        result.still_open += part.still_open
    return result

"""The read-only check of an earlier day: what the sources find on that day, with nothing written.

The open alerts describe today, because the notification page checks again with today's date
whenever someone opens it. A check of an earlier day that wrote its findings would resolve
alerts that still hold today, and the next check would raise them again as new rows, without
their read marks and sent once more.
"""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from zhifa.agencies.models import Agency
from zhifa.supervision.alerts import sources
from zhifa.supervision.alerts.refresh import compare, source_facts

logger = logging.getLogger(__name__)


@dataclass
class Preview:
    """The difference between one day's findings and the open alerts, counted per alert."""

    # Causes found on the day, per alert kind.
    found: Counter[str] = field(default_factory=Counter)
    would_raise: int = 0
    would_resolve: int = 0
    still_open: int = 0
    # Names of the sources that raised an exception, with the error text.
    failures: dict[str, str] = field(default_factory=dict)


def preview(day: datetime.date) -> Preview:
    """Run every source for every agency and the district as of ``day``, writing nothing."""
    ids = list(Agency.objects.values_list("pk", flat=True))
    result = Preview()
    with transaction.atomic():
        for source in sources.sources():
            try:
                # A savepoint per source, so that a failed query on PostgreSQL does not
                # abort the checks of the sources after it.
                with transaction.atomic():
                    facts = source_facts(source, ids, day, district=True)
                    comparison = compare(source, facts, ids, district=True)
            except Exception as error:
                logger.exception("alert source %s failed in the check of %s", source.name, day)
                result.failures[source.name] = f"{type(error).__name__}: {error}"
                continue
            result.would_raise += len(comparison.to_raise)
            result.would_resolve += len(comparison.to_resolve)
            result.still_open += len(comparison.to_update)
            result.found.update(fact.kind for fact in comparison.to_raise)
            result.found.update(fact.kind for _, fact in comparison.to_update)
        # Sources only read. Rolling back all the same keeps this check free of changes even
        # if a source ever writes.
        transaction.set_rollback(True)
    return result

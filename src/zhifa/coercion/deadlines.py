"""The last day of a coercive measure, also while the calendar lacks the year it falls in.

A measure imposed in December may end in a year whose holiday schedule is not imported yet.
The measure is lawful and is stored without its last day (``due_on`` is null). The day is
computed once the year is imported: ``fill_missing_due_dates`` runs when the measure pages
and the measure actions read the measures.
"""

import datetime
import logging
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from django.db.models import QuerySet

from zhifa.cases.actions._common import CALENDAR
from zhifa.coercion import rules
from zhifa.coercion.models import CoerciveMeasure
from zhifa.core.workdays import CalendarNotCovered, shanghai_date

logger = logging.getLogger(__name__)

PENDING_NOTE = "期限待日历导入后计算"


class _HasDetails(Protocol):
    """A recorded step: a ``CaseStep`` or the compliance panel's ``StepFacts``."""

    @property
    def details(self) -> Any: ...


Row = TypeVar("Row", bound=_HasDetails)


def current_testing_periods(rows: Sequence[Row]) -> list[Row]:
    """Return the testing periods in force from rows oldest first: the latest per start day.

    A later record with the same start states the actual or revised end of that test.
    """
    latest: dict[str, Row] = {}
    for row in rows:
        latest[str(row.details.get("starts_on"))] = row
    return list(latest.values())


def computed_due_on(measure: CoerciveMeasure) -> datetime.date | None:
    """Return the measure's last day, or None while the calendar lacks the year needed."""
    try:
        return rules.measure_deadline(
            shanghai_date(measure.imposed_at),
            CALENDAR,
            extension_days=measure.extension_days,
            excluded_days=measure.excluded_days,
        )
    except CalendarNotCovered as error:
        logger.info("measure %s: due date waits for calendar year %s", measure.pk, error.year)
        return None


def earliest_due_on(measure: CoerciveMeasure) -> datetime.date:
    """Return the stored last day, or else the last day before any move off a rest day.

    The second is never later than the real last day, so a check that an act comes before
    the end of the period stays on the safe side while the calendar lacks the year.
    """
    if measure.due_on is not None:
        return measure.due_on
    days = rules.MEASURE_DAYS + measure.extension_days + measure.excluded_days
    return shanghai_date(measure.imposed_at) + datetime.timedelta(days=days)


def fill_missing_due_dates(measures: QuerySet[CoerciveMeasure]) -> int:
    """Compute and store the last day of the given measures stored without one.

    Returns how many were filled; the others still wait for the calendar.
    """
    filled = 0
    for measure in measures.filter(due_on__isnull=True):
        due_on = computed_due_on(measure)
        if due_on is None:
            continue
        CoerciveMeasure.objects.filter(pk=measure.pk, due_on__isnull=True).update(due_on=due_on)
        filled += 1
        logger.info("measure %s: due date %s computed after calendar import", measure.pk, due_on)
    return filled

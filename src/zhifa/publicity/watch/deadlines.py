"""Publication deadlines an agency must watch: drafts due soon, overdue, or not yet countable."""

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from zhifa.accounts.scope import restrict
from zhifa.core.workdays import CalendarNotCovered, add_working_days
from zhifa.publicity.models import Publication, PublicationStatus

logger = logging.getLogger(__name__)

# "Due soon" means due within this many working days after today.
DUE_SOON_WORKING_DAYS = 2


@dataclass
class AgencyDeadlines:
    agency_id: int
    agency_name: str
    due_soon: list[Publication] = field(default_factory=list)
    overdue: list[Publication] = field(default_factory=list)
    pending: list[Publication] = field(default_factory=list)


@dataclass
class DeadlineBoard:
    today: datetime.date
    # The last day counted as due soon; None when the calendar does not cover it yet.
    horizon: datetime.date | None
    agencies: list[AgencyDeadlines]

    @property
    def due_soon_count(self) -> int:
        return sum(len(row.due_soon) for row in self.agencies)

    @property
    def overdue_count(self) -> int:
        return sum(len(row.overdue) for row in self.agencies)

    @property
    def pending_count(self) -> int:
        return sum(len(row.pending) for row in self.agencies)


def due_soon_horizon(today: datetime.date) -> datetime.date | None:
    """Return the second working day after ``today``, or None if its year is not loaded."""
    try:
        return add_working_days(today, DUE_SOON_WORKING_DAYS)
    except CalendarNotCovered as error:
        logger.warning("due-soon horizon after %s not countable: year %s", today, error.year)
        return None


def _drafts(user: Any) -> QuerySet[Publication]:
    queryset = Publication.objects.filter(status=PublicationStatus.DRAFT).select_related("agency")
    # The sweep runs without a user and sees every agency.
    return queryset if user is None else restrict(queryset, user)


def deadline_board(user: Any, today: datetime.date) -> DeadlineBoard:
    """Group the drafts in the user's scope by agency: due soon, overdue and 待定.

    When the calendar does not cover the horizon (late December before the next year is
    imported), every draft due from today to the end of the year counts as due soon.
    """
    horizon = due_soon_horizon(today)
    last_day = horizon or datetime.date(today.year, 12, 31)
    rows: dict[int, AgencyDeadlines] = {}

    def row_for(publication: Publication) -> AgencyDeadlines:
        if publication.agency_id not in rows:
            rows[publication.agency_id] = AgencyDeadlines(
                publication.agency_id, publication.agency.name
            )
        return rows[publication.agency_id]

    for publication in _drafts(user).order_by("agency__sort_order", "agency_id", "due_on", "pk"):
        if publication.due_on is None:
            row_for(publication).pending.append(publication)
        elif publication.due_on < today:
            row_for(publication).overdue.append(publication)
        elif publication.due_on <= last_day:
            row_for(publication).due_soon.append(publication)
    return DeadlineBoard(today, horizon, list(rows.values()))

"""Complaint and satisfaction figures per agency, for reports, the dashboard and assessment.

TODO: helper "complaints" implements this module; the signatures are the contract.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class ComplaintCounts:
    """Complaints of one agency: received in the period, and how they were handled."""

    received: int = 0
    replied: int = 0
    replied_on_time: int = 0
    open_overdue: int = 0


@dataclass(frozen=True)
class RatingSummary:
    """Satisfaction ratings of one agency in the period, on a scale of 1 to 5 stars."""

    count: int = 0
    stars: int = 0
    satisfied: int = 0

    @property
    def average(self) -> Decimal | None:
        if self.count == 0:
            return None
        return (Decimal(self.stars) / Decimal(self.count)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class OverdueComplaint:
    agency_id: int | None
    complaint_id: int
    due_on: datetime.date
    label: str
    url: str


def complaint_counts(
    agency_ids: Iterable[int],
    starts_on: datetime.date,
    ends_on: datetime.date,
    today: datetime.date,
) -> dict[int, ComplaintCounts]:
    raise NotImplementedError


def satisfaction(
    agency_ids: Iterable[int], starts_on: datetime.date, ends_on: datetime.date
) -> dict[int, RatingSummary]:
    raise NotImplementedError


def overdue_complaints(today: datetime.date) -> list[OverdueComplaint]:
    raise NotImplementedError

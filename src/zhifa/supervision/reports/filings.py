"""How agencies file their monthly reports on time, for alerts and the year-end assessment.

TODO: helper "reports" implements this module; the signatures are the contract.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FilingTimeliness:
    """An agency's monthly reports of one year whose filing deadline has passed."""

    due: int = 0
    filed_on_time: int = 0
    filed_late: int = 0
    unfiled: int = 0


@dataclass(frozen=True)
class OverdueFiling:
    """A monthly report past its filing deadline and not yet filed (or returned, not refiled)."""

    agency_id: int
    year: int
    month: int
    due_on: datetime.date
    url: str


def filing_timeliness(
    agency_ids: Iterable[int], year: int, today: datetime.date
) -> dict[int, FilingTimeliness]:
    raise NotImplementedError


def overdue_filings(today: datetime.date) -> list[OverdueFiling]:
    raise NotImplementedError

"""The period a report covers, as Shanghai dates and the aware date-times that bound them."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from zhifa.core.workdays import SHANGHAI

Figures = dict[str, int | Decimal]


@dataclass(frozen=True)
class Period:
    starts_on: datetime.date
    ends_on: datetime.date
    # The day the figures are read on: "still open" and "overdue" are judged on this day.
    as_of: datetime.date

    @property
    def start(self) -> datetime.datetime:
        """Return the first instant of ``starts_on`` in Shanghai."""
        return datetime.datetime.combine(self.starts_on, datetime.time.min, tzinfo=SHANGHAI)

    @property
    def end(self) -> datetime.datetime:
        """Return the first instant after ``ends_on`` in Shanghai (an exclusive bound)."""
        following = self.ends_on + datetime.timedelta(days=1)
        return datetime.datetime.combine(following, datetime.time.min, tzinfo=SHANGHAI)


def add(figures: Figures, code: str, value: int | Decimal) -> None:
    figures[code] = figures[code] + value

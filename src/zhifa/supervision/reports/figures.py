"""The figures of a monthly or annual report (执法数据), compiled from an agency's own data.

Every stored figure is a count or an amount that adds up across agencies, so the district row
is the sum of the agency rows. Rates (on-time rate, AV coverage) are not stored: the pages
derive them from a numerator and a denominator. ``metrics.METRICS`` lists every code with
its label. Codes that other apps read:

- ``cases_opened``, ``cases_closed``, ``decisions_total``;
- ``publications_published``, ``publications_on_time``;
- ``av_mandatory_duties``, ``av_mandatory_met`` (mandatory AV scenes called for, and covered);
- ``complaints_received``.

Events count on their Shanghai date. Compiling reads a fixed number of queries whatever the
number of agencies, and loads only the period's rows.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from zhifa.supervision.complaints.figures import complaint_counts
from zhifa.supervision.reports.compiling.av import count_av_duties
from zhifa.supervision.reports.compiling.cases import count_cases
from zhifa.supervision.reports.compiling.decisions import count_decisions
from zhifa.supervision.reports.compiling.period import Figures, Period, add
from zhifa.supervision.reports.compiling.publicity import count_publications
from zhifa.supervision.reports.compiling.remedies import count_remedies
from zhifa.supervision.reports.compiling.reviews import count_reviews
from zhifa.supervision.reports.metrics import METRICS

__all__ = ["Figures", "compile_figures", "empty_figures", "sum_figures"]


def empty_figures() -> Figures:
    return {code: metric.zero() for code, metric in METRICS.items()}


def sum_figures(rows: Iterable[Figures]) -> Figures:
    """Add figures up code by code; a code missing from a row counts as zero."""
    total = empty_figures()
    for row in rows:
        for code in total:
            add(total, code, row.get(code, 0))
    return total


def _count_complaints(agency_ids: list[int], period: Period, rows: dict[int, Figures]) -> None:
    counts = complaint_counts(agency_ids, period.starts_on, period.ends_on, period.as_of)
    for agency_id, row in counts.items():
        figures = rows[agency_id]
        add(figures, "complaints_received", row.received)
        add(figures, "complaints_replied", row.replied)
        add(figures, "complaints_replied_on_time", row.replied_on_time)
        add(figures, "complaints_open_overdue", row.open_overdue)


SECTIONS = (
    count_cases,
    count_decisions,
    count_publications,
    count_av_duties,
    count_reviews,
    count_remedies,
    _count_complaints,
)


def compile_figures(
    agency_ids: Iterable[int],
    starts_on: datetime.date,
    ends_on: datetime.date,
    today: datetime.date,
) -> dict[int, Figures]:
    """Return each agency's figures over the period, both days included, keyed by agency id.

    Every agency asked for has a row, with zeros where it had nothing to count. ``today`` is
    the day states such as "overdue" are judged on.
    """
    ids = sorted(set(agency_ids))
    rows = {agency_id: empty_figures() for agency_id in ids}
    if not ids:
        return rows

    period = Period(starts_on, ends_on, today)
    for count_section in SECTIONS:
        count_section(ids, period, rows)
    return rows


def as_json(figures: Figures) -> dict[str, str | int]:
    """Convert figures to JSON values: counts stay integers, amounts become strings of yuan."""
    return {
        code: str(value) if isinstance(value, Decimal) else value for code, value in figures.items()
    }


def from_json(stored: dict[str, str | int]) -> Figures:
    """Read stored figures back, with zero for a code added to the registry since."""
    figures = empty_figures()
    for code, metric in METRICS.items():
        if code not in stored:
            continue
        value = stored[code]
        figures[code] = Decimal(str(value)) if metric.is_amount else int(value)
    return figures

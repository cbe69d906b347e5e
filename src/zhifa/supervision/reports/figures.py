"""The figures of a monthly or annual report (执法数据), compiled from an agency's own data.

TODO: helper "reports" implements this module; the signatures and the metric codes named
below are the contract other supervision apps rely on.

Every stored figure is a count or an amount that adds up across agencies, so the district row
is the sum of the agency rows; rates (on-time rate, AV coverage) are derived from a numerator
and a denominator at display time, never stored. Codes that other apps read:

- ``cases_opened``, ``cases_closed``, ``decisions_total``;
- ``publications_published``, ``publications_on_time``;
- ``av_mandatory_duties``, ``av_mandatory_met`` (mandatory AV scenes called for, and covered);
- ``complaints_received``.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

Figures = dict[str, int | Decimal]


def compile_figures(
    agency_ids: Iterable[int],
    starts_on: datetime.date,
    ends_on: datetime.date,
    today: datetime.date,
) -> dict[int, Figures]:
    """Return each agency's figures over the period, both days included, keyed by agency id.

    Every agency asked for has a row, with zeros where it had nothing to count.
    """
    raise NotImplementedError

"""The ranking of agencies on the dashboard.

Each agency is ranked on each indicator it has data for, with ties sharing a place (1, 2, 2,
4). Its overall rank follows the mean of those places, so an agency is not pushed down for an
indicator that does not apply to it, e.g. no remedies concluded in the period.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zhifa.supervision.alerts.dashboard.figures import AgencyRow


@dataclass(frozen=True)
class Indicator:
    label: str
    value: Callable[["AgencyRow"], Decimal | int | None]
    higher_is_better: bool


INDICATORS = (
    Indicator("公示及时率", lambda row: row.on_time_rate, True),
    Indicator("音像记录覆盖率", lambda row: row.av_rate, True),
    Indicator("被纠错率", lambda row: row.correction_rate, False),
    Indicator("投诉举报件数", lambda row: row.complaints, False),
)


def places(rows: list["AgencyRow"], indicator: Indicator) -> dict[int, int]:
    """Return each row's place on one indicator, keyed by the row's position in ``rows``."""
    known: list[tuple[int, Decimal]] = []
    for index, row in enumerate(rows):
        value = indicator.value(row)
        if value is not None:
            known.append((index, Decimal(value)))
    known.sort(key=lambda item: item[1], reverse=indicator.higher_is_better)
    values = [value for _, value in known]
    # A tie takes the place of the first row with the same value.
    return {index: values.index(value) + 1 for index, value in known}


def rank(rows: list["AgencyRow"]) -> None:
    """Set ``mean_rank`` and ``rank`` on each row; rows without any indicator keep None."""
    all_places = [places(rows, indicator) for indicator in INDICATORS]
    means: list[tuple[Decimal, AgencyRow]] = []
    for index, row in enumerate(rows):
        own = [found[index] for found in all_places if index in found]
        if not own:
            continue
        mean = (Decimal(sum(own)) / Decimal(len(own))).quantize(Decimal("0.01"), ROUND_HALF_UP)
        row.mean_rank = mean
        means.append((mean, row))
    means.sort(key=lambda item: item[0])
    ordered = [mean for mean, _ in means]
    for mean, row in means:
        row.rank = ordered.index(mean) + 1

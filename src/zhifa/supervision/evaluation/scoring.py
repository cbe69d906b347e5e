"""Combination of indicator scores into one score per agency, and the ranking of agencies.

The no-data rule: when an agency has no data for an indicator, that indicator's weight is
shared out among the agency's other indicators in proportion to their weights. The score is
therefore the weighted mean over the indicators that have data. An agency with no data for any
indicator gets no score and no rank.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

NO_DATA_RULE = (
    "某项指标本年度没有可计算的数据时（例如没有复议诉讼审结的决定），该项不计分，"
    "其权重按其余有数据指标的权重比例分配给这些指标；所有指标都没有数据的单位不计分、不排名。"
)


@dataclass(frozen=True)
class Combined:
    score: Decimal | None
    # The weight each indicator carried after the no-data rule; missing indicators get 0.
    effective_weights: dict[str, Decimal]


def combine(weights: Mapping[str, Decimal], scores: Mapping[str, Decimal | None]) -> Combined:
    """Return the weighted mean of the indicators that have a score, and the weights used."""
    present = {
        code: weight
        for code, weight in weights.items()
        if weight > 0 and scores.get(code) is not None
    }
    total_weight = sum(present.values(), Decimal("0"))
    if total_weight == 0:
        return Combined(None, {code: Decimal("0") for code in weights})

    effective = {
        code: (present[code] * 100 / total_weight).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if code in present
        else Decimal("0")
        for code in weights
    }
    weighted = sum((present[code] * scores[code] for code in present), Decimal("0"))  # type: ignore[operator]
    score = (weighted / total_weight).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return Combined(score, effective)


def rank(scores: Mapping[int, Decimal | None]) -> dict[int, int | None]:
    """Rank by score, highest first; equal scores share a rank, and ranks skip after a tie."""
    ordered = sorted(
        ((key, value) for key, value in scores.items() if value is not None),
        key=lambda pair: pair[1],
        reverse=True,
    )
    ranks: dict[int, int | None] = dict.fromkeys(scores)
    previous: Decimal | None = None
    current = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            current = position
            previous = value
        ranks[key] = current
    return ranks

"""Pure rules of case file evaluation: standard totals, grades, sample sizes and the draw.

The draw seeds ``random.Random`` with the text ``"<seed>/<agency id>"``, which Python hashes
with SHA-512 in the same way in every version since 3.2. It picks with ``Random.random()``
only, because Python keeps that sequence stable across versions and ``Random.sample`` may
change.
Seeding each agency apart means that adding an agency to a draw leaves the others' picks
unchanged.
"""

import math
import random
from collections.abc import Iterable
from decimal import Decimal

from zhifa.supervision.evaluation.models.standards import FULL_MARKS, Grade


def points_difference(points: Iterable[Decimal]) -> Decimal:
    """Return the items' total minus 100: positive when over, negative when short."""
    return sum(points, Decimal("0")) - FULL_MARKS


def grade_for(
    score: Decimal, excellent_min: Decimal, good_min: Decimal, pass_min: Decimal
) -> Grade:
    """Return the grade of ``score``; each threshold is the lowest score of its grade."""
    if score >= excellent_min:
        return Grade.EXCELLENT
    if score >= good_min:
        return Grade.GOOD
    if score >= pass_min:
        return Grade.PASS
    return Grade.FAIL


def thresholds_in_order(excellent_min: Decimal, good_min: Decimal, pass_min: Decimal) -> bool:
    return FULL_MARKS >= excellent_min > good_min > pass_min >= 0


def sample_size(
    population: int, *, count: int | None, percent: int | None, minimum: int = 0
) -> int:
    """Return how many of ``population`` cases to draw, never more than there are.

    A percentage is rounded up (10% of 15 files is 2), then raised to ``minimum``.
    """
    if count is not None:
        requested = count
    elif percent is not None:
        requested = max(math.ceil(population * percent / 100), minimum)
    else:
        raise ValueError("either count or percent is required")
    return min(requested, population)


def draw_ids(seed: str, agency_id: int, candidates: Iterable[int], size: int) -> list[int]:
    """Return ``size`` distinct ids picked from ``candidates``, in the order they were picked.

    The candidates are sorted first, so the same seed, agency and set of ids always give the
    same picks, whatever order the caller passes them in.
    """
    pool = sorted(candidates)
    # Not for security: the seed is recorded so that anyone can replay the draw.
    rng = random.Random(f"{seed}/{agency_id}")  # noqa: S311
    picked: list[int] = []
    for _ in range(min(size, len(pool))):
        index = int(rng.random() * len(pool))
        picked.append(pool.pop(index))
    return picked

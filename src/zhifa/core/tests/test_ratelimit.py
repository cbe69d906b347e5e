"""Request counters keep their whole window in the database cache."""

import time

import pytest
from django.core.cache import cache

from zhifa.core import ratelimit

pytestmark = pytest.mark.django_db


def test_counts_accumulate_in_window() -> None:
    key = "test:ratelimit:accumulate"

    counts = [ratelimit.count_hit(key, 3600) for _ in range(3)]

    assert counts == [1, 2, 3]
    assert ratelimit.hit_count(key) == 3


def test_window_keeps_full_hour() -> None:
    # incr on the database cache would store the entry again with the 300-second default.
    key = "test:ratelimit:hour"
    ratelimit.count_hit(key, 3600)
    ratelimit.count_hit(key, 3600)

    _count, ends_at = cache.get(key)

    assert ends_at - time.time() > 3500


def test_new_window_after_expiry() -> None:
    key = "test:ratelimit:expiry"
    ratelimit.count_hit(key, 1)
    ratelimit.count_hit(key, 1)
    time.sleep(1.1)

    assert ratelimit.hit_count(key) == 0
    assert ratelimit.count_hit(key, 1) == 1

"""Counting requests per client address in fixed windows, in the shared database cache.

Every application server reads the same counts. The cache keys carry a digest of the address,
never the address itself.

The window's end is stored with its count: ``cache.incr`` of Django's database cache writes the
entry again with the default timeout of 300 seconds, which would cut an hour's window to five
minutes. The read and the write are two statements, so concurrent requests can lose a count.
"""

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest

from zhifa.core.client_address import client_ip


def address_digest(request: HttpRequest) -> str:
    """Return a digest of the client's address, for cache keys that must not hold addresses."""
    address = client_ip(request) or ""
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def hit_count(key: str) -> int:
    """Return the count of the window open under ``key``, or 0 when none is open."""
    entry = cache.get(key)
    if entry is None or entry[1] <= time.time():
        return 0
    return int(entry[0])


def count_hit(key: str, window_seconds: int) -> int:
    """Count one request under ``key`` and return the count of its window so far.

    A window opens with the first request and lasts ``window_seconds``.
    """
    now = time.time()
    entry = cache.get(key)
    if entry is None or entry[1] <= now:
        entry = (0, now + window_seconds)
    count, ends_at = entry[0] + 1, entry[1]
    cache.set(key, (count, ends_at), timeout=max(1, int(ends_at - now) + 1))
    return int(count)

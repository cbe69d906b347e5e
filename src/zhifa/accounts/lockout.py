"""Login lockouts kept by django-axes, read and lifted per username.

Axes locks a (username, client address) pair, as ``AXES_LOCKOUT_PARAMETERS`` sets, once the
failures of that pair within the cool-off period reach ``AXES_FAILURE_LIMIT``. An account
counts as locked here when any one address has reached the limit for its username.
"""

import logging

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.db.models import Sum
from django.utils import timezone

logger = logging.getLogger(__name__)


def is_locked_out(username: str) -> bool:
    """Return whether logins with ``username`` are refused from at least one address."""
    # NOTE: this reads the failure limit without a request, so a request-dependent
    # AXES_FAILURE_LIMIT callable would not work here; the platform sets an integer.
    limit = get_failure_limit(None, None)
    attempts = AccessAttempt.objects.filter(username=username)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)

    per_address = attempts.values("ip_address").annotate(failures=Sum("failures_since_start"))
    return any((row["failures"] or 0) >= limit for row in per_address)


def reset_attempts(username: str) -> int:
    """Delete the failed-login records of ``username`` from every address; return the count."""
    if not username:
        # Axes reads an empty username as "no filter" and would delete every record.
        return 0
    removed = reset(username=username)
    logger.info("login failures of %s reset: %s records", username, removed)
    return removed

"""Demo data of this app: one sweep over the other apps' demo data, so the list has content.

``zhifa demo load`` calls ``load`` after every other demo loader. The sweep is idempotent, so a
second run raises nothing new and reports the open alerts as skipped.
"""

import datetime
import logging

from zhifa.supervision.alerts.models import Alert
from zhifa.supervision.alerts.sweep import run_sweep

logger = logging.getLogger(__name__)


def load(today: datetime.date) -> dict[str, int]:
    """Run the daily sweep once; return the alerts it raised, and the open ones it found."""
    before = set(Alert.objects.filter(resolved_at__isnull=True).values_list("pk", flat=True))
    report = run_sweep(today)
    for line in report.failures:
        logger.warning("demo sweep: %s", line)
    after = set(Alert.objects.filter(resolved_at__isnull=True).values_list("pk", flat=True))
    return {"alerts": len(after - before), "skipped": len(after & before)}

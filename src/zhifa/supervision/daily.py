"""Jobs that ``zhifa supervision sweep`` runs once a day, registered by the supervision apps.

A job takes today's date and returns a short Chinese line for the sweep's output. The alert
sweep itself runs last, so that alerts see what the other jobs have just prepared.
"""

import datetime
from collections.abc import Callable

DailyJob = Callable[[datetime.date], str]

_JOBS: dict[str, DailyJob] = {}


def register(name: str, job: DailyJob) -> DailyJob:
    """Add ``job`` under ``name``; registering a name again replaces the job."""
    _JOBS[name] = job
    return job


def jobs() -> list[tuple[str, DailyJob]]:
    return list(_JOBS.items())

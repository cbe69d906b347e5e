"""Demo data of this app, loaded by ``zhifa demo load`` after the case kinds and publicity."""

import datetime


def load(today: datetime.date) -> dict[str, int]:
    """Add this app's demo rows once; return counts by kind, ``skipped`` for rows already there."""
    # TODO: the helper that owns this app adds its demo data.
    return {}

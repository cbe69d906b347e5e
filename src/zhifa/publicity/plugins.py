"""Wiring of the publicity app into cases, the exchange and remedies."""


def connect() -> None:
    """Register the listeners; each module connects its own so the wiring stays beside it."""
    from zhifa.publicity.changes import listeners as changes
    from zhifa.publicity.drafting import listeners as drafting

    drafting.connect()
    changes.connect()

"""Wiring of the publicity app into cases, the exchange and remedies."""


def connect() -> None:
    """Register the listeners; each module connects its own so the wiring stays beside it."""
    # TODO: filled in as the drafting and withdrawal modules land.

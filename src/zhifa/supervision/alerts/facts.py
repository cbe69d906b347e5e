"""The record a source returns: one cause of an alert, found on the day of the check."""

from dataclasses import dataclass


@dataclass(frozen=True)
class AlertFact:
    """One cause that should have an open alert; ``target_key`` names its object, e.g. "case:12"."""

    kind: str
    agency_id: int | None
    target_key: str
    message: str
    url: str = ""

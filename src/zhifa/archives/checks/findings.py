"""A failed test found by a property check, before the run stores it as a ``CheckFailure``."""

from dataclasses import dataclass

from zhifa.archives.checks.models import Property


@dataclass(frozen=True)
class Finding:
    """One failure: the property, a short test code, the item's id (if any) and the message."""

    property: Property
    test: str
    message: str
    item_id: int | None = None

"""The registry of alert sources and the sources the supervision apps ship.

A source is ``check(agency_ids, today) -> list[AlertFact]``. It reads a fixed number of
queries, however many agencies it checks, and reports only causes of those agencies, plus the
district-wide ones (agency None) that it owns. Each source owns a fixed set of alert kinds, so
the sweep resolves an open alert of those kinds when the source no longer reports its cause.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from zhifa.supervision.alerts.facts import AlertFact

Check = Callable[[list[int], datetime.date], list[AlertFact]]


@dataclass(frozen=True)
class Source:
    name: str
    kinds: frozenset[str]
    check: Check


_SOURCES: dict[str, Source] = {}


def register(name: str, kinds: set[str], check: Check) -> Check:
    """Add ``check`` as the source of ``kinds``; registering a name again replaces it."""
    _SOURCES[name] = Source(name, frozenset(kinds), check)
    return check


def unregister(name: str) -> None:
    _SOURCES.pop(name, None)


def sources() -> list[Source]:
    _load_builtin()
    return list(_SOURCES.values())


_loaded = False


def _load_builtin() -> None:
    """Import the built-in source modules once; each registers itself on import."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from zhifa.supervision.alerts.sources import (  # noqa: F401 - imported to register
        agencies,
        calendar,
        cases,
        complaints,
        evidence,
        publicity,
        reports,
        review,
    )

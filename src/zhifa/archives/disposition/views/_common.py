"""Helpers of the disposition pages: ids from a form, an action's error, holds per entry."""

from collections.abc import Iterable

from django import forms
from django.http import HttpRequest

from zhifa.archives.disposition.models import AppraisalEntry
from zhifa.archives.retention import holds
from zhifa.core.errors import ZhifaError


def posted_ids(request: HttpRequest, name: str) -> list[int]:
    """Return the integer values of a multi-value field; anything else is ignored."""
    return [int(value) for value in request.POST.getlist(name) if value.isdigit()]


def show_error(form: forms.Form, error: ZhifaError) -> None:
    name = error.field if error.field in form.fields else None
    form.add_error(name, error.message)


def attach_holds(entries: Iterable[AppraisalEntry]) -> int:
    """Set ``holds`` on each entry to the reasons its case is frozen; return how many are.

    Routine AV records have no case and get an empty list.
    """
    frozen = 0
    for entry in entries:
        reasons = holds.holds_on(entry.case_file.case) if entry.case_file is not None else []
        entry.holds = reasons  # type: ignore[attr-defined]
        frozen += bool(reasons)
    return frozen

"""Helpers of the disposition pages: reading ids from a form and showing an action's error."""

from django import forms
from django.http import HttpRequest

from zhifa.core.errors import ZhifaError


def posted_ids(request: HttpRequest, name: str) -> list[int]:
    """Return the integer values of a multi-value field; anything else is ignored."""
    return [int(value) for value in request.POST.getlist(name) if value.isdigit()]


def show_error(form: forms.Form, error: ZhifaError) -> None:
    name = error.field if error.field in form.fields else None
    form.add_error(name, error.message)

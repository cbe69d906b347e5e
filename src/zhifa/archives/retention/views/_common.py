"""Helpers shared by the retention pages."""

from django import forms

from zhifa.core.errors import ZhifaError


def show_error(form: forms.Form, error: ZhifaError) -> None:
    """Attach an action's error to the field it names, or to the whole form."""
    name = error.field if error.field in form.fields else None
    form.add_error(name, error.message)

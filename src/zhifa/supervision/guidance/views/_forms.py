"""Showing an action's error on the form field it names."""

from django import forms

from zhifa.core.errors import ZhifaError

# Action field names that differ from the form's field names.
FIELD_ALIASES = {
    "domain_id": "domain",
    "rule_type_id": "rule_type",
    "agency_ids": "agencies",
    "criticised_ids": "criticised",
    "commended_ids": "commended",
    "corrects_id": "corrects",
}


def show_error(form: forms.Form, error: ZhifaError) -> None:
    name = FIELD_ALIASES.get(error.field or "", error.field)
    form.add_error(name if name in form.fields else None, error.message)

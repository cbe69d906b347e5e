"""A form base class whose error messages name the field they belong to.

Django's messages ("这个字段是必填项。") make sense only beside their field; on a long form, in
a summary at the top, or read aloud by a screen reader, the user must know which field is
meant. Each field error is therefore prefixed with the field's label, unless it already
contains it.
"""

from django import forms
from django.forms.utils import ErrorList


class LabelledErrorsForm(forms.Form):
    def full_clean(self) -> None:
        super().full_clean()
        for name, errors in list(self.errors.items()):
            field = self.fields.get(name)
            label = str(field.label) if field is not None and field.label else ""
            if not label:
                continue
            messages = [
                message if label in message else f"「{label}」{message}"
                for message in (str(text) for text in errors)
            ]
            self.errors[name] = ErrorList(messages)

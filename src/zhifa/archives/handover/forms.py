"""Forms of the handover pages."""

from django import forms

from zhifa.archives.handover import actions, profiles


class HandoverForm(forms.Form):
    """A new package: the archived case files (chosen on the page) and the export profile."""

    case_files = forms.TypedMultipleChoiceField(
        label="案卷", coerce=int, choices=(), widget=forms.CheckboxSelectMultiple
    )
    profile = forms.ChoiceField(label="导出规范", choices=())

    def __init__(
        self, *args: object, case_file_choices: list[tuple[int, str]], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        case_files: forms.TypedMultipleChoiceField = self.fields["case_files"]  # type: ignore[assignment]
        case_files.choices = case_file_choices
        profile: forms.ChoiceField = self.fields["profile"]  # type: ignore[assignment]
        profile.choices = [(profile.name, profile.label) for profile in profiles.available()]


class ReceiptForm(forms.Form):
    receipt_note = forms.CharField(
        label="接收情况",
        max_length=actions.MAX_RECEIPT_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：2026年12月8日区档案馆接收，离线核验通过。",
    )

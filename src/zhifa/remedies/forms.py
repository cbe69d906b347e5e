"""Forms of the remedies pages: the list filter and the outcome document upload."""

from django import forms

from zhifa.remedies.models import RemedyKind, RemedyOutcome, RemedyStatus


class RemedyFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *RemedyStatus.choices]
    )
    kind = forms.ChoiceField(
        label="救济类型", required=False, choices=[("", "全部"), *RemedyKind.choices]
    )
    outcome = forms.ChoiceField(
        label="结果", required=False, choices=[("", "全部"), *RemedyOutcome.choices]
    )


class OutcomeUploadForm(forms.Form):
    file = forms.FileField(label="复议决定书或裁判文书", help_text="PDF、JPEG 或 PNG")

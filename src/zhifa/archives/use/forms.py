"""Forms of the use pages; ``zhifa.archives.use.requests`` checks the values."""

from django import forms

from zhifa.archives.use.models import UseKind
from zhifa.archives.use.requests import MAX_DAYS


class UseRequestForm(forms.Form):
    reference = forms.CharField(
        label="档号或案号", max_length=80, help_text="例如 QP-XZCF-2026-Y30-0001 或案件的案号。"
    )
    kind = forms.ChoiceField(label="利用方式", choices=UseKind.choices)
    purpose = forms.CharField(
        label="利用目的", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    days = forms.IntegerField(
        label="申请期限（天）",
        min_value=1,
        max_value=MAX_DAYS,
        initial=7,
        help_text=f"自批准时起计算，最长 {MAX_DAYS} 天。",
    )


class DecisionForm(forms.Form):
    decision_note = forms.CharField(
        label="审批意见", max_length=300, required=False, help_text="不予批准时必须填写理由。"
    )

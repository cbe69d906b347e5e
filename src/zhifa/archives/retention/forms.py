"""Forms of the retention pages; the actions check the values, not the forms."""

from django import forms

from zhifa.archives import periods
from zhifa.archives.retention.categories import CategoryInput
from zhifa.archives.retention.models import Condition, HoldReason, RecordClass, RetentionCategory
from zhifa.archives.retention.periods import ROUTINE_AV_MAXIMUM_MONTHS
from zhifa.cases.models import CaseKind

PERIOD_CHOICES = [
    ("permanent", "永久"),
    (str(periods.YEARS_30), "30 年"),
    (str(periods.YEARS_10), "10 年"),
    ("months", "按月数（仅用于未作为证据的音像记录）"),
]


class CategoryForm(forms.Form):
    code = forms.CharField(label="条目号", max_length=20)
    name = forms.CharField(label="类目名称", max_length=200)
    record_class = forms.ChoiceField(label="档案门类", choices=RecordClass.choices)
    case_kinds = forms.MultipleChoiceField(
        label="案件类型",
        choices=CaseKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选表示全部案件类型。",
    )
    condition = forms.ChoiceField(label="适用条件", choices=Condition.choices)
    period = forms.ChoiceField(label="保管期限", choices=PERIOD_CHOICES)
    months = forms.IntegerField(
        label="月数",
        required=False,
        min_value=1,
        # Only the browser enforces the maximum; the action rejects more with a clearer message.
        widget=forms.NumberInput(attrs={"max": ROUTINE_AV_MAXIMUM_MONTHS}),
        help_text=f"保管期限选“按月数”时填写，6 至 {ROUTINE_AV_MAXIMUM_MONTHS} 个月。",
    )

    @classmethod
    def for_category(cls, category: RetentionCategory) -> "CategoryForm":
        months = category.retention_months
        if months is None:
            period = "permanent"
        elif months in (periods.YEARS_30, periods.YEARS_10):
            period = str(months)
        else:
            period = "months"
        return cls(
            initial={
                "code": category.code,
                "name": category.name,
                "record_class": category.record_class,
                "case_kinds": category.case_kinds,
                "condition": category.condition,
                "period": period,
                "months": months if period == "months" else None,
            }
        )

    def to_input(self) -> CategoryInput:
        data = self.cleaned_data
        period = data["period"]
        if period == "permanent":
            months = periods.PERMANENT
        elif period == "months":
            months = data.get("months")
        else:
            months = int(period)
        return CategoryInput(
            code=data["code"],
            name=data["name"],
            record_class=data["record_class"],
            retention_months=months,
            condition=data["condition"],
            case_kinds=list(data.get("case_kinds") or []),
        )


class SubmitForm(forms.Form):
    note = forms.CharField(
        label="编制说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApproveForm(forms.Form):
    approval_number = forms.CharField(label="批复文号", max_length=100)
    effective_from = forms.DateField(
        label="施行日期", widget=forms.DateInput(attrs={"type": "date"})
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlaceHoldForm(forms.Form):
    case_number = forms.CharField(label="案号", max_length=80)
    reason_kind = forms.ChoiceField(label="冻结原因", choices=HoldReason.choices)
    reason = forms.CharField(label="说明", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReleaseHoldForm(forms.Form):
    release_reason = forms.CharField(label="解除理由", max_length=500)

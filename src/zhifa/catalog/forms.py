"""Forms of the power item pages."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from zhifa.agencies.models import Agency, EnforcementDomain
from zhifa.catalog.models import PowerCategory
from zhifa.core.form_errors import LabelledErrorsForm

# A list of a few thousand items is well under 1 MB; the limit keeps a stray upload out.
MAX_WORKBOOK_BYTES = 5 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"


class PowerItemFilterForm(LabelledErrorsForm):
    agency = forms.ModelChoiceField(
        label="执法主体", queryset=Agency.objects.none(), required=False, empty_label="全部"
    )
    category = forms.ChoiceField(
        label="执法类别", choices=[("", "全部"), *PowerCategory.choices], required=False
    )
    q = forms.CharField(label="编码或名称", max_length=100, required=False)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class PowerItemChangeForm(LabelledErrorsForm):
    name = forms.CharField(label="事项名称", max_length=200)
    category = forms.ChoiceField(label="执法类别", choices=PowerCategory.choices)
    legal_basis = forms.CharField(label="实施依据", widget=forms.Textarea)
    domain = forms.ModelChoiceField(
        label="执法领域",
        queryset=EnforcementDomain.objects.all(),
        required=False,
        empty_label="（不指定）",
    )
    effective_from = forms.DateField(label="生效日期", widget=DateInput)
    change_reason = forms.CharField(
        label="变更原因", max_length=200, help_text="例如：依据某法修正，罚款幅度调整"
    )


class PowerItemImportForm(LabelledErrorsForm):
    agency = forms.ModelChoiceField(label="执法主体", queryset=Agency.objects.none())
    file = forms.FileField(label="Excel 文件（.xlsx）", help_text="请按模板填写，第1行为列名")

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_WORKBOOK_BYTES:
            raise forms.ValidationError("文件超过 5 MB，请拆分后分批导入。")
        return upload

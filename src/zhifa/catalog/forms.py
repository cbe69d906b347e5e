"""Forms of the power item pages."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from zhifa.agencies.models import Agency, EnforcementDomain
from zhifa.catalog.models import PowerCategory
from zhifa.core.form_errors import LabelledErrorsForm

# A list of a few thousand items is well under 1 MB; the limit keeps a stray upload out.
MAX_WORKBOOK_BYTES = 5 * 1024 * 1024

# Values of the list's status filter; the empty value hides withdrawn items.
STATUS_WITHDRAWN = "withdrawn"
STATUS_ALL = "all"


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
    status = forms.ChoiceField(
        label="状态",
        choices=[
            ("", "施行中和待施行"),
            (STATUS_WITHDRAWN, "已废止"),
            (STATUS_ALL, "全部"),
        ],
        required=False,
    )

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


class PowerItemWithdrawForm(LabelledErrorsForm):
    effective_to = forms.DateField(
        label="最后施行日",
        widget=DateInput,
        help_text="该日仍施行，次日起废止；不能早于现行版本的生效日期",
    )
    reason = forms.CharField(
        label="废止原因", max_length=200, help_text="例如：依据某法修正，该项职权已取消"
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

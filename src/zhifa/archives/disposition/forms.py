"""Forms of the appraisal pages; the actions check the rules, the forms only parse."""

from django import forms

from zhifa.archives.disposition.models import AppraisalKind, Verdict
from zhifa.core.form_errors import LabelledErrorsForm

MEMBERS_HELP = "至少两人，用顿号分隔，例如“张三、李四”。"


class OpenAppraisalForm(LabelledErrorsForm):
    kind = forms.ChoiceField(label="鉴定对象", choices=AppraisalKind.choices)
    group_members = forms.CharField(label="鉴定小组成员", max_length=500, help_text=MEMBERS_HELP)


class EditAppraisalForm(LabelledErrorsForm):
    group_members = forms.CharField(label="鉴定小组成员", max_length=500, help_text=MEMBERS_HELP)
    report = forms.CharField(
        label="鉴定报告",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="写明鉴定的依据、过程和结论；提交前必须填写。",
    )


class VerdictForm(LabelledErrorsForm):
    verdict = forms.ChoiceField(label="鉴定意见", choices=Verdict.choices)
    reason = forms.CharField(
        label="理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="说明为何销毁或延长，不少于6个字；不能只写“同意”或“销毁”。",
    )
    new_retention_months = forms.IntegerField(
        label="延长后的保管期限（月）",
        required=False,
        min_value=1,
        help_text="仅在延长保管时填写，从原起算日重新计算，例如 360 表示 30 年。",
    )
    keep_permanently = forms.BooleanField(label="延长为永久保管", required=False)


class ReturnForm(LabelledErrorsForm):
    reason = forms.CharField(label="退回理由", max_length=500)


class ApproveForm(LabelledErrorsForm):
    note = forms.CharField(label="批准意见", max_length=500, required=False)


class DestroyForm(LabelledErrorsForm):
    witnesses = forms.CharField(
        label="监销人", max_length=200, help_text="至少两人，用顿号分隔，例如“王五、赵六”。"
    )
    confirm = forms.BooleanField(
        label="我已核对销毁清单，确认销毁；销毁后内容无法恢复", required=True
    )

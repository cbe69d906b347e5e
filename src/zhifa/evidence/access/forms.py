"""Forms of the access pages: requests, decisions and the access-log filter."""

from typing import Any

from django import forms

from zhifa.accounts.scope import restrict
from zhifa.agencies.models import Agency
from zhifa.core.form_errors import LabelledErrorsForm
from zhifa.core.identifiers import MAX_ROW_ID
from zhifa.evidence.forms import choice_errors, date_errors, text_errors
from zhifa.evidence.models import AccessAction


class DateInput(forms.DateInput):
    input_type = "date"


class AccessRequestForm(LabelledErrorsForm):
    purpose = forms.CharField(
        label="调阅事由",
        max_length=300,
        error_messages=text_errors("调阅事由", max_length=300),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明调阅的案件和用途，至少4个字；批准后播放和下载都以此事由记入调阅日志",
    )


class DecisionForm(LabelledErrorsForm):
    decision = forms.ChoiceField(
        label="审批结果",
        choices=[("approve", "批准"), ("refuse", "不予批准")],
        error_messages=choice_errors("审批结果"),
    )
    hours = forms.IntegerField(
        label="有效时长（小时）",
        min_value=1,
        error_messages={
            "invalid": "“有效时长（小时）”须为整数。",
            "min_value": "“有效时长（小时）”至少为1小时。",
        },
        required=False,
        help_text="批准时填写；自批准时起计算，不超过规则参数规定的上限",
    )
    note = forms.CharField(
        label="审批意见",
        max_length=300,
        required=False,
        error_messages=text_errors("审批意见", max_length=300),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="不予批准时必填",
    )


class AccessLogFilterForm(LabelledErrorsForm):
    agency = forms.ModelChoiceField(
        label="执法主体",
        queryset=Agency.objects.order_by("name"),
        required=False,
        error_messages=choice_errors("执法主体"),
    )
    user = forms.CharField(
        label="调阅人账号",
        max_length=150,
        required=False,
        error_messages=text_errors("调阅人账号", max_length=150),
    )
    record = forms.IntegerField(
        label="音像记录编号",
        min_value=1,
        max_value=MAX_ROW_ID,
        required=False,
        error_messages={
            "invalid": "“音像记录编号”须为正整数。",
            "min_value": "“音像记录编号”须为正整数。",
            "max_value": "“音像记录编号”过大，没有这样的记录，请检查。",
        },
    )
    action = forms.ChoiceField(
        label="方式",
        choices=[("", "全部"), *AccessAction.choices],
        required=False,
        error_messages=choice_errors("方式"),
    )
    date_from = forms.DateField(
        label="起始日期",
        required=False,
        widget=DateInput,
        error_messages=date_errors("起始日期"),
    )
    date_to = forms.DateField(
        label="截止日期",
        required=False,
        widget=DateInput,
        error_messages=date_errors("截止日期"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to",
                f"“截止日期”（{end:%Y-%m-%d}）早于“起始日期”（{start:%Y-%m-%d}），"
                "请改为同一天或更晚的日期。",
            )
        return data

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        """Limit the agency choices to ``user``'s scope, so an archivist gets only their own."""
        super().__init__(*args, **kwargs)
        if user is not None:
            field = self.fields["agency"]
            field.queryset = restrict(field.queryset, user)  # type: ignore[attr-defined]

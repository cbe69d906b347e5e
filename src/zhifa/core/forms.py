"""Forms of the calendar and rule parameter pages."""

from django import forms

from zhifa.core.form_errors import LabelledErrorsForm
from zhifa.core.models import DayKind

# A year's schedule is about forty rows; the limit keeps a stray upload out.
MAX_SCHEDULE_BYTES = 256 * 1024


class DateInput(forms.DateInput):
    input_type = "date"


class CalendarDayForm(LabelledErrorsForm):
    date = forms.DateField(label="日期", widget=DateInput)
    kind = forms.ChoiceField(label="类型", choices=DayKind.choices)
    festival = forms.CharField(label="节日", max_length=32, required=False)
    source = forms.CharField(
        label="依据", max_length=200, required=False, help_text="例如：国办发明电〔2025〕7号"
    )


class CalendarDayRemoveForm(LabelledErrorsForm):
    date = forms.DateField(label="日期", widget=forms.HiddenInput)


class CalendarImportForm(LabelledErrorsForm):
    file = forms.FileField(
        label="节假日安排文件（CSV）",
        help_text="UTF-8 编码；第1行为 date,kind,festival 或 日期,类型,节日；"
        "类型写 holiday（放假）或 makeup_working_day（调休上班）；放假日须填写节日",
    )
    source = forms.CharField(
        label="依据",
        max_length=200,
        help_text="例如：国务院办公厅关于2027年部分节假日安排的通知",
    )
    replace = forms.BooleanField(
        label="替换已导入的年份",
        required=False,
        help_text="文件中的年度已导入时，勾选后以本文件替换该年度的全部调整",
    )

    def clean_file(self) -> str:
        """Return the file's text, decoded as UTF-8."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SCHEDULE_BYTES:
            raise forms.ValidationError("文件超过 256 KB，不像是节假日安排文件，请检查。")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                "文件不是 UTF-8 编码，请另存为 UTF-8 CSV 后重新上传。"
            ) from error


class RuleParameterForm(LabelledErrorsForm):
    value = forms.DecimalField(label="数值", max_digits=14, decimal_places=4)
    legal_source = forms.CharField(label="依据", max_length=300)
    confirmed = forms.BooleanField(label="已核实（已与法律、法规原文核对）", required=False)
    change_note = forms.CharField(
        label="修改说明",
        widget=forms.Textarea,
        help_text="写明修改的理由和所依据的文件，记入审计日志",
    )

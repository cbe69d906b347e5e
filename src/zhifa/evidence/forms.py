"""Forms of the record, scene, recording rules and device pages."""

from django import forms

from zhifa.core.form_errors import LabelledErrorsForm
from zhifa.evidence.models import (
    DeviceClock,
    DeviceStatus,
    ExemptionReason,
    InterruptionSource,
    Requirement,
    Sensitivity,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class RecordFilterForm(forms.Form):
    case_number = forms.CharField(label="案号", required=False, max_length=60)
    scene = forms.ChoiceField(label="场景", required=False)
    date_from = forms.DateField(label="开始日期自", required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label="至", required=False, widget=DATE_INPUT)
    device = forms.ChoiceField(label="执法记录仪", required=False)
    unlinked = forms.BooleanField(label="仅显示未关联案件的记录", required=False)

    def __init__(
        self,
        *args: object,
        scenes: list[tuple[str, str]],
        devices: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["scene"].choices = [("", "全部"), *scenes]  # type: ignore[attr-defined]
        self.fields["device"].choices = [("", "全部"), *devices]  # type: ignore[attr-defined]


class LinkForm(LabelledErrorsForm):
    case_number = forms.CharField(
        label="案号", required=False, max_length=60, help_text="本单位案件的案号；关联后不能更改"
    )
    party_id = forms.TypedChoiceField(label="当事人", required=False, coerce=int, empty_value=None)
    step_id = forms.TypedChoiceField(
        label="记录的办案环节", required=False, coerce=int, empty_value=None
    )


class SensitivityForm(LabelledErrorsForm):
    # A plain text field, so that a forged "state secret" value reaches the action and gets
    # its message about the classified channel instead of a generic choice error.
    sensitivity = forms.CharField(
        label="内容标记", widget=forms.Select(choices=Sensitivity.choices), max_length=40
    )


class InterruptionForm(LabelledErrorsForm):
    source = forms.ChoiceField(
        label="说明方式", choices=InterruptionSource.choices, widget=forms.RadioSelect
    )
    explanation = forms.CharField(
        label="中断原因",
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="至少5个字，例如“电池耗尽，更换电池后继续录制”",
    )


class ExemptionForm(LabelledErrorsForm):
    duty = forms.ChoiceField(label="环节和场景")
    reason_kind = forms.ChoiceField(label="场所类型", choices=ExemptionReason.choices)
    reason = forms.CharField(
        label="具体理由",
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="写明现场为何不能录音录像，至少10个字",
    )

    def __init__(self, *args: object, duties: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["duty"].choices = duties  # type: ignore[attr-defined]


class SceneForm(LabelledErrorsForm):
    code = forms.SlugField(
        label="代码", max_length=60, help_text="小写英文字母、数字和下划线，创建后不能修改"
    )
    name = forms.CharField(label="场景名称", max_length=60)
    requirement = forms.ChoiceField(label="记录要求", choices=Requirement.choices)
    legal_source = forms.CharField(label="依据", max_length=300)
    steps = forms.CharField(
        label="触发的办案环节",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个环节代码；只对某种情形适用时写成“环节代码:字段=值”，"
        "如 document_service:method=leaving",
    )
    confirmed = forms.BooleanField(label="依据已核实", required=False)
    active = forms.BooleanField(label="启用", required=False, initial=True)

    def step_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["steps"].splitlines() if line.strip()]


class RulesForm(LabelledErrorsForm):
    effective_from = forms.DateField(label="施行日期", widget=DATE_INPUT)
    use = forms.CharField(label="设备使用", widget=forms.Textarea(attrs={"rows": 3}))
    content = forms.CharField(label="记录要素", widget=forms.Textarea(attrs={"rows": 3}))
    wording = forms.CharField(label="告知用语", widget=forms.Textarea(attrs={"rows": 3}))
    storage = forms.CharField(label="存储与管理", widget=forms.Textarea(attrs={"rows": 3}))


class DeviceForm(LabelledErrorsForm):
    serial_number = forms.CharField(label="设备序列号", max_length=60)
    model_name = forms.CharField(label="品牌型号", max_length=100)
    clock = forms.ChoiceField(
        label="文件时间基准",
        choices=DeviceClock.choices,
        help_text="设备写入文件的时间是北京时间还是协调世界时（UTC），见设备说明书或时间设置",
    )
    commissioned_on = forms.DateField(label="启用日期", required=False, widget=DATE_INPUT)
    notes = forms.CharField(label="备注", required=False, max_length=300)


class AssignForm(LabelledErrorsForm):
    officer = forms.TypedChoiceField(label="配发给", coerce=int)

    def __init__(self, *args: object, officers: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["officer"].choices = officers  # type: ignore[attr-defined]


class StatusForm(LabelledErrorsForm):
    status = forms.ChoiceField(label="新状态", choices=DeviceStatus.choices)
    note = forms.CharField(label="原因", required=False, max_length=300)

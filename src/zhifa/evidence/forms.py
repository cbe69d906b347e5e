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


def text_errors(label: str, min_length: int = 0, max_length: int = 0) -> dict[str, str]:
    """Return error messages of a text field that name it, in place of Django's generic ones."""
    messages = {"required": f"请填写“{label}”。"}
    if min_length:
        messages["min_length"] = f"“{label}”至少{min_length}个字，请写完整。"
    if max_length:
        messages["max_length"] = f"“{label}”不能超过{max_length}个字，请精简。"
    return messages


def date_errors(label: str) -> dict[str, str]:
    """Return error messages of a date field that name it."""
    return {
        "required": f"请填写“{label}”。",
        "invalid": f"“{label}”不是有效日期，请按年-月-日填写。",
    }


def choice_errors(label: str) -> dict[str, str]:
    """Return error messages of a choice field that name it."""
    return {"required": f"请选择“{label}”。", "invalid_choice": f"请从列表中选择“{label}”。"}


class RecordFilterForm(forms.Form):
    case_number = forms.CharField(label="案号", required=False, max_length=60)
    scene = forms.ChoiceField(label="场景", required=False, error_messages=choice_errors("场景"))
    date_from = forms.DateField(
        label="开始日期自",
        required=False,
        widget=DATE_INPUT,
        error_messages=date_errors("开始日期"),
    )
    date_to = forms.DateField(
        label="至", required=False, widget=DATE_INPUT, error_messages=date_errors("截止日期")
    )
    device = forms.ChoiceField(
        label="执法记录仪", required=False, error_messages=choice_errors("执法记录仪")
    )
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
        label="内容标记",
        widget=forms.Select(choices=Sensitivity.choices),
        max_length=40,
        error_messages={"required": "请选择“内容标记”。"},
    )
    reason = forms.CharField(
        label="理由",
        required=False,
        max_length=300,
        error_messages=text_errors("理由", max_length=300),
        help_text="改为“一般”时必填，至少5个字，由设定标记者以外的审批负责人办理",
    )


class InterruptionForm(LabelledErrorsForm):
    source = forms.ChoiceField(
        label="说明方式",
        choices=InterruptionSource.choices,
        widget=forms.RadioSelect,
        error_messages=choice_errors("说明方式"),
    )
    explanation = forms.CharField(
        label="中断原因",
        min_length=5,
        max_length=2000,
        error_messages=text_errors("中断原因", 5, 2000),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="至少5个字，例如“电池耗尽，更换电池后继续录制”",
    )


class ExemptionForm(LabelledErrorsForm):
    duty = forms.ChoiceField(label="环节和场景")
    reason_kind = forms.ChoiceField(
        label="场所类型", choices=ExemptionReason.choices, error_messages=choice_errors("场所类型")
    )
    reason = forms.CharField(
        label="具体理由",
        min_length=10,
        max_length=2000,
        error_messages=text_errors("具体理由", 10, 2000),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="写明现场为何不能录音录像，至少10个字",
    )

    def __init__(self, *args: object, duties: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["duty"].choices = duties  # type: ignore[attr-defined]


class SceneForm(LabelledErrorsForm):
    code = forms.SlugField(
        label="代码",
        max_length=60,
        help_text="小写英文字母、数字和下划线，创建后不能修改",
        error_messages={
            **text_errors("代码", max_length=60),
            "invalid": "“代码”只能由英文字母、数字、下划线和连字符组成，例如 night_inspection。",
        },
    )
    name = forms.CharField(
        label="场景名称", max_length=60, error_messages=text_errors("场景名称", max_length=60)
    )
    requirement = forms.ChoiceField(
        label="记录要求", choices=Requirement.choices, error_messages=choice_errors("记录要求")
    )
    legal_source = forms.CharField(
        label="依据", max_length=300, error_messages=text_errors("依据", max_length=300)
    )
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
    effective_from = forms.DateField(
        label="施行日期", widget=DATE_INPUT, error_messages=date_errors("施行日期")
    )
    use = forms.CharField(label="设备使用", widget=forms.Textarea(attrs={"rows": 3}))
    content = forms.CharField(label="记录要素", widget=forms.Textarea(attrs={"rows": 3}))
    wording = forms.CharField(label="告知用语", widget=forms.Textarea(attrs={"rows": 3}))
    storage = forms.CharField(label="存储与管理", widget=forms.Textarea(attrs={"rows": 3}))


class DeviceForm(LabelledErrorsForm):
    serial_number = forms.CharField(
        label="设备序列号", max_length=60, error_messages=text_errors("设备序列号", max_length=60)
    )
    model_name = forms.CharField(
        label="品牌型号", max_length=100, error_messages=text_errors("品牌型号", max_length=100)
    )
    clock = forms.ChoiceField(
        label="文件时间基准",
        choices=DeviceClock.choices,
        error_messages=choice_errors("文件时间基准"),
        help_text="设备写入文件的时间是北京时间还是协调世界时（UTC），见设备说明书或时间设置",
    )
    commissioned_on = forms.DateField(
        label="启用日期",
        required=False,
        widget=DATE_INPUT,
        error_messages=date_errors("启用日期"),
    )
    notes = forms.CharField(
        label="备注", required=False, max_length=300, error_messages=text_errors("备注", 0, 300)
    )


class AssignForm(LabelledErrorsForm):
    officer = forms.TypedChoiceField(
        label="配发给", coerce=int, error_messages=choice_errors("配发给")
    )

    def __init__(self, *args: object, officers: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["officer"].choices = officers  # type: ignore[attr-defined]


class StatusForm(LabelledErrorsForm):
    status = forms.ChoiceField(
        label="新状态", choices=DeviceStatus.choices, error_messages=choice_errors("新状态")
    )
    note = forms.CharField(
        label="原因", required=False, max_length=300, error_messages=text_errors("原因", 0, 300)
    )

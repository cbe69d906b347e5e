"""Forms of the complaint pages; the actions check the rules, the forms only parse."""

from typing import Any

from django import forms

from zhifa.agencies.models import Agency
from zhifa.core.form_errors import LabelledErrorsForm
from zhifa.supervision.complaints.actions.ratings import MAX_COMMENT_CHARS
from zhifa.supervision.complaints.models import Channel, ComplaintKind, ComplaintStatus
from zhifa.supervision.complaints.rules import MAX_CONTENT_CHARS, MAX_REPLY_CHARS

# NOTE: a chosen limit, well above a day of tickets; not measured on real hotline exports.
MAX_HOTLINE_FILE_BYTES = 10 * 1024 * 1024
HOTLINE_EXTENSIONS = (".json", ".xlsx", ".csv")


def agency_choices(empty_label: str) -> list[tuple[str, str]]:
    return [("", empty_label)] + [
        (str(pk), name)
        for pk, name in Agency.objects.order_by("sort_order", "name").values_list("pk", "name")
    ]


class ComplaintForm(LabelledErrorsForm):
    kind = forms.ChoiceField(label="类别", choices=ComplaintKind.choices, widget=forms.RadioSelect)
    agency = forms.TypedChoiceField(
        label="被投诉举报单位", coerce=int, empty_value=None, required=False
    )
    subject_agency_name = forms.CharField(
        label="单位名称（不在列表中时填写）", max_length=100, required=False
    )
    decision_number = forms.CharField(
        label="相关决定书文号",
        max_length=100,
        required=False,
        help_text="例如：青市监罚〔2026〕12号；没有可不填",
    )
    content = forms.CharField(
        label="投诉举报内容",
        max_length=MAX_CONTENT_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="请写明时间、地点、涉及的单位或人员和具体事项",
    )
    is_anonymous = forms.BooleanField(
        label="匿名投诉举报",
        required=False,
        help_text="勾选后，下面填写的姓名、电话和邮箱不会保存，办理单位无法与您联系",
    )
    name = forms.CharField(label="姓名或名称", max_length=100, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)
    answer = forms.CharField(label="验证题", max_length=10)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agency_choices("不清楚，由区司法局分办")  # type: ignore[attr-defined]


class LookupForm(LabelledErrorsForm):
    code = forms.CharField(label="查询码", max_length=30)


class RatingForm(forms.Form):
    page = forms.CharField(max_length=16)
    page_id = forms.IntegerField(min_value=1)
    stars = forms.TypedChoiceField(
        label="满意度", choices=[(str(n), str(n)) for n in range(1, 6)], coerce=int
    )
    comment = forms.CharField(label="意见", max_length=MAX_COMMENT_CHARS, required=False)


class ComplaintFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部"), *ComplaintStatus.choices], required=False
    )
    kind = forms.ChoiceField(
        label="类别", choices=[("", "全部"), *ComplaintKind.choices], required=False
    )
    channel = forms.ChoiceField(
        label="来源渠道", choices=[("", "全部"), *Channel.choices], required=False
    )
    agency = forms.TypedChoiceField(label="办理单位", coerce=int, empty_value=None, required=False)
    overdue = forms.BooleanField(label="只看已超期", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agency_choices("全部")  # type: ignore[attr-defined]


class RouteForm(LabelledErrorsForm):
    agency = forms.TypedChoiceField(label="办理单位", coerce=int, empty_value=None)
    note = forms.CharField(label="分办说明", max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agency_choices("请选择")  # type: ignore[attr-defined]


class ReplyForm(LabelledErrorsForm):
    reply = forms.CharField(
        label="答复内容",
        max_length=MAX_REPLY_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="写明核查的事实、处理结果和依据；投诉举报人凭查询码可看到答复全文",
    )


class TransferForm(LabelledErrorsForm):
    agency = forms.TypedChoiceField(
        label="移送至执法主体", coerce=int, empty_value=None, required=False
    )
    outside_body = forms.CharField(label="或平台以外的受移送机关", max_length=100, required=False)
    reason = forms.CharField(
        label="移送理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agency_choices("请选择")  # type: ignore[attr-defined]


class HotlineImportForm(LabelledErrorsForm):
    file = forms.FileField(
        label="12345工单文件", help_text="支持 .json、.xlsx 和 .csv（UTF-8）文件"
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_HOTLINE_FILE_BYTES:
            limit = MAX_HOTLINE_FILE_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"文件超过{limit}MB，请拆分为多个文件后分别导入。")
        if not upload.name.lower().endswith(HOTLINE_EXTENSIONS):
            raise forms.ValidationError(
                f"不支持文件“{upload.name}”的格式，请上传 .json、.xlsx 或 .csv 文件。"
            )
        return upload

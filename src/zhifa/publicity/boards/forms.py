"""Forms of the post information board pages."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from zhifa.agencies.models import Agency, Officer
from zhifa.core.form_errors import LabelledErrorsForm
from zhifa.publicity.boards.actions import PostInput, WindowInput
from zhifa.publicity.models import ServiceWindow, WindowPost


class WindowForm(LabelledErrorsForm):
    name = forms.CharField(label="窗口名称", max_length=100)
    location = forms.CharField(label="窗口位置", max_length=200)
    business_scope = forms.CharField(label="办理事项", widget=forms.Textarea(attrs={"rows": 3}))
    opening_hours = forms.CharField(label="办公时间", max_length=100, required=False)
    progress_lookup = forms.CharField(
        label="办理进度查询方式", max_length=200, help_text="例如查询电话、网址或自助终端位置"
    )
    advice_contact = forms.CharField(label="咨询电话", max_length=100)
    complaint_contact = forms.CharField(label="投诉举报电话", max_length=100)
    is_active = forms.BooleanField(
        label="启用", required=False, initial=True, help_text="启用的窗口在公示平台上展示公示牌"
    )

    def to_input(self) -> WindowInput:
        return WindowInput(**self.cleaned_data)

    @staticmethod
    def initial_for(window: ServiceWindow) -> dict[str, Any]:
        return {name: getattr(window, name) for name in WindowForm.base_fields}


class WindowCreateForm(WindowForm):
    agency = forms.ModelChoiceField(label="执法主体", queryset=Agency.objects.none())

    field_order = ["agency"]

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()

    def to_input(self) -> WindowInput:
        data = {key: value for key, value in self.cleaned_data.items() if key != "agency"}
        return WindowInput(**data)


class PostForm(LabelledErrorsForm):
    position = forms.IntegerField(label="顺序", min_value=1, max_value=99, initial=1)
    name = forms.CharField(label="姓名", max_length=60)
    post = forms.CharField(label="岗位", max_length=60)
    duties = forms.CharField(label="岗位职责", widget=forms.Textarea(attrs={"rows": 3}))
    officer = forms.ModelChoiceField(
        label="对应执法人员",
        queryset=Officer.objects.none(),
        required=False,
        empty_label="（不关联）",
        help_text="可空；窗口工作人员持有执法证件的，可关联到执法人员",
    )
    photo = forms.FileField(
        label="照片", required=False, help_text="JPEG、PNG或WebP格式，不超过5MB"
    )
    remove_photo = forms.BooleanField(label="删除现有照片", required=False)

    def __init__(self, *args: Any, window: ServiceWindow, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officers = Officer.objects.filter(agency_id=window.agency_id, is_active=True)
        self.fields["officer"].queryset = officers.order_by("full_name")  # type: ignore[attr-defined]

    def to_input(self) -> PostInput:
        data = self.cleaned_data
        officer = data.get("officer")
        return PostInput(
            name=data["name"],
            post=data["post"],
            duties=data["duties"],
            position=data["position"],
            officer_id=officer.pk if officer else None,
            photo=data.get("photo"),
            remove_photo=bool(data.get("remove_photo")),
        )

    @staticmethod
    def initial_for(post: WindowPost) -> dict[str, Any]:
        return {
            "position": post.position,
            "name": post.name,
            "post": post.post,
            "duties": post.duties,
            "officer": post.officer_id,
        }


class SampleFormForm(LabelledErrorsForm):
    title = forms.CharField(
        label="名称", max_length=100, help_text="例如：食品经营许可申请书（示范文本）"
    )
    file = forms.FileField(label="文件", help_text="PDF或Word（.doc、.docx）格式，不超过20MB")

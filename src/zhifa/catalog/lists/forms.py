"""Forms of the list pages; the content fields come from the list's schema."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet

from zhifa.agencies.models import Agency
from zhifa.catalog.lists.content import MAX_TITLE_LENGTH, ListEntryContent
from zhifa.catalog.lists.importing import MAX_CODE_LENGTH, MAX_REASON_LENGTH
from zhifa.catalog.lists.schemas import ListField, ListSchema
from zhifa.catalog.models import ListEntryVersion
from zhifa.core.form_errors import LabelledErrorsForm

# A list of a few thousand rows is well under 1 MB; the limit keeps a stray upload out.
MAX_WORKBOOK_BYTES = 5 * 1024 * 1024

# Values of the status filter; the empty value hides withdrawn entries.
STATUS_WITHDRAWN = "withdrawn"
STATUS_ALL = "all"


class DateInput(forms.DateInput):
    input_type = "date"


class ListFilterForm(LabelledErrorsForm):
    agency = forms.ModelChoiceField(
        label="执法主体", queryset=Agency.objects.none(), required=False, empty_label="全部"
    )
    q = forms.CharField(label="编码或名称", max_length=100, required=False)
    status = forms.ChoiceField(
        label="状态",
        choices=[("", "施行中和待施行"), (STATUS_WITHDRAWN, "已废止"), (STATUS_ALL, "全部")],
        required=False,
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class ListContentForm(LabelledErrorsForm):
    """The title, the schema's fields and the power item code of one version."""

    def __init__(self, *args: Any, schema: ListSchema, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schema = schema
        self.fields["title"] = forms.CharField(
            label=schema.title_label, max_length=MAX_TITLE_LENGTH
        )
        for list_field in schema.fields:
            self.fields[list_field.key] = _content_field(list_field)
        self.fields["power_item_code"] = forms.CharField(
            label="对应权责事项编码",
            max_length=MAX_CODE_LENGTH,
            required=False,
            help_text="可空；填写本单位权责清单中对应事项的事项编码",
        )

    def content(self) -> ListEntryContent:
        data = self.cleaned_data
        fields: dict[str, str] = {}
        for list_field in self.schema.fields:
            value = data.get(list_field.key)
            if isinstance(value, datetime.date):
                fields[list_field.key] = value.isoformat()
            else:
                fields[list_field.key] = value or ""
        return ListEntryContent(data["title"], fields, data.get("power_item_code", ""))

    @staticmethod
    def initial_of(version: ListEntryVersion | None) -> dict[str, Any]:
        if version is None:
            return {}
        initial: dict[str, Any] = {"title": version.title, **(version.content or {})}
        if version.power_item is not None:
            initial["power_item_code"] = version.power_item.code
        return initial


def _content_field(list_field: ListField) -> forms.Field:
    label = list_field.label
    if list_field.is_date:
        return forms.DateField(label=label, required=list_field.required, widget=DateInput)
    widget = forms.Textarea(attrs={"rows": 4}) if list_field.multiline else None
    return forms.CharField(
        label=label,
        required=list_field.required,
        max_length=list_field.max_length,
        widget=widget,
    )


class ListEntryCreateForm(ListContentForm):
    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"] = forms.ModelChoiceField(label="执法主体", queryset=agencies)
        self.fields["code"] = forms.CharField(
            label=self.schema.code_label, max_length=MAX_CODE_LENGTH
        )
        self.fields["effective_from"] = forms.DateField(label="生效日期", widget=DateInput)
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()
        self.order_fields(["agency", "code", "title"])


class ListEntryChangeForm(ListContentForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_from"] = forms.DateField(label="生效日期", widget=DateInput)
        self.fields["change_reason"] = forms.CharField(
            label="变更原因",
            max_length=MAX_REASON_LENGTH,
            help_text="例如：依据某法修正，裁量标准调整；或本单位职能调整",
        )


class ListEntryWithdrawForm(LabelledErrorsForm):
    effective_to = forms.DateField(
        label="最后施行日",
        widget=DateInput,
        help_text="该日仍施行，次日起废止；不能早于已经生效的版本的生效日期，可早于尚未生效的版本（该版本随之不再施行）",
    )
    reason = forms.CharField(
        label="废止原因", max_length=MAX_REASON_LENGTH, help_text="例如：依据某法修正，该项已取消"
    )


class ListImportForm(LabelledErrorsForm):
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

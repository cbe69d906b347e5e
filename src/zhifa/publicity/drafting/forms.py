"""Forms of the publication pages; they shape input, and the actions check the rules.

The entry forms give every error the field's label, so that a message never reads only
"这个字段是必填项。", and refuse control characters in any text with the same message as the
actions.
"""

from typing import Any

from django import forms

from zhifa.agencies.models import EnforcementDomain
from zhifa.cases.models import PartyKind
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.publicity.drafting.conditions import condition_choices
from zhifa.publicity.drafting.validation import control_character, control_character_message
from zhifa.publicity.fields import fields_for
from zhifa.publicity.models import ChangeKind, PublicationKind, PublicationStatus, RuleAction

ANY = [("", "全部")]


def field_messages(label: str) -> dict[str, str]:
    """Return the Django error messages of a field, each naming ``label``."""
    return {
        "required": f"请填写“{label}”。",
        "invalid": f"“{label}”的格式无效，请重新填写。",
        "invalid_choice": f"“{label}”的选项无效，请重新选择。",
        "invalid_list": f"“{label}”的选项无效，请重新选择。",
        "max_length": f"“{label}”最多%(limit_value)d个字，现有%(show_value)d个字。",
        "null_characters_not_allowed": control_character_message(label, "U+0000"),
    }


class LabelledErrorsForm(forms.Form):
    """A form whose errors name their field and that refuses control characters in text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            form_field.error_messages.update(field_messages(str(form_field.label)))

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        for name, value in list(cleaned.items()):
            if not isinstance(value, str):
                continue
            multiline = isinstance(self.fields[name].widget, forms.Textarea)
            found = control_character(value, multiline=multiline)
            if found:
                label = str(self.fields[name].label)
                self.add_error(name, control_character_message(label, found))
        return cleaned


def domain_choices() -> list[tuple[str, str]]:
    """Return the enforcement domains (执法领域) by name, with the code as the value."""
    return [("", "不区分或不清楚"), *EnforcementDomain.objects.values_list("code", "name")]


class PublicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态", required=False, choices=ANY + PublicationStatus.choices
    )
    kind = forms.ChoiceField(
        label="公示类别", required=False, choices=ANY + PublicationKind.choices
    )
    agency = forms.TypedChoiceField(label="执法主体", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "全部"), *agencies]  # type: ignore[attr-defined]


class MaskForm(LabelledErrorsForm):
    add = forms.CharField(
        label="增加遮蔽",
        required=False,
        max_length=200,
        help_text="复制或输入原文中需要遮蔽的词句，例如证人姓名、门牌号。",
    )
    remove = forms.CharField(label="取消遮蔽", required=False, max_length=200)


class ExcludeForm(LabelledErrorsForm):
    reason = forms.CharField(
        label="不予公示理由", widget=forms.Textarea, help_text="写明依据的法律规定。"
    )


class ManualEntryForm(LabelledErrorsForm):
    agency = forms.TypedChoiceField(label="执法主体", coerce=int)
    kind = forms.ChoiceField(label="公示类别", choices=PublicationKind.choices)
    title = forms.CharField(label="标题", required=False, max_length=300)
    document_number = forms.CharField(label="决定书文号", max_length=100)
    decided_on = forms.DateField(label="决定日期", widget=forms.DateInput(attrs={"type": "date"}))
    party_kind = forms.ChoiceField(label="当事人类型", choices=PartyKind.choices)
    party_name = forms.CharField(label="当事人姓名或名称", max_length=200)
    party_id_number = forms.CharField(label="身份证号", required=False, max_length=18)
    party_uscc = forms.CharField(label="统一社会信用代码", required=False, max_length=18)
    party_legal_representative = forms.CharField(
        label="法定代表人或负责人", required=False, max_length=60
    )
    party_address = forms.CharField(label="住所或地址", required=False, max_length=200)
    party_phone = forms.CharField(label="联系电话", required=False, max_length=40)
    penalty_types = forms.MultipleChoiceField(
        label="处罚种类（行政处罚）",
        required=False,
        choices=list(PENALTY_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    # Text, so that the action's check refuses exponents and separators the way the API does.
    fine = forms.CharField(
        label="罚款金额（元）",
        required=False,
        max_length=20,
        help_text="以元为单位，最多两位小数，例如 2000 或 1500.50。",
    )
    domain = forms.ChoiceField(
        label="执法领域",
        required=False,
        help_text="按执法领域适用公示范围和公示期限规则，例如市场监管领域仅警告的处罚不予公示。",
    )
    procedure = forms.ChoiceField(
        label="程序（行政处罚）",
        required=False,
        choices=[("ordinary", "普通程序"), ("summary", "简易程序")],
    )
    legal_basis = forms.CharField(label="依据", required=False, widget=forms.Textarea)
    conclusion = forms.CharField(label="决定内容或结论", required=False, widget=forms.Textarea)
    text = forms.CharField(label="决定书全文", widget=forms.Textarea(attrs={"rows": 12}))
    state_secret = forms.BooleanField(label="涉及国家秘密", required=False)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies  # type: ignore[attr-defined]
        self.fields["domain"].choices = domain_choices()  # type: ignore[attr-defined]


class DocumentNumberForm(LabelledErrorsForm):
    document_number = forms.CharField(
        label="决定书文号",
        max_length=100,
        help_text="按决定书填写，例如“青市监罚〔2026〕12号”；公示中的事项补录后作为更正提交审核。",
    )


# Fields an update or correction does not edit: the end of the period is set at approval.
UNEDITABLE_CODES = frozenset({"CF_GSJZQ"})


class ChangeForm(LabelledErrorsForm):
    """An update or correction: the public and credit-platform fields, the full text, a reason.

    One text field per dual-publicity field of the kind (named ``field_<code>``), filled with
    the current values.
    """

    change = forms.ChoiceField(
        label="变动类型",
        choices=[(ChangeKind.UPDATE.value, "更新"), (ChangeKind.CORRECTION.value, "更正")],
    )
    reason = forms.CharField(
        label="理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="理由随新版本公示，其中的当事人个人信息会按脱敏规则遮蔽。",
    )
    text = forms.CharField(label="决定书全文", widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args: Any, kind: str, values: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.field_codes = [
            spec.code for spec in fields_for(kind) if spec.code not in UNEDITABLE_CODES
        ]
        self.current = {code: str(values.get(code) or "") for code in self.field_codes}
        for spec in fields_for(kind):
            if spec.code in UNEDITABLE_CODES:
                continue
            label = spec.label if spec.public else f"{spec.label}（不公开）"
            form_field = forms.CharField(
                label=label, required=False, initial=self.current[spec.code], max_length=5000
            )
            form_field.error_messages.update(field_messages(label))
            self.fields[f"field_{spec.code}"] = form_field

    def changed_fields(self) -> dict[str, str]:
        """Return the fields whose value differs from the current one, by code."""
        data = self.cleaned_data
        return {
            code: data.get(f"field_{code}", "")
            for code in self.field_codes
            if data.get(f"field_{code}", "") != self.current[code]
        }


class RuleForm(forms.Form):
    position = forms.IntegerField(label="顺序", min_value=0, max_value=32000)
    kind = forms.ChoiceField(
        label="公示类别", required=False, choices=ANY + PublicationKind.choices
    )
    condition = forms.ChoiceField(label="条件", choices=condition_choices())
    action = forms.ChoiceField(label="处理", choices=RuleAction.choices)
    description = forms.CharField(label="说明", max_length=300)
    source = forms.CharField(label="依据", max_length=300)
    confirmed = forms.BooleanField(label="依据已核实", required=False)
    is_active = forms.BooleanField(label="启用", required=False)

"""Forms of the publication pages; they shape input, and the actions check the rules."""

from django import forms

from zhifa.cases.models import PartyKind
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.publicity.drafting.conditions import condition_choices
from zhifa.publicity.models import ChangeKind, PublicationKind, PublicationStatus, RuleAction

ANY = [("", "全部")]


class PublicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态", required=False, choices=ANY + PublicationStatus.choices
    )
    kind = forms.ChoiceField(
        label="公示类别", required=False, choices=ANY + PublicationKind.choices
    )
    agency = forms.TypedChoiceField(label="执法主体", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: object, agencies: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agency"].choices = [("", "全部"), *agencies]  # type: ignore[attr-defined]


class MaskForm(forms.Form):
    add = forms.CharField(
        label="增加遮蔽",
        required=False,
        max_length=200,
        help_text="复制或输入原文中需要遮蔽的词句，例如证人姓名、门牌号。",
    )
    remove = forms.CharField(label="取消遮蔽", required=False, max_length=200)


class ExcludeForm(forms.Form):
    reason = forms.CharField(
        label="不予公示理由", widget=forms.Textarea, help_text="写明依据的法律规定。"
    )


class ManualEntryForm(forms.Form):
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
    fine = forms.DecimalField(label="罚款金额（元）", required=False, min_value=0, decimal_places=2)
    procedure = forms.ChoiceField(
        label="程序（行政处罚）",
        required=False,
        choices=[("ordinary", "普通程序"), ("summary", "简易程序")],
    )
    legal_basis = forms.CharField(label="依据", required=False, widget=forms.Textarea)
    conclusion = forms.CharField(label="决定内容或结论", required=False, widget=forms.Textarea)
    text = forms.CharField(label="决定书全文", widget=forms.Textarea(attrs={"rows": 12}))
    state_secret = forms.BooleanField(label="涉及国家秘密", required=False)

    def __init__(self, *args: object, agencies: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agency"].choices = agencies  # type: ignore[attr-defined]


class ChangeForm(forms.Form):
    change = forms.ChoiceField(
        label="变动类型",
        choices=[(ChangeKind.UPDATE.value, "更新"), (ChangeKind.CORRECTION.value, "更正")],
    )
    reason = forms.CharField(label="理由", widget=forms.Textarea)
    text = forms.CharField(label="决定书全文", widget=forms.Textarea(attrs={"rows": 12}))


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

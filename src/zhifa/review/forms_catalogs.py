"""Forms of the catalog, procedure and list pages; the actions do the checking."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from zhifa.agencies.models import EnforcementDomain
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.review.actions.catalogs import MAX_SORT_ORDER
from zhifa.review.models import (
    CatalogState,
    ChecklistGroup,
    DecisionKind,
    ReviewCatalog,
    ReviewProcedure,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
KIND_CHOICES_WITH_ALL = [("", "所有决定类型"), *DecisionKind.choices]


def copy_sources(agency_id: int) -> QuerySet[ReviewCatalog]:
    """Return the versions an agency may copy: its own, and every accepted catalog as a model."""
    return (
        ReviewCatalog.objects.filter(Q(agency_id=agency_id) | Q(state=CatalogState.ACCEPTED))
        .select_related("agency")
        .order_by("agency__sort_order", "agency__name", "-version")
    )


class CatalogForm(forms.Form):
    effective_from = forms.DateField(label="施行日期", widget=DATE_INPUT)
    change_note = forms.CharField(
        label="修订说明", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class CatalogCreateForm(CatalogForm):
    copy_from = forms.ModelChoiceField(
        label="参照版本",
        required=False,
        queryset=ReviewCatalog.objects.none(),
        empty_label="不复制，从空白开始",
        help_text="可复制本单位的现行版本，或其他单位已备案的目录清单作为范本",
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = copy_sources(agency_id)  # type: ignore[attr-defined]


class EntryForm(forms.Form):
    decision_kind = forms.ChoiceField(label="决定类型", choices=DecisionKind.choices)
    description = forms.CharField(label="审核事项", max_length=300)
    power_item_code = forms.CharField(
        label="执法事项编码", required=False, max_length=60, help_text="留空表示所有执法事项"
    )
    domain_code = forms.ChoiceField(label="执法领域", required=False)
    min_amount = forms.DecimalField(
        label="金额下限（元）",
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text="罚款或没收金额达到此数额时须审核；留空表示不限金额",
    )
    penalty_types = forms.MultipleChoiceField(
        label="处罚种类",
        required=False,
        choices=list(PENALTY_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text="不选表示所有处罚种类",
    )
    other_criteria = forms.CharField(
        label="其他情形",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="供审核人员参考，不参与自动判定；需要自动判定的条件请填在上面各项",
    )
    applies_to_all = forms.BooleanField(
        label="本类决定一律须经法制审核",
        required=False,
        help_text="以上执法事项编码、执法领域、金额下限和处罚种类都不填时，须勾选此项确认",
    )
    legal_source = forms.CharField(label="依据", required=False, max_length=300)
    sort_order = forms.IntegerField(
        label="排序", required=False, min_value=0, max_value=MAX_SORT_ORDER, initial=0
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        domains = EnforcementDomain.objects.values_list("code", "name")
        choices = [("", "所有执法领域"), *((code, f"{name}（{code}）") for code, name in domains)]
        self.fields["domain_code"].choices = choices  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    comments = forms.CharField(
        label="区司法局意见",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回时必须填写退回理由和修改要求",
    )


class ProcedureForm(forms.ModelForm):
    class Meta:
        model = ReviewProcedure
        fields = [
            "effective_from",
            "materials",
            "method",
            "time_limits",
            "responsibilities",
            "objections",
            "review_working_days",
            "extension_working_days",
        ]
        widgets = {"effective_from": DATE_INPUT}


class MaterialForm(forms.Form):
    decision_kind = forms.ChoiceField(
        label="决定类型", required=False, choices=KIND_CHOICES_WITH_ALL
    )
    code = forms.CharField(
        label="代码",
        max_length=60,
        help_text="小写字母、数字、下划线或连字符；与全区代码相同时替换全区要求",
    )
    name = forms.CharField(label="材料名称", max_length=200)
    required = forms.BooleanField(label="必须提交", required=False, initial=True)
    legal_source = forms.CharField(label="依据", required=False, max_length=300)
    sort_order = forms.IntegerField(label="排序", required=False, min_value=0, initial=0)


class ChecklistForm(forms.Form):
    decision_kind = forms.ChoiceField(
        label="决定类型", required=False, choices=KIND_CHOICES_WITH_ALL
    )
    group = forms.ChoiceField(label="类别", choices=ChecklistGroup.choices)
    code = forms.CharField(label="代码", max_length=60, help_text="小写字母、数字、下划线或连字符")
    label = forms.CharField(label="审核要点", max_length=200)
    guidance = forms.CharField(
        label="审核内容说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_source = forms.CharField(label="依据", required=False, max_length=300)
    sort_order = forms.IntegerField(label="排序", required=False, min_value=0, initial=0)

"""Forms of the guidance pages; they parse input, and the actions check the rules."""

from django import forms

from zhifa.agencies.models import Agency, EnforcementDomain
from zhifa.supervision.guidance.actions.circulars import CircularInput
from zhifa.supervision.guidance.actions.guiding_cases import GuidingCaseInput
from zhifa.supervision.guidance.actions.rules import AgencyRuleInput, RuleTypeInput
from zhifa.supervision.guidance.models import Circular, GuidingCaseKind, RuleType

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class GuidingCaseForm(forms.Form):
    kind = forms.ChoiceField(label="案例类型", choices=GuidingCaseKind.choices)
    title = forms.CharField(label="标题", max_length=200)
    domain = forms.ModelChoiceField(
        label="执法领域",
        queryset=EnforcementDomain.objects.all(),
        required=False,
        empty_label="按来源案件的执法事项确定",
    )
    issue_tags = forms.CharField(
        label="问题标签",
        required=False,
        help_text="多个标签用顿号或逗号分隔，例如：证据认定、裁量基准",
    )
    summary = forms.CharField(label="案情摘要", widget=forms.Textarea(attrs={"rows": 3}))
    facts = forms.CharField(label="基本案情", widget=forms.Textarea(attrs={"rows": 8}))
    reasoning = forms.CharField(label="处理结果与理由", widget=forms.Textarea(attrs={"rows": 8}))
    key_points = forms.CharField(label="裁判要旨与评析", widget=forms.Textarea(attrs={"rows": 6}))
    extra_masks = forms.CharField(
        label="补充隐去内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="当事人信息以外还需隐去的文字，每行一项，例如证人姓名、门牌号",
    )

    def to_input(self) -> GuidingCaseInput:
        data = self.cleaned_data
        domain = data.get("domain")
        return GuidingCaseInput(
            kind=data["kind"],
            title=data["title"],
            summary=data["summary"],
            facts=data["facts"],
            reasoning=data["reasoning"],
            key_points=data["key_points"],
            domain_id=domain.pk if domain else None,
            issue_tags=data.get("issue_tags", ""),
            extra_masks=(data.get("extra_masks") or "").splitlines(),
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200)


class CaseNumberForm(forms.Form):
    number = forms.CharField(label="已结案案件的案号", max_length=80)


class AgencyRuleForm(forms.Form):
    rule_type = forms.ModelChoiceField(label="制度类型", queryset=RuleType.objects.all())
    title = forms.CharField(label="制度名称", max_length=200)
    document_number = forms.CharField(label="文号", max_length=80, required=False)
    adopted_on = forms.DateField(label="印发日期", widget=DATE_INPUT)
    filed_on = forms.DateField(label="报区司法局备案日期", widget=DATE_INPUT, required=False)
    text = forms.CharField(
        label="制度全文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="粘贴全文，或在下方上传文件（二选一；都填时以粘贴的全文为准，文件一并保存）",
    )
    file = forms.FileField(
        label="制度文件", required=False, help_text="PDF、Word（.docx）或纯文本，不超过20MB"
    )

    def to_input(self) -> AgencyRuleInput:
        data = self.cleaned_data
        return AgencyRuleInput(
            rule_type_id=data["rule_type"].pk,
            title=data["title"],
            document_number=data.get("document_number", ""),
            adopted_on=data["adopted_on"],
            filed_on=data.get("filed_on"),
            text=data.get("text", ""),
        )


class RuleTypeForm(forms.Form):
    name = forms.CharField(label="制度名称", max_length=100)
    description = forms.CharField(
        label="内容要求", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.CharField(label="依据", max_length=300, required=False)
    required = forms.BooleanField(label="各执法主体必须制定", required=False, initial=True)
    confirmed = forms.BooleanField(label="依据已核实", required=False)
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=100)

    def to_input(self) -> RuleTypeInput:
        data = self.cleaned_data
        return RuleTypeInput(
            name=data["name"],
            description=data.get("description", ""),
            source=data.get("source", ""),
            required=bool(data.get("required")),
            sort_order=data["sort_order"],
            confirmed=bool(data.get("confirmed")),
        )


class CircularForm(forms.Form):
    number = forms.CharField(label="文号", max_length=80)
    title = forms.CharField(label="标题", max_length=200)
    issued_on = forms.DateField(label="印发日期", widget=DATE_INPUT)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 12}))
    to_all_agencies = forms.BooleanField(label="发送全部执法主体", required=False)
    agencies = forms.ModelMultipleChoiceField(
        label="接收单位",
        queryset=Agency.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    criticised = forms.ModelMultipleChoiceField(
        label="通报批评的单位",
        queryset=Agency.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    commended = forms.ModelMultipleChoiceField(
        label="通报表扬的单位",
        queryset=Agency.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    corrects = forms.ModelChoiceField(
        label="更正的通报", queryset=Circular.objects.all(), required=False
    )

    def to_input(self) -> CircularInput:
        data = self.cleaned_data
        corrects = data.get("corrects")
        return CircularInput(
            number=data["number"],
            title=data["title"],
            body=data["body"],
            issued_on=data["issued_on"],
            to_all_agencies=bool(data.get("to_all_agencies")),
            agency_ids=[agency.pk for agency in data.get("agencies") or []],
            criticised_ids=[agency.pk for agency in data.get("criticised") or []],
            commended_ids=[agency.pk for agency in data.get("commended") or []],
            corrects_id=corrects.pk if corrects else None,
        )


class AcknowledgeForm(forms.Form):
    feedback = forms.CharField(
        label="反馈意见", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

"""Forms of the case pages: they parse input into the action inputs; the rules live in actions."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from zhifa.agencies.models import Agency, Department, Officer
from zhifa.cases import plugins, stages
from zhifa.cases.actions import PartyInput
from zhifa.cases.actions.decision import REVIEW_CONCLUSIONS
from zhifa.cases.actions.execution import PAYMENT_CHANNELS
from zhifa.cases.actions.investigation import PRESERVATION_OUTCOMES
from zhifa.cases.actions.links import doc_types_for_kind
from zhifa.cases.documents.registry import DocTypeSpec
from zhifa.cases.models import CaseFlag, CaseKind, CaseStatus, Party, PartyKind, Stage
from zhifa.cases.rules.penalty import PENALTY_LABELS
from zhifa.cases.rules.service import ServiceMethod
from zhifa.catalog.models import PowerItem
from zhifa.core.errors import ZhifaError
from zhifa.core.form_errors import LabelledErrorsForm
from zhifa.core.identifiers import check_id_number

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
SHORT_TEXTAREA = forms.Textarea(attrs={"rows": 3})


def show_error(form: forms.BaseForm, error: ZhifaError) -> None:
    """Attach an action's error to the field it names, or to the form as a whole."""
    target = error.field if error.field in form.fields else None
    form.add_error(target, error.message)


# --- Case list ---------------------------------------------------------------------------------


class CaseFilterForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="执法主体", queryset=Agency.objects.none(), required=False, empty_label="全部"
    )
    department = forms.ModelChoiceField(
        label="承办部门", queryset=Department.objects.none(), required=False, empty_label="全部"
    )
    kind = forms.ChoiceField(
        label="案件类型", choices=[("", "全部"), *CaseKind.choices], required=False
    )
    stage = forms.ChoiceField(
        label="当前阶段", choices=[("", "全部"), *Stage.choices], required=False
    )
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部"), *CaseStatus.choices], required=False
    )
    officer = forms.ModelChoiceField(
        label="承办人员", queryset=Officer.objects.none(), required=False, empty_label="全部"
    )
    party = forms.CharField(
        label="当事人",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "名称或证件号码", "type": "search"}),
    )
    opened_from = forms.DateField(label="立案日期自", required=False, widget=DATE_INPUT)
    opened_to = forms.DateField(label="至", required=False, widget=DATE_INPUT)

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["department"].queryset = Department.objects.filter(  # type: ignore[attr-defined]
            agency__in=agencies
        ).select_related("agency")
        self.fields["officer"].queryset = Officer.objects.filter(  # type: ignore[attr-defined]
            agency__in=agencies
        ).order_by("full_name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("opened_from"), data.get("opened_to")
        if start and end and start > end:
            self.add_error("opened_to", "「立案日期至」不能早于「立案日期自」。")
        return data


# --- Opening a case ----------------------------------------------------------------------------


class CaseOpenForm(LabelledErrorsForm):
    kind = forms.ChoiceField(label="案件类型", choices=stages.generic_opening_kinds)
    department_id = forms.ModelChoiceField(
        label="承办部门", queryset=Department.objects.none(), empty_label="请选择"
    )
    title = forms.CharField(label="案由", max_length=300)
    power_item_ids = forms.ModelMultipleChoiceField(
        label="执法事项",
        queryset=PowerItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    officer_ids = forms.ModelMultipleChoiceField(
        label="承办人员",
        queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="普通程序案件不少于两名持有效执法证件的执法人员",
    )
    opened_on = forms.DateField(label="立案（启动）日期", widget=DATE_INPUT)
    violation_date = forms.DateField(label="违法行为发生日期", required=False, widget=DATE_INPUT)
    flags = forms.MultipleChoiceField(
        label="案件情形",
        choices=CaseFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department_id"].queryset = agency.departments.all()  # type: ignore[attr-defined]
        self.fields["power_item_ids"].queryset = (  # type: ignore[attr-defined]
            PowerItem.objects.filter(agency=agency).prefetch_related("versions").order_by("code")
        )
        self.fields["officer_ids"].queryset = Officer.objects.filter(  # type: ignore[attr-defined]
            agency=agency, is_active=True
        ).order_by("full_name")
        if not self.is_bound:
            self.fields["opened_on"].initial = timezone.localdate()


class PartyForm(LabelledErrorsForm):
    """One party of a new case: found by its number, or registered when the number is new."""

    kind = forms.ChoiceField(label="当事人类型", choices=[("", "请选择"), *PartyKind.choices])
    name = forms.CharField(label="姓名或名称", max_length=200)
    number = forms.CharField(
        label="身份证号或统一社会信用代码",
        max_length=40,
        help_text="自然人填写身份证号，单位填写统一社会信用代码；已登记的当事人按号码自动找到",
    )
    address = forms.CharField(label="住所或地址", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    legal_representative = forms.CharField(
        label="法定代表人或负责人", max_length=60, required=False
    )

    def to_input(self) -> PartyInput:
        data = self.cleaned_data
        number = data["number"].strip()
        # An individual business without a USCC is registered by its operator's ID number.
        by_person = data["kind"] == PartyKind.NATURAL_PERSON or (
            data["kind"] == PartyKind.INDIVIDUAL_BUSINESS and check_id_number(number).valid
        )
        return PartyInput(
            kind=data["kind"],
            name=data["name"],
            id_number=number if by_person else "",
            uscc="" if by_person else number,
            legal_representative=data["legal_representative"],
            address=data["address"],
            phone=data["phone"],
        )


class BasePartyFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        super().clean()
        filled = [form for form in self.forms if form.has_changed() and form.is_valid()]
        if not filled and not any(form.errors for form in self.forms):
            raise forms.ValidationError("「当事人」请至少填写一名当事人。")


PartyFormSet = forms.formset_factory(PartyForm, formset=BasePartyFormSet, extra=2, max_num=5)


# --- Steps -------------------------------------------------------------------------------------

# The fields each step shows besides the common ones, and which of them the page requires.
# The actions check the rest and name the field in their messages.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    "evidence_preservation": ("items", "reason", "approved_by"),
    "preservation_decision": ("preservation_step_id", "outcome"),
    "deadline_extension": ("days", "reason"),
    "collective_discussion": ("participants", "conclusion"),
    "electronic_service_consent": ("party_id", "signed_on", "address"),
    "prior_notice": (
        "facts",
        "grounds",
        "legal_basis",
        "penalty_types",
        "fine",
        "confiscation",
        "served_on",
        "statement_right_told",
        "recusal_right_told",
        "hearing_right_told",
    ),
    "statement_and_defense": ("received_on", "content"),
    "statement_review": ("conclusion_choice", "reasons"),
    "rights_waived": ("signed_on",),
    "hearing_request": ("requested_on",),
    "hearing_notice": ("notified_on", "hearing_on", "hearing_place", "presiding_officer_id"),
    "hearing_record": ("party_attended", "absence_reason"),
    "penalty_decision": (
        "decided_on",
        "facts_and_evidence",
        "penalty_types",
        "fine",
        "confiscation",
        "penalty_basis",
        "discretion_reasons",
        "performance_manner",
        "performance_deadline",
        "remedy_channels",
        "remedy_deadlines",
    ),
    "on_the_spot_decision": (
        "facts",
        "legal_basis",
        "penalty_types",
        "fine",
        "remedy_channels",
        "facts_certain",
    ),
    # The other outcomes of 行政处罚法 Art. 57; rules.outcomes checks what each one needs.
    "no_penalty_minor": (
        "decided_on",
        "facts",
        "legal_basis",
        "corrected",
        "no_harm",
        "education",
    ),
    "no_penalty_first_violation": (
        "decided_on",
        "facts",
        "legal_basis",
        "first_violation",
        "corrected",
        "discretion_reasons",
        "education",
    ),
    "no_penalty_no_fault": ("decided_on", "facts", "legal_basis", "no_fault_evidence", "education"),
    "no_penalty_under_age": (
        "decided_on",
        "facts",
        "legal_basis",
        "guardian_discipline",
        "education",
    ),
    "no_penalty_not_established": ("decided_on", "legal_basis", "not_established_reasons"),
    "transfer_to_judiciary": ("decided_on", "receiving_organ", "facts", "suspected_crime"),
    "document_service": (
        "method",
        "served_on",
        "party_id",
        "recipient",
        "witnesses_or_recording",
        "announcement_reason",
    ),
    "on_the_spot_service": ("served_on", "party_id", "recipient"),
    "fine_payment": ("amount", "paid_on", "channel", "receipt_number"),
    "on_the_spot_collection": ("amount", "paid_on", "receipt_number", "hard_to_collect_reason"),
    "deferral": ("applied_on", "deferred_until"),
    "additional_fine": ("as_of",),
    "enforcement_demand": ("served_on", "amount_due"),
    "court_enforcement": ("applied_on", "court"),
    "closing_approval": ("closed_on",),
}
REQUIRED_STEP_FIELDS = frozenset(
    {
        "items",
        "reason",
        "approved_by",
        "preservation_step_id",
        "outcome",
        "days",
        "participants",
        "conclusion",
        "party_id",
        "signed_on",
        "served_on",
        "received_on",
        "requested_on",
        "notified_on",
        "hearing_on",
        "presiding_officer_id",
        "decided_on",
        "method",
        "amount",
        "paid_on",
        "channel",
        "applied_on",
        "as_of",
        "amount_due",
        "closed_on",
        "conclusion_choice",
    }
)
ON_SITE_FIELDS = (
    "credential_shown",
    "uniform_worn",
    "uniform_exemption",
    "grounds_told",
    "basis_told",
    "rights_told",
)
COMMON_FIELDS = ("step", "occurred_at", "place", "officer_ids", "summary")
DEFAULT_REMEDY_CHANNELS = "申请行政复议或者提起行政诉讼"
DEFAULT_REMEDY_DEADLINES = (
    "自收到本决定书之日起六十日内申请行政复议，或者六个月内向人民法院提起行政诉讼"
)


def _date(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DATE_INPUT)


def _text(label: str, max_length: int = 200) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=max_length)


def _long(label: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=5000, widget=SHORT_TEXTAREA)


def _money(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_digits=14, decimal_places=2
    )


class StepForm(LabelledErrorsForm):
    """A step of the case, with the fields of the chosen step only.

    ``on_site`` adds the disclosure checkboxes; ``specific=False`` leaves out the step's own
    fields, as a correction keeps them from the original step.
    """

    step = forms.ChoiceField(label="办案环节", widget=forms.HiddenInput)
    occurred_at = forms.DateTimeField(label="发生时间", widget=DATETIME_INPUT)
    place = _text("地点")
    officer_ids = forms.ModelMultipleChoiceField(
        label="执法人员",
        queryset=Officer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    credential_shown = forms.BooleanField(label="已出示执法证件", required=False)
    uniform_worn = forms.BooleanField(label="已按规定着装、佩戴标志", required=False)
    uniform_exemption = _text("无需着装的依据")
    grounds_told = forms.BooleanField(label="已告知执法事由", required=False)
    basis_told = forms.BooleanField(label="已告知执法依据", required=False)
    rights_told = forms.BooleanField(label="已告知当事人权利", required=False)
    summary = forms.CharField(label="内容", max_length=5000, widget=SHORT_TEXTAREA)

    # Evidence preservation and its handling decision (行政处罚法 Art. 56).
    items = _long("保存物品清单（每行一项）")
    reason = _long("理由")
    approved_by = _text("批准的行政机关负责人", 60)
    preservation_step_id = forms.TypedChoiceField(
        label="先行登记保存记录", required=False, coerce=int, empty_value=None
    )
    outcome = forms.ChoiceField(
        label="处理决定", required=False, choices=[("", "请选择"), *PRESERVATION_OUTCOMES.items()]
    )
    # Extension and collective discussion.
    days = forms.IntegerField(label="延长天数", required=False, min_value=1, max_value=365)
    participants = _long("参加讨论的负责人（每行一人）")
    conclusion = _long("讨论结论")
    # Prior notice, statements and hearing.
    facts = _long("违法事实")
    grounds = _long("理由")
    legal_basis = _long("法律依据")
    penalty_types = forms.MultipleChoiceField(
        label="处罚种类",
        required=False,
        choices=list(PENALTY_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    fine = _money("罚款金额（元）")
    confiscation = _money("没收金额或价值（元）")
    served_on = _date("送达日期")
    statement_right_told = forms.BooleanField(
        label="已告知陈述、申辩权", required=False, initial=True
    )
    recusal_right_told = forms.BooleanField(label="已告知申请回避权", required=False, initial=True)
    hearing_right_told = forms.BooleanField(label="已告知听证权", required=False)
    received_on = _date("收到日期")
    content = _long("陈述申辩内容")
    conclusion_choice = forms.ChoiceField(
        label="复核结论", required=False, choices=[("", "请选择"), *REVIEW_CONCLUSIONS.items()]
    )
    reasons = _long("复核理由")
    signed_on = _date("签署日期")
    requested_on = _date("申请日期")
    notified_on = _date("通知日期")
    hearing_on = _date("听证日期")
    hearing_place = _text("听证地点")
    presiding_officer_id = forms.TypedChoiceField(
        label="听证主持人", required=False, coerce=int, empty_value=None
    )
    party_attended = forms.BooleanField(label="当事人到场", required=False, initial=True)
    absence_reason = _text("未到场情况", 300)
    # The decision (行政处罚法 Art. 59).
    decided_on = _date("决定日期")
    facts_and_evidence = _long("违法事实和证据")
    penalty_basis = _long("处罚依据")
    discretion_reasons = _long("裁量理由")
    performance_manner = _text("履行方式", 300)
    performance_deadline = _date("履行期限")
    remedy_channels = _text("申请行政复议、提起行政诉讼的途径", 300)
    remedy_deadlines = _text("申请行政复议、提起行政诉讼的期限", 300)
    facts_certain = forms.BooleanField(label="违法事实确凿", required=False, initial=True)
    # No-penalty outcomes and transfer to the judiciary (行政处罚法 Art. 27, 30, 33, 57).
    corrected = forms.BooleanField(label="当事人已及时改正", required=False)
    no_harm = forms.BooleanField(label="没有造成危害后果", required=False)
    first_violation = forms.BooleanField(label="当事人系初次违法，危害后果轻微", required=False)
    education = _long("对当事人进行教育的情况")
    no_fault_evidence = _long("证明当事人没有主观过错的证据")
    guardian_discipline = _long("责令监护人加以管教的情况")
    not_established_reasons = _long("违法事实不能成立的理由")
    receiving_organ = _text("接收移送的司法机关", 100)
    suspected_crime = _long("涉嫌犯罪的事实和理由")
    # Service.
    method = forms.ChoiceField(
        label="送达方式", required=False, choices=[("", "请选择"), *ServiceMethod.choices]
    )
    party_id = forms.TypedChoiceField(label="受送达当事人", required=False, coerce=int)
    recipient = _text("签收人")
    address = _text("电子送达地址")
    witnesses_or_recording = _text("见证情况（留置送达）", 300)
    announcement_reason = _text("公告送达理由", 300)
    # Payment and execution.
    amount = _money("缴纳金额（元）")
    paid_on = _date("缴纳日期")
    channel = forms.ChoiceField(
        label="缴纳方式", required=False, choices=[("", "请选择"), *PAYMENT_CHANNELS.items()]
    )
    receipt_number = _text("票据或交易编号", 60)
    hard_to_collect_reason = _text("事后难以执行的情况", 300)
    applied_on = _date("申请日期")
    deferred_until = _date("暂缓缴纳至")
    as_of = _date("计算截止日期")
    amount_due = _money("应缴金额（元）")
    court = _text("受理法院", 100)
    closed_on = _date("结案日期")

    def __init__(
        self,
        *args: Any,
        step_code: str,
        step_label: str,
        on_site: bool,
        officers: QuerySet[Officer],
        parties: list[Party],
        preservations: list[tuple[int, str]],
        specific: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        keep = set(COMMON_FIELDS)
        plugin = plugins.step_plugin(step_code)
        if specific and plugin is not None:
            for name, plugin_field in plugin.form_fields().items():
                self.fields[name] = plugin_field
                keep.add(name)
        elif specific:
            keep |= set(STEP_FIELDS.get(step_code, ()))
        if on_site:
            keep |= set(ON_SITE_FIELDS)
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
            elif name in REQUIRED_STEP_FIELDS and plugin is None:
                self.fields[name].required = True
        self.fields["step"].choices = [(step_code, step_label)]  # type: ignore[attr-defined]
        self.fields["officer_ids"].queryset = officers  # type: ignore[attr-defined]
        if "party_id" in self.fields:
            self.fields["party_id"].choices = [(p.pk, p.name) for p in parties]  # type: ignore[attr-defined]
            if step_code == "electronic_service_consent":
                self.fields["party_id"].label = "当事人"
        if "presiding_officer_id" in self.fields:
            self.fields["presiding_officer_id"].choices = [  # type: ignore[attr-defined]
                ("", "请选择"),
                *((officer.pk, officer.full_name) for officer in officers),
            ]
        if "preservation_step_id" in self.fields:
            self.fields["preservation_step_id"].choices = [  # type: ignore[attr-defined]
                ("", "请选择"),
                *preservations,
            ]
        if step_code == "deadline_extension":
            self.fields["reason"].label = "延长理由"
        if step_code == "on_the_spot_decision":
            self.fields["legal_basis"].label = "处罚依据"
        if step_code == "transfer_to_judiciary":
            self.fields["decided_on"].label = "移送日期"
        if not self.is_bound:
            self._set_initial(step_code)

    def _set_initial(self, step_code: str) -> None:
        today = timezone.localdate()
        self.fields["step"].initial = step_code
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField) and name not in (
                "performance_deadline",
                "deferred_until",
                "hearing_on",
            ):
                field.initial = today
        if "remedy_channels" in self.fields:
            self.fields["remedy_channels"].initial = DEFAULT_REMEDY_CHANNELS
        if "remedy_deadlines" in self.fields:
            self.fields["remedy_deadlines"].initial = DEFAULT_REMEDY_DEADLINES
        if "performance_deadline" in self.fields:
            # 行政处罚法 Art. 67: the fine is paid within 15 days of service.
            self.fields["performance_deadline"].initial = today + datetime.timedelta(days=15)
        if "performance_manner" in self.fields:
            self.fields["performance_manner"].initial = "到指定银行或者通过电子支付系统缴纳罚款"

    def value(self, name: str, default: Any = None) -> Any:
        """Return a cleaned value, or ``default`` for a field this step does not show."""
        value = self.cleaned_data.get(name, default)
        return default if value is None else value

    def lines(self, name: str) -> list[str]:
        return [line.strip() for line in self.value(name, "").splitlines() if line.strip()]


class DocumentStepLinkForm(forms.Form):
    step_id = forms.IntegerField(label="办案环节", min_value=1)


class CorrectionForm(forms.Form):
    step_id = forms.IntegerField(widget=forms.HiddenInput)
    correction_reason = forms.CharField(label="更正理由", max_length=300, widget=SHORT_TEXTAREA)


class StepChoiceForm(forms.Form):
    step = forms.ChoiceField(label="记录办案环节")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = choices  # type: ignore[attr-defined]


# --- Documents ---------------------------------------------------------------------------------


class DocumentCreateForm(LabelledErrorsForm):
    """The choice of a document type among those the case's kind uses."""

    doc_type = forms.ChoiceField(label="文书种类")

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["doc_type"].choices = doc_types_for_kind(kind)  # type: ignore[attr-defined]


class DocumentDraftForm(LabelledErrorsForm):
    """The fields of one document type, built from its ``DocTypeSpec``."""

    def __init__(self, *args: Any, spec: DocTypeSpec, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["party_id"] = forms.TypedChoiceField(
            label="当事人",
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "（不指定）"), *((party.pk, party.name) for party in parties)],
        )
        for spec_field in spec.fields:
            widget = SHORT_TEXTAREA if spec_field.max_length > 300 else forms.TextInput
            self.fields[spec_field.name] = forms.CharField(
                label=spec_field.label,
                required=False,
                max_length=spec_field.max_length,
                widget=widget,
                help_text="定稿时必填" if spec_field.required else "",
            )

    def to_data(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class DocumentCorrectionForm(LabelledErrorsForm):
    reason = forms.CharField(label="更正理由", max_length=300)


class OriginalUploadForm(LabelledErrorsForm):
    file = forms.FileField(label="原件扫描件", help_text="PDF、JPEG 或 PNG")


# --- Parties -----------------------------------------------------------------------------------


class PartySearchForm(forms.Form):
    q = forms.CharField(
        label="查找当事人",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"placeholder": "名称，或完整的证件号码", "type": "search"}),
    )

"""Forms that parse page input into the action inputs; the rules themselves live in actions."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from zhifa.agencies.actions import (
    AgencyInput,
    CredentialEventInput,
    OfficerInput,
    ReviewerInput,
    TrainingInput,
)
from zhifa.agencies.models import (
    Agency,
    AgencyKind,
    CredentialEventKind,
    CredentialStatus,
    Department,
    EnforcementDomain,
    Gender,
    Officer,
    ReviewerKind,
)
from zhifa.core.errors import ZhifaError
from zhifa.core.form_errors import LabelledErrorsForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def show_error(form: forms.Form, error: ZhifaError) -> None:
    """Attach an action's error to the field it names, or to the form as a whole."""
    target = error.field if error.field in form.fields else None
    form.add_error(target, error.message)


class ReviewBodyForm(LabelledErrorsForm):
    review_body = forms.ModelChoiceField(
        label="法制审核机构", queryset=Department.objects.none(), empty_label="请选择部门"
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["review_body"].queryset = agency.departments.all()  # type: ignore[attr-defined]
        self.fields["review_body"].initial = agency.review_body_id


class AgencyForm(LabelledErrorsForm):
    name = forms.CharField(label="名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=40)
    kind = forms.ChoiceField(label="主体类型", choices=AgencyKind.choices)
    abbreviation = forms.CharField(
        label="文书代字", max_length=20, required=False, help_text="用于案号、文号，例如“青市监”"
    )
    uscc = forms.CharField(label="统一社会信用代码", max_length=40, required=False)
    legal_basis = forms.CharField(label="职权依据", widget=forms.Textarea, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    website = forms.URLField(label="网站", required=False, assume_scheme="https")
    entrusting_agency = forms.ModelChoiceField(
        label="委托机关", queryset=Agency.objects.all(), required=False, empty_label="（无）"
    )
    entrustment_document = forms.CharField(label="委托书", max_length=200, required=False)
    entrustment_scope = forms.CharField(
        label="委托事项和权限", widget=forms.Textarea, required=False
    )
    entrustment_starts_on = forms.DateField(label="委托期限自", required=False, widget=DATE_INPUT)
    entrustment_ends_on = forms.DateField(label="委托期限至", required=False, widget=DATE_INPUT)

    @classmethod
    def initial_for(cls, agency: Agency) -> dict[str, Any]:
        initial = {name: getattr(agency, name) for name in cls.base_fields}
        initial["entrusting_agency"] = agency.entrusting_agency_id
        return initial

    def to_input(self) -> AgencyInput:
        data = dict(self.cleaned_data)
        entrusting = data.pop("entrusting_agency")
        return AgencyInput(entrusting_agency_id=entrusting.pk if entrusting else None, **data)


class OfficerForm(LabelledErrorsForm):
    agency = forms.ModelChoiceField(label="执法主体", queryset=Agency.objects.none())
    full_name = forms.CharField(label="姓名", max_length=40)
    gender = forms.ChoiceField(label="性别", choices=Gender.choices)
    id_number = forms.CharField(label="身份证号", max_length=30)
    department = forms.ModelChoiceField(
        label="所在部门", queryset=Department.objects.none(), required=False, empty_label="（无）"
    )
    post = forms.CharField(label="职务岗位", max_length=60, required=False)
    domains = forms.ModelMultipleChoiceField(
        label="执法领域",
        queryset=EnforcementDomain.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    legal_qualification = forms.BooleanField(label="已取得法律职业资格", required=False)
    legal_qualification_number = forms.CharField(
        label="法律职业资格证书编号", max_length=40, required=False
    )
    is_active = forms.BooleanField(label="在岗", required=False, initial=True)
    # A plain file field: the action checks the bytes (an image of at most 5 MB, at least
    # 100×100 pixels).
    photo = forms.FileField(
        label="照片",
        required=False,
        help_text="JPEG、PNG或WebP格式，不超过5MB，至少100×100像素",
    )
    remove_photo = forms.BooleanField(label="删除现有照片", required=False)

    def __init__(
        self,
        *args: Any,
        agencies: QuerySet[Agency],
        officer: Officer | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        departments = Department.objects.filter(agency__in=agencies).select_related("agency")
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        self.fields["department"].label_from_instance = (  # type: ignore[attr-defined]
            lambda department: f"{department.agency.short_name} / {department.name}"
        )
        if officer is not None:
            # An officer does not move between agencies through this form.
            del self.fields["agency"]
            self.fields["department"].queryset = departments.filter(  # type: ignore[attr-defined]
                agency=officer.agency_id
            )
        else:
            del self.fields["remove_photo"]
            if agencies.count() == 1:
                self.fields["agency"].initial = agencies.first()

    @staticmethod
    def initial_for(officer: Officer) -> dict[str, Any]:
        return {
            "full_name": officer.full_name,
            "gender": officer.gender,
            "id_number": officer.id_number,
            "department": officer.department_id,
            "post": officer.post,
            "domains": list(officer.domains.values_list("pk", flat=True)),
            "legal_qualification": officer.legal_qualification,
            "legal_qualification_number": officer.legal_qualification_number,
            "is_active": officer.is_active,
        }

    def to_input(self) -> OfficerInput:
        data = self.cleaned_data
        department = data.get("department")
        return OfficerInput(
            full_name=data["full_name"],
            gender=data["gender"],
            id_number=data["id_number"],
            department_id=department.pk if department else None,
            post=data.get("post", ""),
            domain_ids=[domain.pk for domain in data.get("domains", [])],
            legal_qualification=data.get("legal_qualification", False),
            legal_qualification_number=data.get("legal_qualification_number", ""),
            is_active=data.get("is_active", False),
            photo=data.get("photo"),
            remove_photo=data.get("remove_photo", False),
        )


class OfficerFilterForm(LabelledErrorsForm):
    """Search and filters of the officer list; every field is optional."""

    q = forms.CharField(label="姓名或执法证号", required=False)
    agency = forms.ModelChoiceField(
        label="执法主体", queryset=Agency.objects.none(), required=False, empty_label="全部单位"
    )
    department = forms.ModelChoiceField(
        label="部门", queryset=Department.objects.none(), required=False, empty_label="全部部门"
    )
    credential_state = forms.ChoiceField(
        label="证件状态",
        required=False,
        choices=[("", "全部"), ("none", "未申领"), *CredentialStatus.choices],
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        departments = Department.objects.filter(agency__in=agencies).select_related("agency")
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        self.fields["department"].label_from_instance = (  # type: ignore[attr-defined]
            lambda department: f"{department.agency.short_name} / {department.name}"
        )


class CredentialEventForm(LabelledErrorsForm):
    kind = forms.ChoiceField(label="事项", choices=CredentialEventKind.choices)
    occurred_on = forms.DateField(label="日期", widget=DATE_INPUT)
    reason = forms.CharField(
        label="理由或说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="免考、审验不合格、暂扣、注销时必填",
    )
    review_year = forms.IntegerField(label="审验年度", required=False, min_value=2000)
    number = forms.CharField(
        label="执法证号",
        max_length=40,
        required=False,
        help_text="核发时必填；换发新证时填写新证号",
    )
    valid_from = forms.DateField(label="有效期自", required=False, widget=DATE_INPUT)
    valid_until = forms.DateField(
        label="有效期至", required=False, widget=DATE_INPUT, help_text="核发、换发时必填"
    )
    issuing_authority = forms.CharField(label="发证机关", max_length=60, required=False)

    def offer_only(self, kinds: list[str]) -> None:
        """Offer only ``kinds`` in the list; with several, none is preselected.

        Call this after validation: a posted kind outside the list then still reaches the
        action, whose message explains why the step is not allowed.
        """
        choices: list[tuple[str, str]] = [(kind, CredentialEventKind(kind).label) for kind in kinds]
        if len(choices) > 1:
            choices.insert(0, ("", "请选择事项"))
        self.fields["kind"].choices = choices  # type: ignore[attr-defined]

    def to_input(self) -> CredentialEventInput:
        data = self.cleaned_data
        return CredentialEventInput(
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            reason=data.get("reason", ""),
            review_year=data.get("review_year"),
            number=data.get("number", ""),
            valid_from=data.get("valid_from"),
            valid_until=data.get("valid_until"),
            issuing_authority=data.get("issuing_authority", ""),
        )


class TrainingForm(LabelledErrorsForm):
    attended_on = forms.DateField(label="培训日期", widget=DATE_INPUT)
    course = forms.CharField(label="培训内容", max_length=100)
    hours = forms.DecimalField(label="学时", max_digits=5, decimal_places=1)
    provider = forms.CharField(label="组织单位", max_length=100, required=False)

    def to_input(self) -> TrainingInput:
        return TrainingInput(**self.cleaned_data)


class ReviewerForm(LabelledErrorsForm):
    kind = forms.ChoiceField(label="类别", choices=ReviewerKind.choices)
    officer = forms.ModelChoiceField(
        label="对应执法人员",
        queryset=Officer.objects.none(),
        required=False,
        empty_label="（非本单位执法人员）",
    )
    full_name = forms.CharField(
        label="姓名", max_length=40, required=False, help_text="选择执法人员时可不填"
    )
    started_on = forms.DateField(label="开始从事法制审核日期", widget=DATE_INPUT)
    legal_qualification = forms.BooleanField(label="已取得法律职业资格", required=False)
    legal_qualification_number = forms.CharField(
        label="法律职业资格证书编号", max_length=40, required=False
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = agency.officers.filter(  # type: ignore[attr-defined]
            is_active=True
        )

    def to_input(self) -> ReviewerInput:
        data = self.cleaned_data
        officer = data.get("officer")
        return ReviewerInput(
            started_on=data["started_on"],
            kind=data["kind"],
            full_name=data.get("full_name", ""),
            officer_id=officer.pk if officer else None,
            legal_qualification=data.get("legal_qualification", False),
            legal_qualification_number=data.get("legal_qualification_number", ""),
        )


class EndReviewerForm(LabelledErrorsForm):
    ended_on = forms.DateField(label="结束日期", widget=DATE_INPUT, initial=timezone.localdate)

"""Agencies (执法主体), their departments, judicial offices, officers and credentials."""

import datetime
import secrets

from django.conf import settings
from django.db import models

from zhifa.core.identifiers import check_id_number, check_uscc, mask_id_number


class AgencyKind(models.TextChoices):
    DISTRICT_GOVERNMENT = "district_government", "区人民政府"
    DISTRICT_DEPARTMENT = "district_department", "区级行政执法部门"
    VERTICAL = "vertical", "垂直管理部门"
    STREET_OFFICE = "street_office", "街道办事处"
    TOWN = "town", "镇人民政府"
    ENTRUSTED = "entrusted", "受委托组织"


class EnforcementDomain(models.Model):
    """An enforcement field (执法领域) such as market regulation or city management."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "执法领域"
        verbose_name_plural = "执法领域"

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """An organ with legal enforcement power, or an organisation entrusted with it."""

    SCOPE_PATH = "pk"

    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40)
    abbreviation = models.CharField(
        "文书代字", max_length=20, blank=True, help_text="用于案号、文号，例如“青市监”"
    )
    kind = models.CharField("主体类型", max_length=32, choices=AgencyKind.choices)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_basis = models.TextField("职权依据", blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    website = models.URLField("网站", blank=True)
    review_body = models.ForeignKey(
        "Department",
        verbose_name="法制审核机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entrusting_agency = models.ForeignKey(
        "self",
        verbose_name="委托机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entrusted_organizations",
    )
    entrustment_document = models.CharField("委托书", max_length=200, blank=True)
    entrustment_scope = models.TextField("委托事项和权限", blank=True)
    entrustment_starts_on = models.DateField("委托期限自", null=True, blank=True)
    entrustment_ends_on = models.DateField("委托期限至", null=True, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            # An empty code means "not yet recorded" and may repeat; a real code is unique.
            models.UniqueConstraint(
                fields=["uscc"], condition=~models.Q(uscc=""), name="agency_uscc_unique"
            )
        ]
        verbose_name = "执法主体"
        verbose_name_plural = "执法主体"

    def __str__(self) -> str:
        return self.name

    @property
    def uscc_problem(self) -> str:
        """Return why the stored USCC is unusable, or an empty string."""
        if not self.uscc:
            return "未填写统一社会信用代码"
        return check_uscc(self.uscc).reason


class Department(models.Model):
    """A unit inside an agency; what it handles decides whether it may be the review body."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("名称", max_length=60)
    is_legal_department = models.BooleanField("法制机构", default=False)
    handles_penalty = models.BooleanField("承办行政处罚", default=False)
    handles_license = models.BooleanField("承办行政许可", default=False)
    handles_compulsory_enforcement = models.BooleanField("承办行政强制执行", default=False)
    handles_levy = models.BooleanField("承办行政征收", default=False)
    handles_requisition = models.BooleanField("承办行政征用", default=False)

    class Meta:
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="department_name_unique")
        ]
        verbose_name = "内设部门"
        verbose_name_plural = "内设部门"

    def __str__(self) -> str:
        return self.name

    @property
    def handled_kinds(self) -> list[str]:
        flags = [
            (self.handles_penalty, "行政处罚"),
            (self.handles_license, "行政许可"),
            (self.handles_compulsory_enforcement, "行政强制执行"),
            (self.handles_levy, "行政征收"),
            (self.handles_requisition, "行政征用"),
        ]
        return [label for flag, label in flags if flag]


class JudicialOffice(models.Model):
    """A judicial office (司法所) that reviews the major decisions of the towns it covers."""

    SCOPE_PATH = "covers"

    name = models.CharField("名称", max_length=100, unique=True)
    covers = models.ManyToManyField(
        Agency, verbose_name="负责的街镇", related_name="judicial_offices", blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "司法所"
        verbose_name_plural = "司法所"

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Officer(models.Model):
    """A member of an agency's enforcement staff (执法人员)."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="officers"
    )
    department = models.ForeignKey(
        Department,
        verbose_name="所在部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    full_name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=8, choices=Gender.choices)
    id_number = models.CharField("身份证号", max_length=18, unique=True)
    photo = models.ImageField("照片", upload_to="officers/photos/", blank=True)
    post = models.CharField("职务岗位", max_length=60, blank=True)
    domains = models.ManyToManyField(
        EnforcementDomain, verbose_name="执法领域", related_name="officers", blank=True
    )
    legal_qualification = models.BooleanField("法律职业资格", default=False)
    legal_qualification_number = models.CharField("法律职业资格证书编号", max_length=40, blank=True)
    is_active = models.BooleanField("在岗", default=True)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["agency", "full_name"]
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        result = check_id_number(self.id_number)
        if not result.valid:
            raise ValidationError({"id_number": f"身份证号无效：{result.reason}"})
        self.id_number = result.normalized

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def current_credential(self) -> "Credential | None":
        """Return the credential that is not revoked, or else the most recent one."""
        live = self.credentials.exclude(status=CredentialStatus.REVOKED).first()
        if live is not None:
            return live
        return self.credentials.order_by("-pk").first()


class CredentialStatus(models.TextChoices):
    APPLIED = "applied", "申领中"
    ACTIVE = "active", "有效"
    SUSPENDED = "suspended", "暂扣"
    REVOKED = "revoked", "注销"


def new_verify_token() -> str:
    return secrets.token_urlsafe(24)


class Credential(models.Model):
    """An enforcement credential card (执法证件); its number is opaque (no public format)."""

    SCOPE_PATH = "officer__agency"

    officer = models.ForeignKey(
        Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="credentials"
    )
    # Empty until the credential is issued; NULL (not "") keeps the unique index usable.
    number = models.CharField("执法证号", max_length=40, unique=True, null=True, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=CredentialStatus.choices, default=CredentialStatus.APPLIED
    )
    domains = models.ManyToManyField(
        EnforcementDomain, verbose_name="执法领域", related_name="credentials", blank=True
    )
    issuing_authority = models.CharField("发证机关", max_length=60, default="上海市人民政府")
    issued_on = models.DateField("发证日期", null=True, blank=True)
    valid_from = models.DateField("有效期自", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    exam_passed_on = models.DateField("法律知识考试通过日期", null=True, blank=True)
    exam_exempt_reason = models.CharField("免考理由", max_length=200, blank=True)
    verify_token = models.CharField(
        "核验令牌", max_length=64, unique=True, default=new_verify_token, editable=False
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            # An officer has at most one credential that is not revoked; older cards are
            # revoked (注销) before a new application starts.
            models.UniqueConstraint(
                fields=["officer"],
                condition=models.Q(status__in=["applied", "active", "suspended"]),
                name="credential_one_live_per_officer",
            )
        ]
        verbose_name = "执法证件"
        verbose_name_plural = "执法证件"

    def __str__(self) -> str:
        return self.number or f"{self.officer}的证件申领"

    def is_valid_on(self, day: datetime.date) -> bool:
        return (
            self.status == CredentialStatus.ACTIVE
            and self.valid_from is not None
            and self.valid_until is not None
            and self.valid_from <= day <= self.valid_until
        )

    def validity_label(self, day: datetime.date) -> str:
        """Return the plain-language state of the credential on ``day``, as the public sees it."""
        if self.status == CredentialStatus.SUSPENDED:
            return "已暂扣"
        if self.status == CredentialStatus.REVOKED:
            return "已注销"
        if self.status == CredentialStatus.APPLIED:
            return "尚未核发"
        if self.valid_until is not None and day > self.valid_until:
            return "已过期"
        if self.valid_from is not None and day < self.valid_from:
            return "尚未生效"
        return "有效"


class CredentialEventKind(models.TextChoices):
    APPLIED = "applied", "申领"
    EXAM_PASSED = "exam_passed", "通过公共法律知识考试"
    EXAM_EXEMPTED = "exam_exempted", "免于考试"
    ISSUED = "issued", "核发"
    ANNUAL_REVIEW_PASSED = "annual_review_passed", "年度审验合格"
    ANNUAL_REVIEW_FAILED = "annual_review_failed", "年度审验不合格"
    SUSPENDED = "suspended", "暂扣"
    REINSTATED = "reinstated", "恢复"
    REVOKED = "revoked", "注销"
    RENEWED = "renewed", "换发"


class CredentialEvent(models.Model):
    """One step in a credential's life, with its reason; never edited, only added."""

    SCOPE_PATH = "credential__officer__agency"

    credential = models.ForeignKey(
        Credential, verbose_name="执法证件", on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField("事项", max_length=32, choices=CredentialEventKind.choices)
    occurred_on = models.DateField("日期")
    reason = models.TextField("理由或说明", blank=True)
    review_year = models.PositiveSmallIntegerField("审验年度", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name = "证件记录"
        verbose_name_plural = "证件记录"

    def __str__(self) -> str:
        return f"{self.credential} {self.get_kind_display()}"


class TrainingRecord(models.Model):
    """Hours of enforcement training an officer attended (执法培训学时)."""

    SCOPE_PATH = "officer__agency"

    officer = models.ForeignKey(
        Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="trainings"
    )
    attended_on = models.DateField("培训日期")
    course = models.CharField("培训内容", max_length=100)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    provider = models.CharField("组织单位", max_length=100, blank=True)

    class Meta:
        ordering = ["-attended_on"]
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"

    def __str__(self) -> str:
        return f"{self.officer} {self.course} {self.hours}学时"


class ReviewerKind(models.TextChoices):
    STAFF = "staff", "法制审核工作人员"
    PUBLIC_LAWYER = "public_lawyer", "公职律师"
    LEGAL_ADVISER = "legal_adviser", "法律顾问"


class Reviewer(models.Model):
    """A person assigned to legal review (法制审核人员), with or without a credential."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="reviewers"
    )
    full_name = models.CharField("姓名", max_length=40)
    kind = models.CharField("类别", max_length=20, choices=ReviewerKind.choices, default="staff")
    officer = models.ForeignKey(
        Officer,
        verbose_name="对应执法人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewer_assignments",
    )
    started_on = models.DateField("开始从事法制审核日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    legal_qualification = models.BooleanField("法律职业资格", default=False)
    legal_qualification_number = models.CharField("法律职业资格证书编号", max_length=40, blank=True)
    # The account the person signs review opinions with; only a linked reviewer may review.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewer_record",
    )

    class Meta:
        ordering = ["agency", "full_name"]
        verbose_name = "法制审核人员"
        verbose_name_plural = "法制审核人员"

    def __str__(self) -> str:
        return self.full_name

"""A case (案件): one enforcement matter of an agency, from initiation to closing."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhifa.agencies.models import Agency, Department, Officer
from zhifa.cases.models.party import Party
from zhifa.catalog.models import PowerItem


class CaseKind(models.TextChoices):
    """Kinds of case; each has its own stage order in ``zhifa.cases.stages``.

    The penalty and inspection procedures live in ``zhifa.cases.stages``; the other kinds are
    registered there by their own apps (licensing, coercion, levies).
    """

    PENALTY_SUMMARY = "penalty_summary", "行政处罚（简易程序）"
    PENALTY_ORDINARY = "penalty_ordinary", "行政处罚（普通程序）"
    INSPECTION = "inspection", "行政检查"
    LICENSING = "licensing", "行政许可"
    LICENSE_DISPOSAL = "license_disposal", "行政许可变更、撤回、撤销、注销"
    COERCIVE_MEASURE = "coercive_measure", "行政强制措施"
    COMPULSORY_ENFORCEMENT = "compulsory_enforcement", "行政强制执行"
    LEVY = "levy", "行政征收"
    REQUISITION = "requisition", "行政征用"
    HOUSING_EXPROPRIATION = "housing_expropriation", "国有土地上房屋征收"


class Category(models.TextChoices):
    """The enforcement categories (执法类别) that reports and the portal count by."""

    PENALTY = "penalty", "行政处罚"
    LICENSE = "license", "行政许可"
    COMPULSION = "compulsion", "行政强制"
    INSPECTION = "inspection", "行政检查"
    LEVY = "levy", "行政征收"
    REQUISITION = "requisition", "行政征用"
    OTHER = "other", "其他"


CATEGORY_OF_KIND: dict[str, Category] = {
    CaseKind.PENALTY_SUMMARY: Category.PENALTY,
    CaseKind.PENALTY_ORDINARY: Category.PENALTY,
    CaseKind.INSPECTION: Category.INSPECTION,
    CaseKind.LICENSING: Category.LICENSE,
    CaseKind.LICENSE_DISPOSAL: Category.LICENSE,
    CaseKind.COERCIVE_MEASURE: Category.COMPULSION,
    CaseKind.COMPULSORY_ENFORCEMENT: Category.COMPULSION,
    CaseKind.LEVY: Category.LEVY,
    CaseKind.REQUISITION: Category.REQUISITION,
    # Housing expropriation is a levy (征收) on the owners, decided by the district government.
    CaseKind.HOUSING_EXPROPRIATION: Category.LEVY,
}


class Stage(models.TextChoices):
    """The stages of 行政处罚法 Art. 47, plus closing."""

    INITIATION = "initiation", "启动"
    INVESTIGATION = "investigation", "调查取证"
    REVIEW = "review", "审核"
    DECISION = "decision", "决定"
    SERVICE = "service", "送达"
    EXECUTION = "execution", "执行"
    CLOSING = "closing", "结案"


class CaseStatus(models.TextChoices):
    OPEN = "open", "办理中"
    CLOSED = "closed", "已结案"


class LegalReviewState(models.TextChoices):
    """Whether the proposed decision needs legal review (法制审核) and how far it got."""

    NOT_ASSESSED = "not_assessed", "未判定"
    NOT_REQUIRED = "not_required", "无需法制审核"
    REQUIRED = "required", "须经法制审核"
    APPROVED = "approved", "法制审核通过"


class CaseFlag(models.TextChoices):
    """Circumstances of a case that decide extra procedure, such as collective discussion."""

    COMPLEX = "complex", "情节复杂"
    SERIOUS = "serious", "重大违法行为"
    MAJOR_PUBLIC_INTEREST = "major_public_interest", "涉及重大公共利益"
    MULTIPLE_LEGAL_RELATIONSHIPS = "multiple_legal_relationships", "涉及多个法律关系"


class Case(models.Model):
    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="cases"
    )
    department = models.ForeignKey(
        Department, verbose_name="承办部门", on_delete=models.PROTECT, related_name="cases"
    )
    kind = models.CharField("案件类型", max_length=32, choices=CaseKind.choices)
    number = models.CharField("案号", max_length=80, unique=True)
    number_year = models.PositiveSmallIntegerField("编号年度")
    number_sequence = models.PositiveIntegerField("年度序号")
    title = models.CharField("案由", max_length=300)
    power_items = models.ManyToManyField(
        PowerItem, verbose_name="执法事项", related_name="cases", blank=True
    )
    parties: "models.ManyToManyField[Party, CaseParty]" = models.ManyToManyField(
        Party, verbose_name="当事人", through="CaseParty", related_name="cases"
    )
    officers = models.ManyToManyField(
        Officer, verbose_name="承办人员", related_name="cases", blank=True
    )
    stage = models.CharField(
        "当前阶段", max_length=20, choices=Stage.choices, default=Stage.INITIATION
    )
    status = models.CharField(
        "状态", max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_on = models.DateField("立案（启动）日期")
    closed_on = models.DateField("结案日期", null=True, blank=True)
    violation_date = models.DateField("违法行为发生日期", null=True, blank=True)
    flags = models.JSONField(
        "案件情形", default=list, blank=True, help_text="CaseFlag 代码列表，例如 complex"
    )
    legal_review_state = models.CharField(
        "法制审核", max_length=20, choices=LegalReviewState.choices, default="not_assessed"
    )
    source = models.CharField(
        "数据来源", max_length=60, default="native", help_text="native 表示在本平台办理"
    )
    source_id = models.CharField("来源系统编号", max_length=100, blank=True)
    # The drawn entity an inspection case was opened for; unique, so a draw opens each case once.
    spot_check_assignment = models.OneToOneField(
        "cases.SpotCheckAssignment",
        verbose_name="双随机抽查对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-number_sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source="native"),
                name="case_source_record_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "kind", "stage"]),
            models.Index(fields=["agency", "opened_on"]),
            models.Index(fields=["agency", "closed_on"]),
        ]
        verbose_name = "案件"
        verbose_name_plural = "案件"

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_exchanged(self) -> bool:
        return self.source != "native"

    @property
    def category(self) -> Category:
        return CATEGORY_OF_KIND.get(self.kind, Category.OTHER)

    def get_stage_display(self) -> str:  # type: ignore[no-redef]
        """Return the stage's name in the kind's own words (受理 rather than 启动 for a licence)."""
        return stage_label(self.kind, self.stage)


def stage_label(kind: str, stage: str) -> str:
    """Return the label of ``stage`` in the procedure of ``kind``, or the generic label."""
    from zhifa.cases import stages  # The stage machinery imports this module.

    procedure = stages.PROCEDURES.get(kind)
    if procedure is None:
        return Stage(stage).label
    return procedure.stage_label(stage)


class CasePartyRole(models.TextChoices):
    PARTY = "party", "当事人"
    THIRD_PARTY = "third_party", "第三人"


class CaseParty(models.Model):
    SCOPE_PATH = "case__agency"

    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="party_links"
    )
    party = models.ForeignKey(
        Party, verbose_name="当事人", on_delete=models.PROTECT, related_name="case_links"
    )
    role = models.CharField(
        "身份", max_length=20, choices=CasePartyRole.choices, default=CasePartyRole.PARTY
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "party"], name="case_party_unique")]
        verbose_name = "案件当事人"
        verbose_name_plural = "案件当事人"

    def __str__(self) -> str:
        return f"{self.case.number} {self.party}"

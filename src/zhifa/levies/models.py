"""Housing expropriation projects (国有土地上房屋征收) and their households.

A project is one case of kind ``housing_expropriation`` decided by the district government.
Its preconditions, decision, valuations, agreements and compensation decisions are steps of
that case. ``Household`` keeps the current state of each expropriated house, which the steps
update, so that the project page and the rules read one row per household.
"""

from decimal import Decimal

from django.db import models

from zhifa.agencies.models import Agency
from zhifa.cases.models import Case, Party
from zhifa.remedies.models import RemedyOutcome


class PublicInterestGround(models.TextChoices):
    """The public interests of 国有土地上房屋征收与补偿条例 Art. 8."""

    DEFENCE_FOREIGN_AFFAIRS = "defence_foreign_affairs", "国防和外交的需要"
    INFRASTRUCTURE = "infrastructure", "由政府组织实施的能源、交通、水利等基础设施建设的需要"
    PUBLIC_UNDERTAKINGS = (
        "public_undertakings",
        "由政府组织实施的科技、教育、文化、卫生、体育、环境和资源保护、防灾减灾、文物保护、"
        "社会福利、市政公用等公共事业的需要",
    )
    HOUSING_SECURITY = "housing_security", "由政府组织实施的保障性安居工程建设的需要"
    OLD_TOWN_RENOVATION = (
        "old_town_renovation",
        "由政府依照城乡规划法有关规定组织实施的对危房集中、基础设施落后等地段进行旧城区改建的需要",
    )
    OTHER_BY_LAW = "other_by_law", "法律、行政法规规定的其他公共利益的需要"


class CompensationMethod(models.TextChoices):
    """Art. 21: the owner chooses cash compensation or an exchange of property."""

    CASH = "cash", "货币补偿"
    PROPERTY_EXCHANGE = "property_exchange", "房屋产权调换"


class ExpropriationProject(models.Model):
    """One expropriation project: the case of the district government and its fixed data."""

    SCOPE_PATH = "case__agency"

    case = models.OneToOneField(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="expropriation_project"
    )
    name = models.CharField("项目名称", max_length=200)
    area_description = models.CharField("征收范围", max_length=500)
    # 房屋征收部门 (Art. 4): the department the district government names to carry out the work.
    expropriation_department = models.ForeignKey(
        Agency,
        verbose_name="房屋征收部门",
        on_delete=models.PROTECT,
        related_name="expropriation_projects",
    )
    budgeted_compensation = models.DecimalField(
        "预算征收补偿费用（元）", max_digits=16, decimal_places=2
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "房屋征收项目"
        verbose_name_plural = "房屋征收项目"

    def __str__(self) -> str:
        return self.name


class Household(models.Model):
    """One expropriated house and its owner, with the valuation and the compensation reached."""

    SCOPE_PATH = "project__case__agency"

    project = models.ForeignKey(
        ExpropriationProject,
        verbose_name="征收项目",
        on_delete=models.PROTECT,
        related_name="households",
    )
    number = models.CharField("户号", max_length=40)
    owner = models.ForeignKey(
        Party, verbose_name="被征收人", on_delete=models.PROTECT, related_name="households"
    )
    address = models.CharField("房屋坐落", max_length=200)
    floor_area = models.DecimalField("建筑面积（平方米）", max_digits=10, decimal_places=2)
    valuation_firm = models.CharField("房地产价格评估机构", max_length=200, blank=True)
    valuation = models.DecimalField(
        "评估价值（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    valued_on = models.DateField("评估报告日期", null=True, blank=True)
    compensation_method = models.CharField(
        "补偿方式", max_length=20, choices=CompensationMethod.choices, blank=True
    )
    compensation_amount = models.DecimalField(
        "补偿金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    agreement_signed_on = models.DateField("补偿协议签订日期", null=True, blank=True)
    decision_made_on = models.DateField("补偿决定日期", null=True, blank=True)
    decision_served_on = models.DateField("补偿决定送达日期", null=True, blank=True)
    move_deadline = models.DateField("搬迁期限", null=True, blank=True)
    moved_out_on = models.DateField("搬迁日期", null=True, blank=True)
    remedy_filed_on = models.DateField("申请复议或提起诉讼日期", null=True, blank=True)
    # The end of the latest remedy: the day the reconsideration decision was served or the
    # judgment took effect. Both stay empty while that remedy is pending.
    remedy_concluded_on = models.DateField("复议或诉讼结束日期", null=True, blank=True)
    remedy_outcome = models.CharField(
        "复议或诉讼结果", max_length=20, choices=RemedyOutcome.choices, blank=True
    )
    court_applied_on = models.DateField("申请法院强制执行日期", null=True, blank=True)

    class Meta:
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="household_number_unique_in_project"
            )
        ]
        verbose_name = "被征收户"
        verbose_name_plural = "被征收户"

    def __str__(self) -> str:
        return f"{self.number} {self.address}"

    @property
    def settlement(self) -> str:
        """Return how compensation was settled: 协议, 补偿决定 or empty."""
        if self.agreement_signed_on is not None:
            return "补偿协议"
        if self.decision_made_on is not None:
            return "补偿决定"
        return ""

    @property
    def remedy_pending(self) -> bool:
        return self.remedy_filed_on is not None and self.remedy_concluded_on is None

    @property
    def compensated(self) -> bool:
        return self.compensation_amount is not None and self.compensation_amount > Decimal("0")

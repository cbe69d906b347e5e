"""Review catalogs (法制审核目录清单) and review procedures, versioned per agency.

A catalog version is drafted by the agency, filed (备案) with the judicial bureau and
accepted or returned with comments. The latest accepted version whose effective date has
come is the one in force; a returned version never applies.
"""

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Agency
from zhifa.review.models.kinds import DecisionKind


class CatalogState(models.TextChoices):
    DRAFT = "draft", "草稿"
    FILED = "filed", "已报送备案"
    ACCEPTED = "accepted", "已备案"
    RETURNED = "returned", "已退回"


def _user(name: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=name,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


class ReviewCatalog(models.Model):
    """One version of an agency's catalog of decisions that need legal review."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="review_catalogs"
    )
    version = models.PositiveIntegerField("版本号")
    effective_from = models.DateField("施行日期")
    state = models.CharField(
        "状态", max_length=20, choices=CatalogState.choices, default=CatalogState.DRAFT
    )
    change_note = models.CharField("修订说明", max_length=500, blank=True)
    created_by = _user("编制人")
    created_at = models.DateTimeField("编制时间", auto_now_add=True)
    filed_by = _user("报备人")
    filed_at = models.DateTimeField("报备时间", null=True, blank=True)
    decided_by = _user("备案审查人")
    decided_at = models.DateTimeField("备案审查时间", null=True, blank=True)
    bureau_comments = models.TextField("区司法局意见", blank=True)

    class Meta:
        ordering = ["agency", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="review_catalog_version")
        ]
        verbose_name = "法制审核目录清单"
        verbose_name_plural = "法制审核目录清单"

    def __str__(self) -> str:
        return f"{self.agency.short_name}法制审核目录清单（第{self.version}版）"


class ReviewCatalogEntry(models.Model):
    """A kind of decision the agency's catalog lists; empty criteria match every such decision."""

    SCOPE_PATH = "catalog__agency"

    catalog = models.ForeignKey(
        ReviewCatalog, verbose_name="目录清单", on_delete=models.CASCADE, related_name="entries"
    )
    decision_kind = models.CharField("决定类型", max_length=40, choices=DecisionKind.choices)
    description = models.CharField("审核事项", max_length=300)
    power_item_code = models.CharField(
        "执法事项编码", max_length=60, blank=True, help_text="留空表示所有执法事项"
    )
    domain_code = models.CharField(
        "执法领域代码", max_length=40, blank=True, help_text="留空表示所有执法领域"
    )
    min_amount = models.DecimalField(
        "金额下限（元）",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="罚款或没收金额达到此数额时须审核；留空表示不限金额",
    )
    penalty_types = models.JSONField(
        "处罚种类", default=list, blank=True, help_text="留空表示所有处罚种类"
    )
    other_criteria = models.TextField("其他情形", blank=True)
    legal_source = models.CharField("依据", max_length=300, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["catalog", "sort_order", "pk"]
        verbose_name = "法制审核目录事项"
        verbose_name_plural = "法制审核目录事项"

    def __str__(self) -> str:
        return self.description


class ReviewProcedure(models.Model):
    """One version of how an agency runs legal review (法制审核工作程序)."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency,
        verbose_name="执法主体",
        on_delete=models.PROTECT,
        related_name="review_procedures",
    )
    version = models.PositiveIntegerField("版本号")
    effective_from = models.DateField("施行日期")
    materials = models.TextField("送审材料")
    method = models.TextField("审核方式")
    time_limits = models.TextField("审核时限")
    responsibilities = models.TextField("责任划分")
    objections = models.TextField("意见分歧处理")
    review_working_days = models.PositiveSmallIntegerField(
        "审核期限（工作日）", null=True, blank=True, help_text="留空表示适用全区默认期限"
    )
    extension_working_days = models.PositiveSmallIntegerField(
        "延长期限（工作日）", null=True, blank=True, help_text="留空表示适用全区默认期限"
    )
    created_by = _user("登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["agency", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="review_procedure_version")
        ]
        verbose_name = "法制审核工作程序"
        verbose_name_plural = "法制审核工作程序"

    def __str__(self) -> str:
        return f"{self.agency.short_name}法制审核工作程序（第{self.version}版）"

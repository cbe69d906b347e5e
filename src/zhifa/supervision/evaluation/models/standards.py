"""The scoring standard (评查标准): versioned items with points, and the grade thresholds."""

from decimal import Decimal

from django.conf import settings
from django.db import models


class StandardState(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_FORCE = "in_force", "现行"
    RETIRED = "retired", "已停用"


class SystemGroup(models.TextChoices):
    """The three systems (三项制度) an item checks."""

    PUBLICITY = "publicity", "行政执法公示"
    RECORDING = "recording", "执法全过程记录"
    REVIEW = "review", "重大执法决定法制审核"


class Aspect(models.TextChoices):
    PROCEDURE = "procedure", "程序"
    EVIDENCE = "evidence", "证据"
    LEGAL_BASIS = "legal_basis", "法律适用"
    DOCUMENTS = "documents", "文书"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


# The total of a standard's points; every item's points add up to exactly this.
FULL_MARKS = Decimal("100")


class Standard(models.Model):
    """One version of the scoring standard; only one version is in force at a time."""

    version = models.PositiveIntegerField("版本号", unique=True)
    name = models.CharField("名称", max_length=100)
    state = models.CharField(
        "状态", max_length=16, choices=StandardState.choices, default=StandardState.DRAFT
    )
    is_platform_default = models.BooleanField(
        "平台默认标准", default=False, help_text="平台提供的默认标准，供区司法局修订后使用"
    )
    note = models.TextField("说明", blank=True)
    excellent_min = models.DecimalField(
        "优秀最低分", max_digits=5, decimal_places=1, default=Decimal("90")
    )
    good_min = models.DecimalField(
        "良好最低分", max_digits=5, decimal_places=1, default=Decimal("80")
    )
    pass_min = models.DecimalField(
        "合格最低分", max_digits=5, decimal_places=1, default=Decimal("60")
    )
    in_force_from = models.DateTimeField("施行时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="编制人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("编制时间", auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = "评查标准"
        verbose_name_plural = "评查标准"

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"


class StandardItem(models.Model):
    """One item of a standard: what the evaluator checks and how many points it carries."""

    standard = models.ForeignKey(
        Standard, verbose_name="评查标准", on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField("编号", max_length=20)
    group = models.CharField("所属制度", max_length=16, choices=SystemGroup.choices)
    aspect = models.CharField("评查方面", max_length=16, choices=Aspect.choices)
    text = models.TextField("评查内容")
    points = models.DecimalField("分值", max_digits=5, decimal_places=1)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "code"], name="evaluation_item_code_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(points__gt=0), name="evaluation_item_points_positive"
            ),
        ]
        verbose_name = "评查项目"
        verbose_name_plural = "评查项目"

    def __str__(self) -> str:
        return f"{self.code} {self.text[:30]}"

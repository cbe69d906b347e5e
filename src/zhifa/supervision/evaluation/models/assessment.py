"""The year-end assessment (年度考核): a weighted scheme of indicators and its computed results."""

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Agency


class AssessmentScheme(models.Model):
    """The indicators and weights of one year; the row without a year is the default scheme.

    A year's scheme starts as a copy of the default and can be changed until that year's
    assessment is finalised.
    """

    year = models.PositiveSmallIntegerField("考核年度", null=True, blank=True, unique=True)
    name = models.CharField("名称", max_length=100)
    note = models.TextField("说明", blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"

    def __str__(self) -> str:
        return self.name


class SchemeIndicator(models.Model):
    """One indicator of a scheme, by its code in ``zhifa.supervision.evaluation.indicators``."""

    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name="考核方案",
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    code = models.CharField("指标代码", max_length=40)
    weight = models.DecimalField("权重", max_digits=5, decimal_places=1)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="evaluation_indicator_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="evaluation_indicator_weight_not_negative"
            ),
        ]
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"

    def __str__(self) -> str:
        return f"{self.scheme} {self.code}"


class AssessmentState(models.TextChoices):
    COMPUTED = "computed", "已计算待审定"
    FINAL = "final", "已定稿"


class Assessment(models.Model):
    """The assessment of one year; ``snapshot`` keeps every input value once computed."""

    year = models.PositiveSmallIntegerField("考核年度", unique=True)
    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name="考核方案", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        "状态", max_length=16, choices=AssessmentState.choices, default=AssessmentState.COMPUTED
    )
    snapshot = models.JSONField("计算依据", default=dict)
    computed_at = models.DateTimeField("计算时间")
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="计算人", on_delete=models.PROTECT, related_name="+"
    )
    finalised_at = models.DateTimeField("定稿时间", null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="定稿人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = "年度考核"
        verbose_name_plural = "年度考核"

    def __str__(self) -> str:
        return f"{self.year}年度“三项制度”考核"


class AssessmentResult(models.Model):
    """One agency's score and rank; ``values`` contains each indicator's inputs and score."""

    SCOPE_PATH = "agency"

    assessment = models.ForeignKey(
        Assessment, verbose_name="年度考核", on_delete=models.CASCADE, related_name="results"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField("综合得分", max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField("排名", null=True, blank=True)
    values = models.JSONField("各项指标", default=list)

    class Meta:
        ordering = ["assessment", "rank", "agency__sort_order", "agency_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "agency"], name="evaluation_result_unique"
            ),
        ]
        verbose_name = "考核结果"
        verbose_name_plural = "考核结果"

    def __str__(self) -> str:
        return f"{self.assessment} {self.agency}"

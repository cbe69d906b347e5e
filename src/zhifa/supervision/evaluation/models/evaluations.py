"""The evaluation of one drawn case, its item scores and the agency's rectification."""

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Agency
from zhifa.cases.models import Case
from zhifa.supervision.evaluation.models.draws import DrawnCase
from zhifa.supervision.evaluation.models.standards import Grade, Standard, StandardItem


class EvaluationState(models.TextChoices):
    DRAFT = "draft", "评查中"
    FINAL = "final", "已定稿"


class Evaluation(models.Model):
    """The score of one case file against the standard of its draw; frozen once final."""

    SCOPE_PATH = "agency"

    drawn_case = models.OneToOneField(
        DrawnCase, verbose_name="抽取案件", on_delete=models.PROTECT, related_name="evaluation"
    )
    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="evaluations"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("评查年度")
    standard = models.ForeignKey(
        Standard, verbose_name="评查标准", on_delete=models.PROTECT, related_name="evaluations"
    )
    state = models.CharField(
        "状态", max_length=16, choices=EvaluationState.choices, default=EvaluationState.DRAFT
    )
    total = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField("等次", max_length=16, choices=Grade.choices, blank=True)
    summary = models.TextField("总体评价", blank=True)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评查人", on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finalised_at = models.DateTimeField("定稿时间", null=True, blank=True)

    class Meta:
        ordering = ["-year", "agency_id", "pk"]
        indexes = [models.Index(fields=["year", "agency", "state"])]
        verbose_name = "案卷评查"
        verbose_name_plural = "案卷评查"

    def __str__(self) -> str:
        return f"{self.case.number}案卷评查"


class ItemScore(models.Model):
    """Points deducted on one item; a deduction above zero is a finding (评查意见)."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name="案卷评查", on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        StandardItem, verbose_name="评查项目", on_delete=models.PROTECT, related_name="+"
    )
    deduction = models.DecimalField("扣分", max_digits=5, decimal_places=1)
    finding = models.TextField("评查意见", blank=True)

    class Meta:
        ordering = ["item__sort_order", "item__code"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "item"], name="evaluation_score_unique"),
        ]
        verbose_name = "评查扣分"
        verbose_name_plural = "评查扣分"

    def __str__(self) -> str:
        return f"{self.item.code} 扣{self.deduction}分"


class RectificationState(models.TextChoices):
    SUBMITTED = "submitted", "待确认"
    CONFIRMED = "confirmed", "已确认"
    RETURNED = "returned", "退回重报"


class Rectification(models.Model):
    """The agency's report of how it rectified one finding (整改情况), and the bureau's decision.

    A returned report stays as history; the agency then submits a new one for the same finding.
    """

    SCOPE_PATH = "score__evaluation__agency"

    score = models.ForeignKey(
        ItemScore, verbose_name="评查意见", on_delete=models.PROTECT, related_name="rectifications"
    )
    text = models.TextField("整改情况")
    state = models.CharField(
        "状态",
        max_length=16,
        choices=RectificationState.choices,
        default=RectificationState.SUBMITTED,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间", auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField("确认时间", null=True, blank=True)
    comment = models.TextField("区司法局意见", blank=True)

    class Meta:
        ordering = ["score_id", "submitted_at", "pk"]
        verbose_name = "整改情况"
        verbose_name_plural = "整改情况"

    def __str__(self) -> str:
        return f"{self.score}的整改情况"

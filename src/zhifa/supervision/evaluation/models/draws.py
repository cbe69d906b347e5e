"""A recorded random draw (抽取) of closed cases for evaluation.

A draw stores its seed, the sample size rule and, for each agency, the candidate case ids in
ascending order, so that ``zhifa.supervision.evaluation.drawing.verify`` can recompute the
drawn ids. Both tables are append-only in the database (migration 0002).
"""

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Agency
from zhifa.cases.models import Case
from zhifa.supervision.evaluation.models.standards import Standard


class Draw(models.Model):
    """One draw over the cases closed from ``closed_from`` to ``closed_to``, both days included."""

    year = models.PositiveSmallIntegerField("评查年度")
    closed_from = models.DateField("结案日期起")
    closed_to = models.DateField("结案日期止")
    standard = models.ForeignKey(
        Standard, verbose_name="评查标准", on_delete=models.PROTECT, related_name="draws"
    )
    seed = models.CharField("随机种子", max_length=64)
    sample_count = models.PositiveIntegerField("每单位抽取件数", null=True, blank=True)
    sample_percent = models.PositiveSmallIntegerField("每单位抽取比例（%）", null=True, blank=True)
    sample_minimum = models.PositiveIntegerField("每单位最少件数", default=0)
    # {"<agency id>": [case ids in ascending order]}; an agency with no closed case has [].
    population = models.JSONField("候选案件")
    note = models.CharField("说明", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="抽取人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "评查抽取"
        verbose_name_plural = "评查抽取"

    def __str__(self) -> str:
        return f"{self.year}年度案卷评查抽取（第{self.pk}次）"

    @property
    def sample_rule(self) -> str:
        if self.sample_count is not None:
            return f"每单位{self.sample_count}件"
        return f"每单位{self.sample_percent}%，不少于{self.sample_minimum}件"


class DrawnCase(models.Model):
    """One case drawn, in the order the draw picked it."""

    SCOPE_PATH = "agency"

    draw = models.ForeignKey(
        Draw, verbose_name="抽取", on_delete=models.PROTECT, related_name="drawn_cases"
    )
    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="evaluation_draws"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField("抽取顺序")

    class Meta:
        ordering = ["draw", "agency_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "case"], name="evaluation_drawn_case_unique"),
        ]
        verbose_name = "抽取案件"
        verbose_name_plural = "抽取案件"

    def __str__(self) -> str:
        return f"{self.draw} {self.case.number}"

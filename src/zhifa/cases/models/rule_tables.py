"""Rule tables of case procedure that the supervisor can correct without a code change.

Each row names its legal source, because the rules in ``zhifa.cases.rules`` only apply what
these rows say and a reader must be able to check why a case was allowed through.
"""

from django.db import models

from zhifa.agencies.models import EnforcementDomain
from zhifa.cases.models.case import CaseFlag


class SingleOfficerException(models.Model):
    """A situation where a law lets one officer act alone on site (行政处罚法 Art. 42 exception).

    Art. 42 requires at least two officers "法律另有规定的除外". A row applies to the step code
    given (or to every on-site step when empty) in the domain given (or in every domain).
    """

    step = models.CharField(
        "办案环节代码", max_length=60, blank=True, help_text="留空表示所有现场环节"
    )
    domain = models.ForeignKey(
        EnforcementDomain,
        verbose_name="执法领域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="留空表示所有执法领域",
    )
    description = models.CharField("适用情形", max_length=200)
    legal_source = models.CharField("法律依据", max_length=300)
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["step", "pk"]
        verbose_name = "一人执法例外"
        verbose_name_plural = "一人执法例外"

    def __str__(self) -> str:
        return f"{self.description}（{self.legal_source}）"


class CollectiveDiscussionTrigger(models.Model):
    """A case flag that makes collective discussion (集体讨论) mandatory before the decision."""

    flag = models.CharField("案件情形", max_length=40, choices=CaseFlag.choices, unique=True)
    legal_source = models.CharField("法律依据", max_length=300)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["flag"]
        verbose_name = "集体讨论情形"
        verbose_name_plural = "集体讨论情形"

    def __str__(self) -> str:
        return f"{self.get_flag_display()}（{self.legal_source}）"

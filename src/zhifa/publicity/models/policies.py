"""Configurable publication rules: what is published, for how long, and what is masked.

The rows are seeded with their sources (沪府令第36号, 总局令第45号, 发改委令第58号 and the
national dual-publicity format) and marked 待核实 where the source is unconfirmed. The
supervisor corrects them. Agencies may make the masking defaults stricter, because published
practice varies by agency.
"""

from decimal import Decimal

from django.db import models

from zhifa.agencies.models import Agency


class RuleAction(models.TextChoices):
    PUBLISH = "publish", "公示"
    EXCLUDE = "exclude", "不予公示"


class PublicationRule(models.Model):
    """Whether decisions matching ``condition`` are published; the first matching rule wins.

    ``condition`` names a predicate in ``zhifa.publicity.drafting.conditions``; ``kind`` and
    ``domain_code`` narrow it, blank meaning any.
    """

    code = models.SlugField("规则编码", max_length=60, unique=True)
    position = models.PositiveSmallIntegerField("顺序")
    kind = models.CharField("公示类别", max_length=20, blank=True)
    # An EnforcementDomain code, kept as text (as in the review thresholds) so that seeded rules
    # need no domain row to exist when the migrations run.
    domain_code = models.CharField("执法领域编码", max_length=40, blank=True)
    condition = models.CharField("条件", max_length=40)
    action = models.CharField("处理", max_length=20, choices=RuleAction.choices)
    description = models.CharField("说明", max_length=300)
    source = models.CharField("依据", max_length=300)
    confirmed = models.BooleanField("依据已核实", default=False)
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = "公示范围规则"
        verbose_name_plural = "公示范围规则"

    def __str__(self) -> str:
        return self.description


class PeriodRule(models.Model):
    """The publication period (公示期限) of penalties of one type, optionally in one domain.

    Several penalty types in one decision: the longest period applies (发改委令第58号).
    ``max_months`` None means the length of the ban when it is longer (总局令第45号).
    """

    code = models.SlugField("规则编码", max_length=60, unique=True)
    kind = models.CharField("公示类别", max_length=20, default="penalty")
    penalty_type = models.CharField("处罚种类", max_length=40, blank=True)
    # An EnforcementDomain code, as in PublicationRule.
    domain_code = models.CharField("执法领域编码", max_length=40, blank=True)
    fine_up_to = models.DecimalField(
        "罚款不超过（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    min_months = models.PositiveSmallIntegerField("最短公示期（月）")
    max_months = models.PositiveSmallIntegerField("最长公示期（月）", null=True, blank=True)
    early_removal_allowed = models.BooleanField("可提前停止公示（信用修复）", default=True)
    source = models.CharField("依据", max_length=300)
    confirmed = models.BooleanField("依据已核实", default=False)
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["kind", "penalty_type", "code"]
        verbose_name = "公示期限规则"
        verbose_name_plural = "公示期限规则"

    def __str__(self) -> str:
        return self.code

    def is_low_fine(self, amount: Decimal | None) -> bool:
        return self.fine_up_to is not None and amount is not None and amount <= self.fine_up_to


class MaskingMethod(models.TextChoices):
    KEEP = "keep", "公开"
    SURNAME = "surname", "保留姓氏（某某）"
    PARTIAL = "partial", "部分遮蔽"
    FULL = "full", "全部遮蔽"
    REMOVE = "remove", "不公示"


class MaskingPolicy(models.Model):
    """The masking method of one field of one party type; agency None is the district default."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency,
        verbose_name="执法主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="masking_policies",
    )
    party_kind = models.CharField("当事人类型", max_length=32)
    field = models.CharField("字段", max_length=40)
    method = models.CharField("处理方式", max_length=20, choices=MaskingMethod.choices)
    source = models.CharField("依据", max_length=300, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["agency", "party_kind", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "party_kind", "field"],
                condition=models.Q(agency__isnull=False),
                name="masking_policy_agency_unique",
            ),
            models.UniqueConstraint(
                fields=["party_kind", "field"],
                condition=models.Q(agency__isnull=True),
                name="masking_policy_default_unique",
            ),
        ]
        verbose_name = "脱敏规则"
        verbose_name_plural = "脱敏规则"

    def __str__(self) -> str:
        return f"{self.party_kind} {self.field}：{self.get_method_display()}"

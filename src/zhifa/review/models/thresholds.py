"""The 较大数额 thresholds that give a party the hearing right (行政处罚法 Art. 63).

The law leaves the figures to provincial and sector rules, so they differ by enforcement
domain, by the level of the legal basis and by party type (LEGAL.md §6.1). Each row is dated
and names its source; the supervisor corrects rows as the legal office confirms them.
"""

from django.conf import settings
from django.db import models


class BasisLevel(models.TextChoices):
    ANY = "", "不限"
    NATIONAL = "national", "法律、行政法规、部门规章"
    LOCAL = "local", "地方性法规、地方政府规章"


class PartyClass(models.TextChoices):
    CITIZEN = "citizen", "公民（含个体工商户）"
    ORGANIZATION = "organization", "法人或者其他组织"


class Measure(models.TextChoices):
    FINE = "fine", "罚款"
    CONFISCATION = "confiscation", "没收违法所得、没收非法财物"


class HearingThreshold(models.Model):
    """One 较大数额 figure, in force from ``effective_from`` until ``effective_to`` (inclusive)."""

    domain_code = models.CharField(
        "执法领域代码", max_length=40, blank=True, help_text="留空表示所有执法领域"
    )
    basis_level = models.CharField(
        "依据层级", max_length=20, choices=BasisLevel.choices, blank=True, default=""
    )
    party_class = models.CharField("当事人类型", max_length=20, choices=PartyClass.choices)
    measure = models.CharField("处罚种类", max_length=20, choices=Measure.choices)
    amount = models.DecimalField("较大数额（元）", max_digits=14, decimal_places=2)
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("废止日期", null=True, blank=True)
    legal_source = models.CharField("依据", max_length=300)
    confirmed = models.BooleanField("已核实", default=False)
    note = models.CharField("说明", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["domain_code", "basis_level", "party_class", "measure", "-effective_from"]
        indexes = [models.Index(fields=["measure", "party_class", "effective_from"])]
        verbose_name = "听证较大数额标准"
        verbose_name_plural = "听证较大数额标准"

    def __str__(self) -> str:
        return f"{self.get_party_class_display()}{self.get_measure_display()}{self.amount}元"

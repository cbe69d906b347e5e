"""Configurable, gap-free numbers for cases and documents (案号、文号).

A counter row per agency, number key and year is locked while a number is taken, inside the
transaction that stores the numbered object, so a rollback gives the number back and
concurrent officers never get the same one.
"""

from django.db import models

from zhifa.agencies.models import Agency


class NumberPattern(models.Model):
    """An agency's pattern for one kind of number, e.g. ``{abbr}罚立〔{year}〕{seq}号``."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="number_patterns"
    )
    key = models.CharField("编号类别", max_length=60)
    pattern = models.CharField(
        "格式",
        max_length=100,
        help_text="可用占位符：{abbr} 文书代字，{year} 年度，{seq} 序号，{seq:04d} 补零序号",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"], name="number_pattern_unique")
        ]
        verbose_name = "编号格式"
        verbose_name_plural = "编号格式"

    def __str__(self) -> str:
        return f"{self.agency.short_name} {self.key}: {self.pattern}"


class NumberSequence(models.Model):
    """The last number taken for one agency, number key and year."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField("编号类别", max_length=60)
    year = models.PositiveSmallIntegerField("年度")
    last_value = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "key", "year"], name="number_sequence_unique")
        ]
        verbose_name = "编号计数"
        verbose_name_plural = "编号计数"

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.last_value}"

"""Shared tables: the working-day calendar and the rule parameters the supervisor maintains."""

from django.conf import settings
from django.db import models


class DayKind(models.TextChoices):
    PUBLIC_HOLIDAY = "public_holiday", "法定节假日"
    MAKEUP_WORKING_DAY = "makeup_working_day", "调休工作日"


class CalendarDay(models.Model):
    """A date whose status differs from the weekday rule: a holiday, or a weekend day worked."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=32, choices=DayKind.choices)
    festival = models.CharField("节日", max_length=32, blank=True)
    source = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"


class CalendarYear(models.Model):
    """A year whose official holiday schedule has been loaded; deadlines may fall only in these."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("依据", max_length=200)
    loaded_at = models.DateTimeField("导入时间", auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["year"]
        verbose_name = "已导入年度"
        verbose_name_plural = "已导入年度"

    def __str__(self) -> str:
        return str(self.year)


class RuleParameter(models.Model):
    """A legal figure whose source is not confirmed, kept as data the supervisor can correct.

    Code reads it through ``zhifa.core.rules.parameter``; each row shows where the figure
    comes from and whether the legal office has confirmed it.
    """

    key = models.SlugField("代码", max_length=64, unique=True)
    name = models.CharField("名称", max_length=100)
    value = models.DecimalField("数值", max_digits=14, decimal_places=4)
    unit = models.CharField("单位", max_length=20, blank=True)
    legal_source = models.CharField("依据", max_length=300)
    confirmed = models.BooleanField("已核实", default=False)
    note = models.TextField("说明", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = "规则参数"
        verbose_name_plural = "规则参数"

    def __str__(self) -> str:
        return f"{self.name}：{self.value}{self.unit}"

"""Coercive measures (查封、扣押、冻结) and their items, one row per measure of a case.

The case timeline keeps the steps. This table keeps each measure's current state and its
computed last day, so in-force and overdue measures can be listed across cases. Only the
actions in ``zhifa.coercion.actions`` write it.
"""

from decimal import Decimal

from django.db import models

from zhifa.cases.models import Case, CaseStep


class MeasureKind(models.TextChoices):
    SEALING = "sealing", "查封"
    SEIZURE = "seizure", "扣押"
    FREEZING = "freezing", "冻结"


class MeasureState(models.TextChoices):
    IN_FORCE = "in_force", "实施中"
    EXTENDED = "extended", "已延长"
    RELEASED = "released", "已解除"
    CONFISCATED = "confiscated", "已没收"
    DESTROYED = "destroyed", "已销毁"


ACTIVE_STATES = (MeasureState.IN_FORCE, MeasureState.EXTENDED)


class CoerciveMeasure(models.Model):
    """One sealing, seizure or freezing (行政强制法 Art. 22-33)."""

    SCOPE_PATH = "case__agency"

    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="coercive_measures"
    )
    imposed_step = models.OneToOneField(
        CaseStep, verbose_name="实施记录", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("措施种类", max_length=16, choices=MeasureKind.choices)
    state = models.CharField(
        "状态", max_length=16, choices=MeasureState.choices, default=MeasureState.IN_FORCE
    )
    imposed_at = models.DateTimeField("实施时间")
    place = models.CharField("场所、设施或者财物所在地", max_length=200)
    emergency = models.BooleanField("情况紧急当场实施", default=False)
    # 决定书 number; the decision and the inventory are handed over on the spot (Art. 24).
    decision_number = models.CharField("决定书文号", max_length=80)
    # Freezing only: the account, the bank and the amount (Art. 29-30).
    bank = models.CharField("金融机构", max_length=100, blank=True)
    account = models.CharField("账号", max_length=60, blank=True)
    frozen_amount = models.DecimalField(
        "冻结金额（元）", max_digits=14, decimal_places=2, default=Decimal("0")
    )
    extension_days = models.PositiveSmallIntegerField("延长天数", default=0)
    excluded_days = models.PositiveSmallIntegerField("检测等不计入的天数", default=0)
    # Null while the holiday schedule of the year the period ends in is not imported; see
    # ``zhifa.coercion.deadlines``.
    due_on = models.DateField("期限届满日", null=True, blank=True)
    ended_at = models.DateTimeField("处理时间", null=True, blank=True)
    end_note = models.CharField("处理情况", max_length=300, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "行政强制措施"
        verbose_name_plural = "行政强制措施"

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()}"

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_STATES


class MeasureItem(models.Model):
    """One line of the inventory (清单) of a sealing or seizure."""

    SCOPE_PATH = "measure__case__agency"

    measure = models.ForeignKey(
        CoerciveMeasure, verbose_name="强制措施", on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField("序号")
    name = models.CharField("名称", max_length=100)
    quantity = models.CharField("数量", max_length=40)
    specification = models.CharField("规格", max_length=100, blank=True)
    condition = models.CharField("状况", max_length=100, blank=True)

    class Meta:
        ordering = ["measure", "position"]
        verbose_name = "查封扣押物品"
        verbose_name_plural = "查封扣押物品"

    def __str__(self) -> str:
        return f"{self.name} {self.quantity}"

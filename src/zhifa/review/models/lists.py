"""Configurable lists of the review: materials to submit and checklist items to work through."""

from django.db import models

from zhifa.agencies.models import Agency
from zhifa.review.models.kinds import ChecklistGroup, DecisionKind


class MaterialRequirement(models.Model):
    """A material (送审材料) a review request of a decision kind must include.

    Rows without an agency apply district-wide; an agency adds its own rows on top.
    """

    decision_kind = models.CharField(
        "决定类型",
        max_length=40,
        choices=DecisionKind.choices,
        blank=True,
        help_text="留空表示所有决定类型",
    )
    code = models.SlugField("代码", max_length=60)
    name = models.CharField("材料名称", max_length=200)
    required = models.BooleanField("必须提交", default=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name="执法主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="留空表示全区通用",
    )
    legal_source = models.CharField("依据", max_length=300, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["decision_kind", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision_kind", "code", "agency"], name="material_requirement_unique"
            )
        ]
        verbose_name = "送审材料要求"
        verbose_name_plural = "送审材料要求"

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    """An item the reviewer checks (审核要点); empty decision kind means every kind."""

    decision_kind = models.CharField(
        "决定类型",
        max_length=40,
        choices=DecisionKind.choices,
        blank=True,
        help_text="留空表示所有决定类型",
    )
    group = models.CharField("类别", max_length=20, choices=ChecklistGroup.choices)
    code = models.SlugField("代码", max_length=60, unique=True)
    label = models.CharField("审核要点", max_length=200)
    guidance = models.TextField("审核内容说明", blank=True)
    legal_source = models.CharField("依据", max_length=300, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["group", "sort_order", "pk"]
        verbose_name = "法制审核要点"
        verbose_name_plural = "法制审核要点"

    def __str__(self) -> str:
        return self.label

"""Exchange with other case systems (数据交换): sources, import batches and reported decisions.

An exchanged case is an ordinary ``Case`` whose ``source`` is the source's code and whose
``source_id`` is the record's id in that system, so a repeated import updates the same copy.
"""

from django.conf import settings
from django.db import models

from zhifa.cases.models.case import Case


class ExchangeSource(models.Model):
    """Another case system that sends cases here, e.g. the city's unified enforcement system."""

    code = models.SlugField(
        "代码", max_length=40, unique=True, help_text="写入案件的“数据来源”，不能为 native"
    )
    name = models.CharField("名称", max_length=100, unique=True)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "数据交换来源"
        verbose_name_plural = "数据交换来源"

    def __str__(self) -> str:
        return self.name


class ExchangeBatchStatus(models.TextChoices):
    IMPORTED = "imported", "已导入"
    REJECTED = "rejected", "有错误，未导入"


class ExchangeBatch(models.Model):
    """One file or API call of records from a source; a rejected batch wrote no case data."""

    source = models.ForeignKey(
        ExchangeSource, verbose_name="来源", on_delete=models.PROTECT, related_name="batches"
    )
    file_name = models.CharField("文件名", max_length=255, blank=True)
    digest = models.CharField("摘要值", max_length=80)
    status = models.CharField("状态", max_length=16, choices=ExchangeBatchStatus.choices)
    record_count = models.PositiveIntegerField("记录数", default=0)
    created_count = models.PositiveIntegerField("新增数", default=0)
    updated_count = models.PositiveIntegerField("更新数", default=0)
    unchanged_count = models.PositiveIntegerField("未变数", default=0)
    errors = models.JSONField("错误", default=list, blank=True)
    # Source ids of the records created and updated, for tracing a case back to its batch.
    changes = models.JSONField("变动记录", default=dict, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "数据交换批次"
        verbose_name_plural = "数据交换批次"

    def __str__(self) -> str:
        return f"{self.source.name} {self.file_name or '接口'} #{self.pk}"


class ExchangedDecision(models.Model):
    """The decision of an exchanged case, as the source system reported it."""

    # TODO: move into the case decision model once the decision workflow defines one.

    SCOPE_PATH = "case__agency"

    case = models.OneToOneField(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="exchanged_decision"
    )
    decided_on = models.DateField("决定日期")
    penalty_types = models.JSONField("处罚种类", default=list)
    fine_amount = models.DecimalField(
        "罚款金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    document_number = models.CharField("决定书文号", max_length=100)
    review_conclusion = models.CharField("法制审核结论", max_length=30, blank=True)
    reviewed_on = models.DateField("法制审核日期", null=True, blank=True)
    review_body = models.CharField("法制审核机构", max_length=100, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "外部系统报送的决定"
        verbose_name_plural = "外部系统报送的决定"

    def __str__(self) -> str:
        return f"{self.case.number} {self.document_number}"

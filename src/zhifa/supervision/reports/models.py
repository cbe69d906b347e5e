"""Monthly and annual enforcement data reports (执法数据月报、年报) and their history.

A report stores its figures as JSON (``figures.as_json``). A draft's figures are those of its
last compilation. Filing (月报) or publishing (年报) freezes them. Later changes of the
underlying data show as differences on the report's page, never as edits.
"""

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Agency


class MonthlyStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    CHECKED = "checked", "已核对"
    FILED = "filed", "已报送"
    ACCEPTED = "accepted", "已接收"
    RETURNED = "returned", "已退回"


# Statuses in which the figures are frozen.
FROZEN_STATUSES = frozenset({MonthlyStatus.FILED, MonthlyStatus.ACCEPTED})


class MonthlyReport(models.Model):
    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="monthly_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    status = models.CharField(
        "状态", max_length=16, choices=MonthlyStatus.choices, default=MonthlyStatus.DRAFT
    )
    figures = models.JSONField("数据", default=dict)
    compiled_at = models.DateTimeField("汇总时间", null=True, blank=True)
    notes = models.TextField("说明", blank=True)
    # None while the calendar does not cover the deadline's year (待定).
    due_on = models.DateField("报送期限", null=True, blank=True)
    first_filed_at = models.DateTimeField("首次报送时间", null=True, blank=True)
    filed_at = models.DateTimeField("报送时间", null=True, blank=True)
    decided_at = models.DateTimeField("审查时间", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-year", "-month", "agency__sort_order", "agency_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "month"], name="monthly_report_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="monthly_report_month"
            ),
        ]
        indexes = [models.Index(fields=["year", "month", "status"])]
        verbose_name = "执法数据月报"
        verbose_name_plural = "执法数据月报"

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年{self.month}月执法数据月报"

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES


class AnnualStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已审定发布"


class AnnualReport(models.Model):
    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField(
        "状态", max_length=16, choices=AnnualStatus.choices, default=AnnualStatus.DRAFT
    )
    figures = models.JSONField("数据", default=dict)
    compiled_at = models.DateTimeField("汇总时间", null=True, blank=True)
    notes = models.TextField("说明", blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-year", "agency__sort_order", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="annual_report_unique")
        ]
        verbose_name = "年度执法数据"
        verbose_name_plural = "年度执法数据"

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年度执法数据"

    @property
    def is_frozen(self) -> bool:
        return self.status == AnnualStatus.PUBLISHED


class PublishedAnnualReport(models.Model):
    """The snapshot of an approved annual report that the portal reads, and nothing else."""

    report = models.OneToOneField(
        AnnualReport, verbose_name="年度执法数据", on_delete=models.PROTECT, related_name="snapshot"
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    agency_id_public = models.PositiveIntegerField("执法主体编号")
    agency_name = models.CharField("执法主体", max_length=100)
    # The chart labels of the statistics page; empty on snapshots published without one.
    agency_short_name = models.CharField("执法主体简称", max_length=40, blank=True)
    sort_order = models.IntegerField("排序", default=0)
    figures = models.JSONField("数据")
    notes = models.TextField("说明", blank=True)
    published_at = models.DateTimeField("发布时间")

    class Meta:
        ordering = ["-year", "sort_order", "agency_id_public"]
        verbose_name = "已发布的年度执法数据"
        verbose_name_plural = "已发布的年度执法数据"

    def __str__(self) -> str:
        return f"{self.agency_name} {self.year}年度执法数据（已发布）"


class ReportEvent(models.Model):
    """One entry of a report's history (compiled, checked, filed, accepted, returned, ...).

    Entries are only ever added. A filing entry keeps the figures filed, so a report returned
    and refiled still shows what each filing contained.
    """

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    monthly = models.ForeignKey(
        MonthlyReport,
        verbose_name="月报",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    annual = models.ForeignKey(
        AnnualReport,
        verbose_name="年报",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    action = models.CharField("操作", max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人姓名", max_length=100, blank=True)
    occurred_at = models.DateTimeField("时间", auto_now_add=True)
    status_after = models.CharField("操作后状态", max_length=16)
    comment = models.TextField("意见或理由", blank=True)
    figures = models.JSONField("报送的数据", default=dict, blank=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monthly__isnull=False, annual__isnull=True)
                | models.Q(monthly__isnull=True, annual__isnull=False),
                name="report_event_one_report",
            )
        ]
        verbose_name = "报送记录"
        verbose_name_plural = "报送记录"

    def __str__(self) -> str:
        return f"{self.action} {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def action_label(self) -> str:
        from zhifa.supervision.reports.audit_labels import AUDIT_LABELS

        return AUDIT_LABELS.get(self.action, self.action)

    @property
    def status_label(self) -> str:
        choices = dict(MonthlyStatus.choices if self.monthly_id else AnnualStatus.choices)
        return str(choices.get(self.status_after, self.status_after))

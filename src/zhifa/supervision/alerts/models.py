"""Alerts raised by the daily sweep, their read marks and the log of their delivery."""

from django.conf import settings
from django.db import models


class AlertKind(models.TextChoices):
    PUBLICATION_DUE = "publication_due", "公示即将到期"
    PUBLICATION_OVERDUE = "publication_overdue", "公示已超期"
    AV_MISSING = "av_missing", "缺少全程音像记录"
    REVIEW_OVERDUE = "review_overdue", "法制审核超期"
    CASE_DEADLINE = "case_deadline", "办案期限临近"
    CREDENTIAL_EXPIRING = "credential_expiring", "执法证件即将到期"
    REVIEWER_RATIO_LOW = "reviewer_ratio_low", "法制审核人员配比不足"
    CATALOG_NOT_FILED = "catalog_not_filed", "法制审核目录清单未备案"
    MONTHLY_REPORT_OVERDUE = "monthly_report_overdue", "执法数据月报逾期未报送"
    ANNUAL_REPORT_OVERDUE = "annual_report_overdue", "年度执法数据逾期未公开"
    COMPLAINT_OVERDUE = "complaint_overdue", "投诉举报办理超期"
    CALENDAR_MISSING = "calendar_missing", "下一年度节假日安排未导入"
    ARCHIVING_OVERDUE = "archiving_overdue", "案卷逾期未归档"
    ARCHIVE_CHECK_FAILED = "archive_check_failed", "档案四性检测未通过"


class Alert(models.Model):
    """One cause found by the sweep (预警), from the day it was first seen until it was fixed.

    A cause that returns after it was resolved raises a new row, so the rows are the history.
    ``agency`` is empty for district-wide causes, which only district-wide users see.
    """

    SCOPE_PATH = "agency"

    kind = models.CharField("预警类型", max_length=40, choices=AlertKind.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="执法主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="alerts",
    )
    target_key = models.CharField(
        "对象", max_length=120, help_text="预警对象的标识，例如 publication:12"
    )
    message = models.CharField("内容", max_length=500)
    url = models.CharField("链接", max_length=300, blank=True)
    raised_at = models.DateTimeField("发现时间")
    last_seen_at = models.DateTimeField("最近一次确认时间")
    resolved_at = models.DateTimeField("消除时间", null=True, blank=True)
    delivered_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        ordering = ["kind", "-raised_at", "pk"]
        verbose_name = "预警"
        verbose_name_plural = "预警"
        constraints = [
            # While a cause lasts it has exactly one open row. A race between the sweep and
            # a page refresh fails here instead of raising the alert twice.
            models.UniqueConstraint(
                fields=["kind", "target_key"],
                condition=models.Q(resolved_at__isnull=True),
                name="alert_one_open_row_per_cause",
            )
        ]
        indexes = [models.Index(fields=["resolved_at", "agency"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.message}"


class AlertRead(models.Model):
    """A user's mark that an alert has been read (已读)."""

    SCOPE_PATH = "alert__agency"

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="alert_reads"
    )
    read_at = models.DateTimeField("阅读时间", auto_now_add=True)

    class Meta:
        verbose_name = "预警已读标记"
        verbose_name_plural = "预警已读标记"
        constraints = [
            models.UniqueConstraint(fields=["alert", "user"], name="alert_read_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user}已读{self.alert_id}"


class DeliveryStatus(models.TextChoices):
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class Delivery(models.Model):
    """One send of a sweep's new alerts through email or an outbound channel, or its failure."""

    SCOPE_PATH = "user__agency"

    channel = models.CharField("发送渠道", max_length=200, help_text="email，或渠道类的路径")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.PROTECT,
        related_name="alert_deliveries",
    )
    alerts = models.ManyToManyField(Alert, verbose_name="预警", related_name="deliveries")
    subject = models.CharField("标题", max_length=200)
    status = models.CharField("结果", max_length=10, choices=DeliveryStatus.choices)
    error = models.CharField("错误", max_length=500, blank=True)
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "pk"]
        verbose_name = "预警发送记录"
        verbose_name_plural = "预警发送记录"

    def __str__(self) -> str:
        return f"{self.channel} → {self.user}：{self.get_status_display()}"

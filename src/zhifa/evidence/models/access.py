"""Access to records (调阅): requests for sensitive records and the log of every look."""

from django.conf import settings
from django.db import models

from zhifa.evidence.models.records import AvRecord


class AccessRequestStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"


class AccessRequest(models.Model):
    SCOPE_PATH = "record__agency"

    record = models.ForeignKey(
        AvRecord, verbose_name="音像记录", on_delete=models.PROTECT, related_name="access_requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField("调阅事由", max_length=300)
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    status = models.CharField(
        "状态",
        max_length=10,
        choices=AccessRequestStatus.choices,
        default=AccessRequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)
    valid_until = models.DateTimeField("有效期至", null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "调阅申请"
        verbose_name_plural = "调阅申请"

    def __str__(self) -> str:
        return f"{self.requester} 调阅 {self.record}"


class AccessAction(models.TextChoices):
    VIEW = "view", "查看"
    STREAM = "stream", "播放"
    DOWNLOAD = "download", "下载"
    EXPORT = "export", "导出"


class AccessLog(models.Model):
    """One look at a record: an AV record or an archived case file (档案利用).

    Append-only, and each row goes into the ledger. Exactly one of ``record`` and ``case_file``
    is set; rows written before case files existed all name an AV record.
    """

    SCOPE_PATH = ("record__agency", "case_file__agency")

    record = models.ForeignKey(
        AvRecord,
        verbose_name="音像记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_log",
    )
    case_file = models.ForeignKey(
        "archives.CaseFile",
        verbose_name="档案（案卷）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="access_log",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="调阅人", on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField("方式", max_length=10, choices=AccessAction.choices)
    purpose = models.CharField("调阅事由", max_length=300)
    request = models.ForeignKey(
        AccessRequest,
        verbose_name="依据的调阅申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uses",
    )
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["record", "at"], name="access_log_record_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(record__isnull=False, case_file__isnull=True)
                | models.Q(record__isnull=True, case_file__isnull=False),
                name="access_log_one_subject",
            )
        ]
        verbose_name = "调阅记录"
        verbose_name_plural = "调阅记录"

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display()} {self.record}"

"""Credit repair (信用修复): early removal of a penalty publication after its minimum period."""

from django.conf import settings
from django.db import models

from zhifa.publicity.models.publications import Publication


class CreditRepairSource(models.TextChoices):
    AGENCY = "agency", "当事人向本机关申请"
    CREDIT_PLATFORM = "credit_platform", "信用平台推送"


class CreditRepairStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "不予同意"


class CreditRepair(models.Model):
    SCOPE_PATH = "publication__agency"

    publication = models.ForeignKey(
        Publication, verbose_name="公示事项", on_delete=models.PROTECT, related_name="repairs"
    )
    source = models.CharField("来源", max_length=20, choices=CreditRepairSource.choices)
    requested_on = models.DateField("申请或推送日期")
    grounds = models.TextField("修复理由")
    reference = models.CharField("信用平台编号", max_length=100, blank=True)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=CreditRepairStatus.choices,
        default=CreditRepairStatus.PENDING,
    )
    decision_reason = models.TextField("审核意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = "信用修复"
        verbose_name_plural = "信用修复"

    def __str__(self) -> str:
        return f"{self.publication}：{self.get_status_display()}"

"""Recording devices (执法记录仪) of each agency and who has carried them."""

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Agency, Officer


class DeviceClock(models.TextChoices):
    """Whether the times a device writes into its files are Shanghai local time or UTC."""

    LOCAL = "local", "北京时间"
    UTC = "utc", "协调世界时（UTC）"


class DeviceStatus(models.TextChoices):
    IN_SERVICE = "in_service", "在用"
    UNDER_REPAIR = "under_repair", "维修中"
    TO_REPLACE = "to_replace", "待更换"
    RETIRED = "retired", "已报废"


class RecordingDevice(models.Model):
    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="recording_devices"
    )
    serial_number = models.CharField("设备序列号", max_length=60, unique=True)
    model_name = models.CharField("品牌型号", max_length=100)
    clock = models.CharField(
        "文件时间基准", max_length=10, choices=DeviceClock.choices, default=DeviceClock.LOCAL
    )
    status = models.CharField(
        "状态", max_length=20, choices=DeviceStatus.choices, default=DeviceStatus.IN_SERVICE
    )
    commissioned_on = models.DateField("启用日期", null=True, blank=True)
    assigned_officer = models.ForeignKey(
        Officer,
        verbose_name="当前配发人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recording_devices",
    )
    notes = models.CharField("备注", max_length=300, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["agency", "serial_number"]
        verbose_name = "执法记录仪"
        verbose_name_plural = "执法记录仪"

    def __str__(self) -> str:
        return f"{self.model_name}（{self.serial_number}）"


class DeviceAssignment(models.Model):
    """One period in which a device was issued to an officer (配发记录)."""

    SCOPE_PATH = "device__agency"

    device = models.ForeignKey(
        RecordingDevice,
        verbose_name="执法记录仪",
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    officer = models.ForeignKey(
        Officer,
        verbose_name="配发人员",
        on_delete=models.PROTECT,
        related_name="device_assignments",
    )
    assigned_at = models.DateTimeField("配发时间")
    returned_at = models.DateTimeField("收回时间", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["device", "-assigned_at"]
        verbose_name = "配发记录"
        verbose_name_plural = "配发记录"

    def __str__(self) -> str:
        return f"{self.device} → {self.officer}"

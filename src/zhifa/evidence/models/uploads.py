"""Resumable uploads in progress (分片上传). Transient: an upload becomes an ``AvRecord``."""

import uuid

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Agency
from zhifa.evidence.models.records import AvRecord


class UploadStatus(models.TextChoices):
    RECEIVING = "receiving", "正在上传"
    VERIFYING = "verifying", "正在校验"
    STORED = "stored", "已存证"
    FAILED = "failed", "未通过校验"
    ABANDONED = "abandoned", "已放弃"


class Upload(models.Model):
    SCOPE_PATH = "agency"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="uploads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField("文件名", max_length=255)
    declared_type = models.CharField("声明的格式", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    received = models.PositiveBigIntegerField("已接收（字节）", default=0)
    client_digest = models.CharField("采集站摘要值", max_length=80, blank=True)
    metadata = models.JSONField("记录信息", default=dict)
    status = models.CharField(
        "状态", max_length=12, choices=UploadStatus.choices, default=UploadStatus.RECEIVING
    )
    error = models.CharField("未通过原因", max_length=500, blank=True)
    record = models.ForeignKey(
        AvRecord,
        verbose_name="音像记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("开始时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "上传任务"
        verbose_name_plural = "上传任务"

    def __str__(self) -> str:
        return self.filename

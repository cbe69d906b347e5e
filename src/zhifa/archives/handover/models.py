"""Handovers (移交) of case files to the district archives, one row per package written."""

from django.conf import settings
from django.db import models


class Handover(models.Model):
    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="移交单位", on_delete=models.PROTECT, related_name="+"
    )
    case_files = models.ManyToManyField(
        "archives.CaseFile", verbose_name="案卷", related_name="handovers"
    )
    profile = models.CharField("导出规范", max_length=40, default="national")
    package_name = models.CharField("数据包名称", max_length=200)
    # Absolute path of the folder or zip as written; the download page reads it from there.
    package_path = models.CharField("数据包位置", max_length=500, blank=True)
    package_digest = models.CharField("数据包清单摘要值", max_length=80, blank=True)
    package_size = models.PositiveBigIntegerField("数据包大小（字节）", default=0)
    tree_size = models.PositiveBigIntegerField("所依据的树头条目数", null=True, blank=True)
    check_run = models.ForeignKey(
        "archive_checks.CheckRun",
        verbose_name="移交前四性检测",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="移交人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    receipt_note = models.CharField("接收情况", max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "档案移交"
        verbose_name_plural = "档案移交"

    def __str__(self) -> str:
        return self.package_name

"""Case files (案卷): one electronic case file per closed case (一案一卷), its items and additions.

A case file is opened (待归档) when its case closes, with the day archiving is due. Archiving
writes its items in the standard order with their digests, computes the manifest digest over
them and appends one ledger entry naming it. From then on the items never change, because the
database rejects UPDATE and DELETE on them. Whatever the case gains later goes into an addition
(补充归档), whose items are numbered after the existing ones.
"""

from django.conf import settings
from django.db import models


class CaseFileStatus(models.TextChoices):
    PENDING = "pending", "待归档"
    ARCHIVED = "archived", "已归档"
    DESTROYED = "destroyed", "已销毁"


class CaseFile(models.Model):
    SCOPE_PATH = "agency"

    case = models.OneToOneField(
        "cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="case_file"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="立档单位", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=12, choices=CaseFileStatus.choices, default=CaseFileStatus.PENDING
    )
    archive_code = models.CharField(
        "档号", max_length=80, blank=True, help_text="归档时编定，例如 QP024-XZCF-2026-D30-0001"
    )
    title = models.CharField("案卷题名", max_length=300)
    closed_on = models.DateField("结案日期")
    due_on = models.DateField("应归档日期")
    # Retention as decided at archiving (or later by appraisal): months, empty = permanent.
    retention_months = models.PositiveIntegerField("保管期限（月）", null=True, blank=True)
    retention_basis = models.CharField("保管期限依据", max_length=500, blank=True)
    retention_schedule = models.ForeignKey(
        "retention.RetentionSchedule",
        verbose_name="适用的保管期限表",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    retention_ends_on = models.DateField("保管期满日期", null=True, blank=True)
    item_count = models.PositiveIntegerField("卷内文件件数", default=0)
    manifest_digest = models.CharField("案卷摘要值", max_length=80, blank=True)
    metadata = models.JSONField("著录信息", default=dict, blank=True)
    ledger_position = models.PositiveBigIntegerField("归档账本条目序号", null=True, blank=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="归档人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField("立卷时间", auto_now_add=True)

    class Meta:
        ordering = ["-closed_on", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"]),
            models.Index(fields=["status", "retention_ends_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["archive_code"],
                condition=~models.Q(archive_code=""),
                name="case_file_archive_code_unique",
            )
        ]
        verbose_name = "案卷"
        verbose_name_plural = "案卷"

    def __str__(self) -> str:
        return self.archive_code or self.title


class CaseFileAddition(models.Model):
    """A later addition to an archived case file (补充归档), e.g. after a correction."""

    SCOPE_PATH = "case_file__agency"

    case_file = models.ForeignKey(
        CaseFile, verbose_name="案卷", on_delete=models.PROTECT, related_name="additions"
    )
    sequence = models.PositiveIntegerField("补充序号")
    reason = models.CharField("补充原因", max_length=300)
    cause_ref = models.CharField(
        "引起补充的记录", max_length=80, blank=True, help_text="例如 case_step:12、document:3"
    )
    created_at = models.DateTimeField("发现时间", auto_now_add=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="归档人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    manifest_digest = models.CharField("补充部分摘要值", max_length=80, blank=True)
    ledger_position = models.PositiveBigIntegerField("账本条目序号", null=True, blank=True)

    class Meta:
        ordering = ["case_file", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_file", "sequence"], name="case_file_addition_sequence_unique"
            )
        ]
        verbose_name = "补充归档"
        verbose_name_plural = "补充归档"

    def __str__(self) -> str:
        return f"{self.case_file} 补充{self.sequence}"


class ItemSource(models.TextChoices):
    """The source of an item, in the standard order of a penalty case file."""

    CONTENTS = "contents", "卷内目录"
    DOCUMENT = "document", "执法文书"
    DOCUMENT_ORIGINAL = "document_original", "文书签字盖章原件"
    STEP_RECORDS = "step_records", "办案过程记录"
    AV_RECORD = "av_record", "音像记录"
    REVIEW_OPINION = "review_opinion", "法制审核意见"
    PUBLICATION = "publication", "公示记录"
    REMEDY = "remedy", "复议诉讼记录"
    OTHER = "other", "其他"


class ItemStorage(models.TextChoices):
    DEFAULT = "default", "文书存储"
    EVIDENCE = "evidence", "存证存储"


class CaseFileItem(models.Model):
    """One item (卷内文件) of a case file. Append-only: written once when it is archived.

    ``storage`` and ``storage_name`` name where the bytes are; ``by_reference`` marks a large
    audio-video file that a handover package names by digest instead of carrying.
    """

    SCOPE_PATH = "case_file__agency"

    case_file = models.ForeignKey(
        CaseFile, verbose_name="案卷", on_delete=models.PROTECT, related_name="items"
    )
    addition = models.ForeignKey(
        CaseFileAddition,
        verbose_name="补充归档",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )
    sequence = models.PositiveIntegerField("件号")
    source = models.CharField("类别", max_length=20, choices=ItemSource.choices)
    source_ref = models.CharField(
        "来源记录", max_length=80, blank=True, help_text="账本中的记录名，例如 document:12"
    )
    title = models.CharField("题名", max_length=300)
    responsible = models.CharField("责任者", max_length=200, blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    dated = models.DateField("日期", null=True, blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    file_name = models.CharField("文件名", max_length=200)
    file_format = models.CharField("格式", max_length=20, help_text="小写扩展名，例如 pdf、mp4")
    mime_type = models.CharField("媒体类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    digest = models.CharField("摘要值", max_length=80)
    storage = models.CharField("存储", max_length=10, choices=ItemStorage.choices)
    storage_name = models.CharField("存储位置", max_length=300)
    by_reference = models.BooleanField("移交时只附摘要", default=False)
    created_at = models.DateTimeField("归档时间", auto_now_add=True)

    class Meta:
        ordering = ["case_file", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_file", "sequence"], name="case_file_item_sequence_unique"
            )
        ]
        indexes = [models.Index(fields=["digest"])]
        verbose_name = "卷内文件"
        verbose_name_plural = "卷内文件"

    def __str__(self) -> str:
        return f"{self.sequence} {self.title}"

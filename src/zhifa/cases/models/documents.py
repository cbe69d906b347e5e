"""Enforcement documents (执法文书), their Word templates and scanned signed originals.

A finalised document never changes: the database refuses UPDATE and DELETE of a ``Document``
row whose status is final (triggers on SQLite and PostgreSQL), and a correction is a new draft
version that points at the final one it replaces. Scanned originals live in their own
append-only table, so attaching one leaves the final row untouched.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhifa.agencies.models import Agency
from zhifa.cases.models.case import Case
from zhifa.cases.models.steps import CaseStep


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    FINAL = "final", "已定稿"


class DocumentTemplate(models.Model):
    """An uploaded Word template for one document type.

    ``agency`` empty means the district default. An agency's newest template overrides the
    district default for that agency; with no row at all, the template bundled with the
    platform (``zhifa/cases/document_templates``) is used.
    """

    SCOPE_PATH = "agency"

    doc_type = models.CharField("文书种类", max_length=60)
    title = models.CharField("文书名称", max_length=60)
    agency = models.ForeignKey(
        Agency,
        verbose_name="执法主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_templates",
        help_text="为空表示全区默认模板",
    )
    file = models.FileField("模板文件", upload_to="documents/templates/", max_length=300)
    digest = models.CharField("摘要值", max_length=80)
    guidance = models.TextField("文书制作指引", blank=True)
    version = models.PositiveIntegerField("版本")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["doc_type", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "agency", "version"], name="document_template_version_unique"
            ),
            models.UniqueConstraint(
                fields=["doc_type", "version"],
                condition=Q(agency__isnull=True),
                name="document_template_default_version_unique",
            ),
        ]
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"

    def __str__(self) -> str:
        owner = self.agency.short_name if self.agency_id and self.agency else "全区默认"
        return f"{self.title}（{owner}，第{self.version}版）"


class Document(models.Model):
    """One version of an enforcement document of a case."""

    SCOPE_PATH = "case__agency"

    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="documents"
    )
    doc_type = models.CharField("文书种类", max_length=60)
    title = models.CharField("文书名称", max_length=60)
    number = models.CharField("文号", max_length=100, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name="更正的版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.CharField("更正理由", max_length=300, blank=True)
    # The step this document records. Steps are append-only, so the link lives here; a final
    # version may still have it set once, from empty (see migration document_step_link).
    step = models.ForeignKey(
        CaseStep,
        verbose_name="记录的办案环节",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    status = models.CharField(
        "状态", max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    data = models.JSONField("填写内容", default=dict, blank=True)
    template = models.ForeignKey(
        DocumentTemplate,
        verbose_name="使用的模板",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text="为空表示使用平台内置模板",
    )
    template_digest = models.CharField("模板摘要值", max_length=80, blank=True)
    docx_file = models.FileField("Word 文件", max_length=300, blank=True)
    docx_digest = models.CharField("Word 文件摘要值", max_length=80, blank=True)
    pdf_file = models.FileField("PDF 文件", max_length=300, blank=True)
    pdf_digest = models.CharField("PDF 文件摘要值", max_length=80, blank=True)
    finalised_at = models.DateTimeField("定稿时间", null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="定稿人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="制作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("制作时间", auto_now_add=True)

    class Meta:
        ordering = ["case", "doc_type", "version"]
        constraints = [
            # A version has at most one correction, so the versions form a single chain.
            models.UniqueConstraint(
                fields=["previous"],
                condition=Q(previous__isnull=False),
                name="document_one_correction_per_version",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(finalised_at__isnull=False),
                name="document_final_has_finalised_at",
            ),
        ]
        indexes = [models.Index(fields=["case", "doc_type"]), models.Index(fields=["number"])]
        verbose_name = "执法文书"
        verbose_name_plural = "执法文书"

    def __str__(self) -> str:
        label = self.number or self.title
        return f"{self.case.number} {label}（第{self.version}版）"

    @property
    def is_final(self) -> bool:
        return self.status == DocumentStatus.FINAL


class DocumentOriginal(models.Model):
    """A scanned signed or sealed original of a final document version (append-only)."""

    SCOPE_PATH = "document__case__agency"

    document = models.ForeignKey(
        Document, verbose_name="文书", on_delete=models.PROTECT, related_name="originals"
    )
    file = models.FileField("扫描件", max_length=300)
    digest = models.CharField("摘要值", max_length=80)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("文件类型", max_length=40)
    original_name = models.CharField("原文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["document", "uploaded_at"]
        verbose_name = "文书原件扫描件"
        verbose_name_plural = "文书原件扫描件"

    def __str__(self) -> str:
        return f"{self.document} 扫描件 {self.original_name}"

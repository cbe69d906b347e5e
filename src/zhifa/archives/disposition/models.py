"""Appraisal (鉴定) of archives whose retention period has ended, and destruction (销毁).

档案法实施条例 Art. 24: records whose period has expired are appraised with a written report
before destruction. An appraisal group records a decision per case file (or per routine AV
record), which is to destroy it or to keep it longer with a new period. The agency head approves
the appraisal.
Nothing is destroyed automatically: destruction is a separate, recorded act after approval
that appends a tombstone to the ledger.
"""

from django.conf import settings
from django.db import models


class AppraisalKind(models.TextChoices):
    CASE_FILES = "case_files", "到期案卷"
    ROUTINE_AV = "routine_av", "未作为证据的音像记录"


class AppraisalStatus(models.TextChoices):
    DRAFT = "draft", "鉴定中"
    SUBMITTED = "submitted", "待负责人批准"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已批准"


class Appraisal(models.Model):
    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="立档单位", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("鉴定对象", max_length=12, choices=AppraisalKind.choices)
    status = models.CharField(
        "状态", max_length=12, choices=AppraisalStatus.choices, default=AppraisalStatus.DRAFT
    )
    group_members = models.CharField("鉴定小组成员", max_length=500)
    report = models.TextField("鉴定报告", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("批准时间", null=True, blank=True)
    decision_note = models.CharField("批准意见", max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "档案鉴定"
        verbose_name_plural = "档案鉴定"

    def __str__(self) -> str:
        return f"{self.agency} {self.get_kind_display()}鉴定（{self.created_at:%Y-%m-%d}）"


class Verdict(models.TextChoices):
    DESTROY = "destroy", "销毁"
    KEEP = "keep", "延长保管"


class AppraisalEntry(models.Model):
    """The group's decision on one case file or one routine AV record, and its destruction."""

    SCOPE_PATH = "appraisal__agency"

    appraisal = models.ForeignKey(
        Appraisal, verbose_name="鉴定", on_delete=models.CASCADE, related_name="entries"
    )
    case_file = models.ForeignKey(
        "archives.CaseFile",
        verbose_name="案卷",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appraisal_entries",
    )
    av_record = models.ForeignKey(
        "evidence.AvRecord",
        verbose_name="音像记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verdict = models.CharField("鉴定意见", max_length=10, choices=Verdict.choices, blank=True)
    new_retention_months = models.PositiveIntegerField(
        "延长后的保管期限（月）", null=True, blank=True
    )
    keep_permanently = models.BooleanField("延长为永久保管", default=False)
    reason = models.CharField("理由", max_length=500, blank=True)
    destroyed_at = models.DateTimeField("销毁时间", null=True, blank=True)
    destroyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="销毁经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    witnesses = models.CharField("监销人", max_length=200, blank=True)
    tombstone_position = models.PositiveBigIntegerField("销毁记录账本序号", null=True, blank=True)

    class Meta:
        ordering = ["appraisal", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case_file__isnull=False, av_record__isnull=True)
                | models.Q(case_file__isnull=True, av_record__isnull=False),
                name="appraisal_entry_one_subject",
            ),
            models.UniqueConstraint(
                fields=["appraisal", "case_file"], name="appraisal_entry_case_file_once"
            ),
            models.UniqueConstraint(
                fields=["appraisal", "av_record"], name="appraisal_entry_av_record_once"
            ),
        ]
        verbose_name = "鉴定条目"
        verbose_name_plural = "鉴定条目"

    def __str__(self) -> str:
        subject = self.case_file or self.av_record
        return f"{subject} {self.get_verdict_display() or '待鉴定'}"

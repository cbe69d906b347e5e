"""Retention schedules (归档范围和保管期限表) and legal holds (冻结).

档案法实施条例 Art. 19: an agency's schedule takes effect once the archives authority at the
same level approves it, here 青浦区档案局. Each version is a draft until submitted; the bureau
approves or returns it; approving a version supersedes the agency's earlier approved one.
The district template (区默认期限表) is the one schedule without an agency: the archives bureau
edits it, new drafts start from it, and it applies, marked provisional, to an agency that has no
approved schedule yet. A legal hold stops any disposal of a case's file while it lasts.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from zhifa.archives import periods


class ScheduleStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送待审批"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已批准（现行）"
    SUPERSEDED = "superseded", "已被新版本替代"


class RetentionSchedule(models.Model):
    SCOPE_PATH = "agency"

    # Empty only on the district template; see the module docstring.
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="立档单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField("版本")
    status = models.CharField(
        "状态", max_length=12, choices=ScheduleStatus.choices, default=ScheduleStatus.DRAFT
    )
    note = models.TextField("编制说明", blank=True)
    # Empty only on the district template that the migration seeds.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="编制人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("编制时间", auto_now_add=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=500, blank=True)
    approval_number = models.CharField("批复文号", max_length=100, blank=True)
    effective_from = models.DateField("施行日期", null=True, blank=True)

    class Meta:
        ordering = ["agency", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "version"], name="retention_schedule_version_unique"
            ),
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(status="approved"),
                name="retention_schedule_one_approved",
            ),
            # A single district template: version 1 is its only allowed version.
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False) | models.Q(version=1),
                name="retention_template_version_one",
            ),
            models.UniqueConstraint(
                fields=["version"],
                condition=models.Q(agency__isnull=True),
                name="retention_template_unique",
            ),
        ]
        verbose_name = "归档范围和保管期限表"
        verbose_name_plural = "归档范围和保管期限表"

    def __str__(self) -> str:
        if self.agency_id is None:
            return "区默认保管期限表"
        return f"{self.agency} 保管期限表 第{self.version}版"

    @property
    def is_template(self) -> bool:
        return self.agency_id is None


class RecordClass(models.TextChoices):
    CASE_FILE = "case_file", "案卷"
    ROUTINE_AV = "routine_av", "未作为证据的音像记录"


class Condition(models.TextChoices):
    """The condition a case must meet, besides its kind, for a category to apply."""

    ANY = "any", "不限"
    LEGAL_REVIEW = "legal_review", "经法制审核（重大执法决定）"
    HEARING = "hearing", "举行听证"
    COLLECTIVE = "collective", "经集体讨论"
    REMEDY = "remedy", "经行政复议或行政诉讼"


class RetentionCategory(models.Model):
    """One line of a schedule: which records it covers and how long they are kept."""

    SCOPE_PATH = "schedule__agency"

    schedule = models.ForeignKey(
        RetentionSchedule,
        verbose_name="保管期限表",
        on_delete=models.CASCADE,
        related_name="categories",
    )
    code = models.CharField("条目号", max_length=20)
    name = models.CharField("类目名称", max_length=200)
    record_class = models.CharField(
        "档案门类", max_length=12, choices=RecordClass.choices, default=RecordClass.CASE_FILE
    )
    case_kinds = models.JSONField(
        "案件类型", default=list, blank=True, help_text="CaseKind 代码列表，空表示全部类型"
    )
    condition = models.CharField(
        "适用条件", max_length=20, choices=Condition.choices, default=Condition.ANY
    )
    # The bounds repeat ``retention.categories.clean_period``: a case file is kept permanently,
    # 30 or 10 years, and routine AV 6 months to 10 years.
    retention_months = models.PositiveIntegerField(
        "保管期限（月）",
        null=True,
        blank=True,
        help_text="空表示永久",
        validators=[MinValueValidator(periods.MONTHS_6), MaxValueValidator(periods.YEARS_30)],
    )

    class Meta:
        ordering = ["schedule", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "code"], name="retention_category_code_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    record_class="case_file",
                    retention_months__isnull=True,
                )
                | models.Q(
                    record_class="case_file",
                    retention_months__in=[periods.YEARS_10, periods.YEARS_30],
                )
                | models.Q(
                    record_class="routine_av",
                    retention_months__gte=periods.MONTHS_6,
                    retention_months__lte=periods.YEARS_10,
                ),
                name="retention_category_period_range",
                violation_error_message="保管期限超出允许范围：案卷为永久、30 年或 10 年，"
                "未作为证据的音像记录为 6 至 120 个月。",
            ),
        ]
        verbose_name = "保管期限类目"
        verbose_name_plural = "保管期限类目"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class HoldReason(models.TextChoices):
    LITIGATION = "litigation", "行政诉讼"
    RECONSIDERATION = "reconsideration", "行政复议"
    INVESTIGATION = "investigation", "调查、审计或纪检监察"
    OTHER = "other", "其他"


class LegalHold(models.Model):
    """A hold (冻结) on a case's records: no appraisal ends in destruction while it lasts.

    Pending reconsideration and litigation also hold a case without a row here (see
    ``retention.holds``); rows record the holds people place and release by hand.
    """

    SCOPE_PATH = "case__agency"

    case = models.ForeignKey(
        "cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="legal_holds"
    )
    reason_kind = models.CharField("冻结原因", max_length=20, choices=HoldReason.choices)
    reason = models.CharField("说明", max_length=500)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="设置人", on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField("设置时间", auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="解除人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    released_at = models.DateTimeField("解除时间", null=True, blank=True)
    release_reason = models.CharField("解除理由", max_length=500, blank=True)

    class Meta:
        ordering = ["-placed_at"]
        verbose_name = "档案冻结"
        verbose_name_plural = "档案冻结"

    def __str__(self) -> str:
        return f"{self.case} {self.get_reason_kind_display()}"

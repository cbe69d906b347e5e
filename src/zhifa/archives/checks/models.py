"""Four-property check runs (四性检测) and what each found, by case file, item and property.

档案法 Art. 39 and DA/T 70-2018: authenticity (真实性), integrity (完整性), usability (可用性)
and security (安全性). A run checks a set of case files when they are archived, when they are
handed over and on a schedule. Its failures are kept as the run's report.
"""

from django.conf import settings
from django.db import models


class Trigger(models.TextChoices):
    ARCHIVING = "archiving", "归档时"
    HANDOVER = "handover", "移交时"
    SCHEDULED = "scheduled", "定期检测"
    MANUAL = "manual", "手动检测"


class Property(models.TextChoices):
    AUTHENTICITY = "authenticity", "真实性"
    INTEGRITY = "integrity", "完整性"
    USABILITY = "usability", "可用性"
    SECURITY = "security", "安全性"


class CheckRun(models.Model):
    """One run of the check; district-wide runs have no agency.

    A user sees the runs of their agency, and a district run when it has a result for one of
    their case files. The report then shows them only those results.
    """

    SCOPE_PATH = ("agency", "results__case_file__agency")

    trigger = models.CharField("检测时机", max_length=12, choices=Trigger.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="立档单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case_files = models.PositiveIntegerField("检测案卷数", default=0)
    items = models.PositiveIntegerField("检测文件数", default=0)
    bytes_read = models.PositiveBigIntegerField("读取字节数", default=0)
    failed_case_files = models.PositiveIntegerField("未通过案卷数", default=0)
    virus_scanner = models.CharField("病毒扫描程序", max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "四性检测"
        verbose_name_plural = "四性检测"

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.started_at:%Y-%m-%d %H:%M}"


class CheckResult(models.Model):
    """The outcome of one run for one case file."""

    SCOPE_PATH = "case_file__agency"

    run = models.ForeignKey(
        CheckRun, verbose_name="检测", on_delete=models.CASCADE, related_name="results"
    )
    case_file = models.ForeignKey(
        "archives.CaseFile",
        verbose_name="案卷",
        on_delete=models.PROTECT,
        related_name="check_results",
    )
    passed = models.BooleanField("通过")
    # Why the content was not checked, e.g. a destroyed case file whose content is gone.
    note = models.CharField("说明", max_length=300, blank=True)
    checked_at = models.DateTimeField("检测时间", auto_now_add=True)

    class Meta:
        ordering = ["run", "case_file"]
        constraints = [
            models.UniqueConstraint(fields=["run", "case_file"], name="check_result_unique")
        ]
        indexes = [models.Index(fields=["case_file", "checked_at"])]
        verbose_name = "案卷检测结果"
        verbose_name_plural = "案卷检测结果"

    def __str__(self) -> str:
        return f"{self.case_file} {'通过' if self.passed else '未通过'}"


class CheckFailure(models.Model):
    """One failed test: which property, which item (if any), and what is wrong, in Chinese."""

    SCOPE_PATH = "result__case_file__agency"

    result = models.ForeignKey(
        CheckResult, verbose_name="检测结果", on_delete=models.CASCADE, related_name="failures"
    )
    item = models.ForeignKey(
        "archives.CaseFileItem",
        verbose_name="卷内文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    property = models.CharField("检测项", max_length=14, choices=Property.choices)
    test = models.CharField("检测内容", max_length=60, help_text="例如 digest、format、virus")
    message = models.CharField("问题", max_length=500)

    class Meta:
        ordering = ["result", "property", "pk"]
        verbose_name = "检测发现的问题"
        verbose_name_plural = "检测发现的问题"

    def __str__(self) -> str:
        return f"{self.get_property_display()}：{self.message}"

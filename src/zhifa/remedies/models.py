"""Reconsideration applications (行政复议) and lawsuits (行政诉讼) against a case's decision.

A ``Remedy`` row is written together with the ``remedy_filed`` step and completed by the
``remedy_concluded`` step, so the case timeline and this register always agree.
"""

from django.conf import settings
from django.db import models

from zhifa.cases.models import Case, CaseStep, Party


class RemedyKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class RemedyStatus(models.TextChoices):
    PENDING = "pending", "审理中"
    CONCLUDED = "concluded", "已结束"


class RemedyOutcome(models.TextChoices):
    UPHELD = "upheld", "维持"
    CHANGED = "changed", "变更"
    REVOKED = "revoked", "撤销"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    CONFIRMED_VOID = "confirmed_void", "确认无效"
    # 驳回复议请求 / 驳回诉讼请求: the decision stays in force, as with upheld.
    REJECTED = "rejected", "驳回"
    # 终止: the applicant withdrew, or the proceedings ended without a ruling on the decision.
    TERMINATED = "terminated", "终止"


# Outcomes that correct the decision (被纠错). A published decision must be withdrawn within
# 3 working days of each of them (市场监督管理行政处罚信息公示规定, 总局令第45号).
CORRECTION_OUTCOMES = frozenset(
    {
        RemedyOutcome.CHANGED,
        RemedyOutcome.REVOKED,
        RemedyOutcome.CONFIRMED_ILLEGAL,
        RemedyOutcome.CONFIRMED_VOID,
    }
)


class Remedy(models.Model):
    """One reconsideration or lawsuit against the decision of a case.

    ``concluded_on`` is the day the reconsideration decision was served on the applicant or
    the court's judgment or ruling took effect. ``withdraw_by`` is set for a correcting
    outcome: the last day to withdraw the published decision.
    """

    SCOPE_PATH = "case__agency"

    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="remedies"
    )
    kind = models.CharField("救济类型", max_length=20, choices=RemedyKind.choices)
    decision_step = models.ForeignKey(
        CaseStep,
        verbose_name="被申请复议或起诉的决定",
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_step = models.OneToOneField(
        CaseStep, verbose_name="申请或起诉记录", on_delete=models.PROTECT, related_name="+"
    )
    concluded_step = models.OneToOneField(
        CaseStep,
        verbose_name="结束记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follows = models.ForeignKey(
        "self",
        verbose_name="前置的行政复议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_by",
    )
    applicant = models.ForeignKey(
        Party, verbose_name="申请人（原告）", on_delete=models.PROTECT, related_name="+"
    )
    filed_on = models.DateField("申请或起诉日期")
    body = models.CharField("复议机关或受理法院", max_length=200)
    reference = models.CharField("复议或诉讼案号", max_length=100)
    status = models.CharField(
        "状态", max_length=20, choices=RemedyStatus.choices, default=RemedyStatus.PENDING
    )
    outcome = models.CharField("结果", max_length=20, choices=RemedyOutcome.choices, blank=True)
    concluded_on = models.DateField("结束日期", null=True, blank=True)
    withdraw_by = models.DateField("撤回公示截止日期", null=True, blank=True)
    outcome_file = models.FileField("复议决定书或裁判文书", max_length=300, blank=True)
    outcome_digest = models.CharField("文书摘要值", max_length=80, blank=True)
    outcome_size = models.PositiveBigIntegerField("文书大小（字节）", null=True, blank=True)
    outcome_content_type = models.CharField("文书文件类型", max_length=40, blank=True)
    outcome_original_name = models.CharField("文书原文件名", max_length=200, blank=True)
    note = models.TextField("备注", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-filed_on", "-pk"]
        indexes = [
            models.Index(fields=["case", "status"]),
            models.Index(fields=["concluded_on"]),
        ]
        verbose_name = "行政复议或行政诉讼"
        verbose_name_plural = "行政复议和行政诉讼"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    @property
    def is_correction(self) -> bool:
        return self.outcome in CORRECTION_OUTCOMES

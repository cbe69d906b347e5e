"""The licence register (许可证件登记) and the later decisions taken on each licence.

A ``Licence`` is written when a licensing case issues it (行政许可法 Art. 44) and changes
status through the decision step of a ``license_disposal`` case, which also writes a
``LicenceDecision`` row in the same transaction, or when reconsideration or litigation
corrects the grant decision, which writes a ``LicenceRemedyCorrection`` row. The fields
cover what the national 双公示 licensing format publishes: number, name, validity, content,
issuing agency and decision date.
"""

import datetime

from django.db import models
from django.utils import timezone

from zhifa.agencies.models import Agency
from zhifa.cases.models import Case, Party
from zhifa.catalog.models import PowerItem


class LicenceStatus(models.TextChoices):
    VALID = "valid", "有效"
    CHANGED = "changed", "已变更"
    WITHDRAWN = "withdrawn", "已撤回"
    ANNULLED = "annulled", "已撤销"
    CANCELLED = "cancelled", "已注销"
    EXPIRED = "expired", "已过期"
    # The grant decision was revoked or confirmed void by reconsideration or litigation.
    REVOKED_BY_REMEDY = "remedy_revoked", "被复议或诉讼撤销"
    VOID_BY_REMEDY = "remedy_void", "被复议或诉讼确认无效"


# Statuses in which the licence still authorises its holder (before its end date).
IN_FORCE = frozenset({LicenceStatus.VALID, LicenceStatus.CHANGED})


class LicenceType(models.TextChoices):
    """许可类别 of the national licensing publication format."""

    GENERAL = "general", "普通"
    FRANCHISE = "franchise", "特许"
    RECOGNITION = "recognition", "认可"
    APPROVAL = "approval", "核准"
    REGISTRATION = "registration", "登记"
    OTHER = "other", "其他"


class Licence(models.Model):
    """One licence issued by an agency, with its validity and current status."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="许可机关", on_delete=models.PROTECT, related_name="licences"
    )
    case = models.OneToOneField(
        Case, verbose_name="许可案件", on_delete=models.PROTECT, related_name="licence"
    )
    holder = models.ForeignKey(
        Party, verbose_name="被许可人", on_delete=models.PROTECT, related_name="licences"
    )
    power_item = models.ForeignKey(
        PowerItem, verbose_name="许可事项", on_delete=models.PROTECT, related_name="licences"
    )
    number = models.CharField("许可编号", max_length=80)
    certificate_name = models.CharField("许可证书名称", max_length=100)
    license_type = models.CharField(
        "许可类别", max_length=20, choices=LicenceType.choices, default=LicenceType.GENERAL
    )
    # TODO: no action fills this yet; the grant decision's document number belongs here for
    # the publication format, which otherwise falls back to the licence number.
    decision_number = models.CharField("许可决定文书号", max_length=80, blank=True)
    content = models.TextField("许可内容（范围）")
    decided_on = models.DateField("许可决定日期")
    valid_from = models.DateField("有效期自")
    valid_to = models.DateField("有效期至")
    issued_on = models.DateField("发证日期")
    commitment_based = models.BooleanField("告知承诺", default=False)
    follow_up_due = models.DateField("告知承诺核查期限", null=True, blank=True)
    follow_up_case = models.ForeignKey(
        Case,
        verbose_name="告知承诺核查案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followed_licences",
    )
    follow_up_done_on = models.DateField("核查完成日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=LicenceStatus.choices, default=LicenceStatus.VALID
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="licence_number_unique")
        ]
        verbose_name = "许可证件"
        verbose_name_plural = "许可证件"

    def __str__(self) -> str:
        return f"{self.number} {self.certificate_name}"

    def status_on(self, day: datetime.date) -> str:
        """Return the status on ``day``: a licence in force past its end date has expired."""
        if self.status in IN_FORCE and day > self.valid_to:
            return LicenceStatus.EXPIRED
        return self.status

    @property
    def current_status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def current_status_label(self) -> str:
        return LicenceStatus(self.current_status).label

    @property
    def follow_up_pending(self) -> bool:
        """Whether the follow-up due day waits for the next year's working calendar."""
        return self.commitment_based and self.follow_up_due is None

    def follow_up_overdue_on(self, day: datetime.date) -> bool:
        """Return whether the follow-up of a commitment-based licence is past due on ``day``."""
        return (
            self.commitment_based
            and self.follow_up_done_on is None
            and self.follow_up_due is not None
            and day > self.follow_up_due
        )

    @property
    def follow_up_overdue(self) -> bool:
        return self.follow_up_overdue_on(timezone.localdate())


class DisposalKind(models.TextChoices):
    CHANGE = "license_change", "变更"
    WITHDRAWAL = "license_withdrawal", "撤回"
    ANNULMENT = "license_annulment", "撤销"
    CANCELLATION = "license_cancellation", "注销"


class LicenceDecision(models.Model):
    """A later decision on a licence (变更、撤回、撤销、注销), with its grounds."""

    SCOPE_PATH = "licence__agency"

    licence = models.ForeignKey(
        Licence, verbose_name="许可证件", on_delete=models.PROTECT, related_name="decisions"
    )
    case = models.OneToOneField(
        Case, verbose_name="决定案件", on_delete=models.PROTECT, related_name="licence_decision"
    )
    kind = models.CharField("决定类型", max_length=24, choices=DisposalKind.choices)
    decided_on = models.DateField("决定日期")
    grounds = models.TextField("事实和理由")
    details = models.JSONField("决定内容", default=dict, blank=True)
    status_before = models.CharField("决定前状态", max_length=16, choices=LicenceStatus.choices)
    status_after = models.CharField("决定后状态", max_length=16, choices=LicenceStatus.choices)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = "许可后续决定"
        verbose_name_plural = "许可后续决定"

    def __str__(self) -> str:
        return f"{self.licence.number} {self.get_kind_display()}"


class LicenceRemedyCorrection(models.Model):
    """A reconsideration or lawsuit outcome that corrected the licence's grant decision.

    A revoked or void decision changes the licence status. A changed decision keeps the
    status, and this row records that the licence was changed and by which remedy.
    """

    SCOPE_PATH = "licence__agency"

    licence = models.ForeignKey(
        Licence,
        verbose_name="许可证件",
        on_delete=models.PROTECT,
        related_name="remedy_corrections",
    )
    remedy = models.ForeignKey(
        "remedies.Remedy",
        verbose_name="行政复议或行政诉讼",
        on_delete=models.PROTECT,
        related_name="licence_corrections",
    )
    outcome = models.CharField("结果", max_length=20)
    outcome_label = models.CharField("结果名称", max_length=20)
    kind_label = models.CharField("救济类型", max_length=20)
    reference = models.CharField("复议或诉讼案号", max_length=100)
    body = models.CharField("复议机关或受理法院", max_length=200)
    concluded_on = models.DateField("结束日期")
    status_before = models.CharField("纠正前状态", max_length=16, choices=LicenceStatus.choices)
    status_after = models.CharField("纠正后状态", max_length=16, choices=LicenceStatus.choices)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["concluded_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["licence", "remedy"], name="licence_remedy_correction_unique"
            )
        ]
        verbose_name = "许可决定被复议或诉讼纠正"
        verbose_name_plural = "许可决定被复议或诉讼纠正"

    def __str__(self) -> str:
        return f"{self.licence.number} {self.kind_label}{self.outcome_label}（{self.reference}）"

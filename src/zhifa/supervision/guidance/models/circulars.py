"""Circulars (通报) the bureau issues to agencies, and each agency's acknowledgement (签收)."""

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Agency


class Circular(models.Model):
    """An issued circular; it is never edited, and a correction is a new circular.

    The agencies it goes to are its ``targets``, one row each, written when it is issued, so
    an agency created later does not receive old circulars.
    """

    SCOPE_PATH = "targets__agency"

    number = models.CharField("文号", max_length=80, unique=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    to_all_agencies = models.BooleanField("发送全部执法主体", default=False)
    corrects = models.ForeignKey(
        "self",
        verbose_name="更正的通报",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    issued_on = models.DateField("印发日期")
    issued_at = models.DateTimeField("发布时间", auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-issued_at"]
        verbose_name = "通报"
        verbose_name_plural = "通报"

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CircularTarget(models.Model):
    """One agency a circular goes to, and whether and how it acknowledged it."""

    SCOPE_PATH = "agency"

    circular = models.ForeignKey(
        Circular, verbose_name="通报", on_delete=models.PROTECT, related_name="targets"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="circulars"
    )
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签收人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    feedback = models.TextField("反馈意见", blank=True)

    class Meta:
        ordering = ["agency__sort_order", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["circular", "agency"], name="circular_target_unique")
        ]
        verbose_name = "通报接收单位"
        verbose_name_plural = "通报接收单位"

    def __str__(self) -> str:
        return f"{self.circular.number} → {self.agency.short_name}"


class MentionStance(models.TextChoices):
    CRITICISED = "criticised", "通报批评"
    COMMENDED = "commended", "通报表扬"


class CircularMention(models.Model):
    """An agency a circular names as criticised or commended."""

    SCOPE_PATH = "agency"

    circular = models.ForeignKey(
        Circular, verbose_name="通报", on_delete=models.PROTECT, related_name="mentions"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+"
    )
    stance = models.CharField("性质", max_length=16, choices=MentionStance.choices)

    class Meta:
        ordering = ["stance", "agency__sort_order", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["circular", "agency"], name="circular_mention_unique")
        ]
        verbose_name = "通报点名单位"
        verbose_name_plural = "通报点名单位"

    def __str__(self) -> str:
        return f"{self.get_stance_display()} {self.agency.short_name}"

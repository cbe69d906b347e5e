"""Steps of a case (全过程记录): who did what, when and where, at which stage.

Steps are never edited or deleted (the table refuses it): a correction is a new step that
points at the one it corrects, with the reason.
"""

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Officer
from zhifa.cases.models.case import Case, Stage, stage_label


class CaseStep(models.Model):
    SCOPE_PATH = "case__agency"

    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="steps"
    )
    sequence = models.PositiveIntegerField("序号")
    stage = models.CharField("阶段", max_length=20, choices=Stage.choices)
    step = models.CharField("环节", max_length=60)
    occurred_at = models.DateTimeField("发生时间")
    place = models.CharField("地点", max_length=200, blank=True)
    summary = models.TextField("内容")
    details = models.JSONField("环节数据", default=dict, blank=True)
    officers = models.ManyToManyField(
        Officer, verbose_name="在场执法人员", related_name="case_steps", blank=True
    )
    on_site = models.BooleanField("现场执法", default=False)
    credential_shown = models.BooleanField("出示执法证件", null=True, blank=True)
    uniform_worn = models.BooleanField("按规定着装、佩戴标志", null=True, blank=True)
    grounds_told = models.BooleanField("告知事由", null=True, blank=True)
    basis_told = models.BooleanField("告知依据", null=True, blank=True)
    rights_told = models.BooleanField("告知权利", null=True, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name="更正的记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    correction_reason = models.CharField("更正理由", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="case_step_sequence_unique")
        ]
        # Reports count a month's steps of given kinds (decisions, scenes) across all cases.
        indexes = [models.Index(fields=["step", "occurred_at"])]
        verbose_name = "办案环节记录"
        verbose_name_plural = "办案环节记录"

    def __str__(self) -> str:
        return f"{self.case.number} #{self.sequence} {self.step}"

    def get_stage_display(self) -> str:  # type: ignore[no-redef]
        return stage_label(self.case.kind, self.stage)

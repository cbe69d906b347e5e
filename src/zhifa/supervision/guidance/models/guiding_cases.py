"""Guiding and typical cases (指导案例、典型案例) and their portal snapshots (以案释法)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhifa.agencies.models import Agency, EnforcementDomain
from zhifa.cases.models import Case, CaseKind
from zhifa.catalog.models import PowerItem


class GuidingCaseKind(models.TextChoices):
    GUIDING = "guiding", "指导案例"
    TYPICAL = "typical", "典型案例"


class GuidingCaseStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_LIBRARY = "in_library", "已入库"
    WITHDRAWN = "withdrawn", "已撤出案例库"


class GuidingCase(models.Model):
    """A closed case the bureau wrote up as a guiding or typical case.

    Every text field contains the masked text: the bureau's original wording is shown beside it
    before saving, but only the masked version is stored. Officers of every agency read cases
    in the library, so the library pages do not narrow them to the reader's agency. The source
    case itself stays behind the usual scope check.
    """

    SCOPE_PATH = "agency"

    source_case = models.OneToOneField(
        Case, verbose_name="来源案件", on_delete=models.PROTECT, related_name="guiding_case"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="guiding_cases"
    )
    kind = models.CharField("案例类型", max_length=16, choices=GuidingCaseKind.choices)
    title = models.CharField("标题", max_length=200)
    domain = models.ForeignKey(
        EnforcementDomain,
        verbose_name="执法领域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="guiding_cases",
    )
    issue_tags = models.JSONField("问题标签", default=list, blank=True)
    summary = models.TextField("案情摘要")
    facts = models.TextField("基本案情")
    reasoning = models.TextField("处理结果与理由")
    key_points = models.TextField("裁判要旨与评析")
    # Copied from the source case, so that similar cases are found without reading cases.
    case_kind = models.CharField("案件类型", max_length=32, choices=CaseKind.choices)
    power_items = models.ManyToManyField(
        PowerItem, verbose_name="执法事项", related_name="guiding_cases", blank=True
    )
    # Strings the bureau asked to mask on top of the parties' data, kept for later edits.
    extra_masks = models.JSONField("补充隐去内容", default=list, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=GuidingCaseStatus.choices, default=GuidingCaseStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="编写人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("编写时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    released_at = models.DateTimeField("入库时间", null=True, blank=True)

    class Meta:
        ordering = ["-released_at", "-created_at"]
        verbose_name = "指导案例"
        verbose_name_plural = "指导案例"

    def __str__(self) -> str:
        return self.title


class ExplainedCase(models.Model):
    """A guiding case as published on the portal for legal education (以案释法).

    The portal reads only these rows. Publishing copies the guiding case's masked texts, and
    unpublishing sets ``unpublished_at`` instead of deleting, so every publication stays in the
    history. At most one row of a guiding case is public at a time.
    """

    guiding_case = models.ForeignKey(
        GuidingCase,
        verbose_name="指导案例",
        on_delete=models.PROTECT,
        related_name="explained_versions",
    )
    kind_label = models.CharField("案例类型", max_length=20)
    title = models.CharField("标题", max_length=200)
    agency_name = models.CharField("执法主体", max_length=100)
    domain_name = models.CharField("执法领域", max_length=40, blank=True)
    issue_tags = models.JSONField("问题标签", default=list, blank=True)
    summary = models.TextField("案情摘要")
    facts = models.TextField("基本案情")
    reasoning = models.TextField("处理结果与理由")
    key_points = models.TextField("裁判要旨与评析")
    published_at = models.DateTimeField("发布时间", auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT, related_name="+"
    )
    unpublished_at = models.DateTimeField("撤下时间", null=True, blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤下人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unpublish_reason = models.CharField("撤下原因", max_length=200, blank=True)

    class Meta:
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["guiding_case"],
                condition=Q(unpublished_at__isnull=True),
                name="explained_case_one_public",
            )
        ]
        verbose_name = "以案释法"
        verbose_name_plural = "以案释法"

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.unpublished_at is None

"""Ex-post publications (事后公示): the internal record, its versions and the public snapshot.

``Publication`` and ``PublicationVersion`` are internal: they hold the original text and the
parties' data the redaction worked from. ``PublishedItem`` is the only table the portal reads;
publishing, updating, correcting, withdrawing, expiry and credit repair rewrite it from a
version.
"""

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Agency


class PublicationKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚决定"
    LICENSE = "license", "行政许可决定"
    INSPECTION = "inspection", "行政检查结果"
    COMPULSION = "compulsion", "行政强制决定"
    LEVY = "levy", "行政征收征用决定"
    EXPROPRIATION = "expropriation", "房屋征收决定"
    OTHER = "other", "其他行政执法决定"


class PublicationSource(models.TextChoices):
    CASE = "case", "本平台办理"
    EXCHANGE = "exchange", "外部系统报送"
    MANUAL = "manual", "手工录入"


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "待发布"
    EXCLUDED = "excluded", "不予公示"
    PUBLISHED = "published", "公示中"
    WITHDRAWN = "withdrawn", "已撤回"
    EXPIRED = "expired", "公示期满"
    REPAIRED = "repaired", "信用修复后停止公示"


class ChangeKind(models.TextChoices):
    INITIAL = "initial", "首次发布"
    UPDATE = "update", "更新"
    CORRECTION = "correction", "更正"
    WITHDRAWAL = "publication_withdrawal", "撤回"
    EXPIRY = "expiry", "期满停止公示"
    REPAIR = "repair", "信用修复"


class EndReason(models.TextChoices):
    """The reason an item stopped being public (停止公示), other than withdrawal."""

    EXPIRY = "expiry", "公示期满"
    REPAIR = "repair", "信用修复"


class Publication(models.Model):
    """One decision (or inspection result) to publish, from draft to the end of its period."""

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="publications"
    )
    kind = models.CharField("公示类别", max_length=20, choices=PublicationKind.choices)
    source = models.CharField("来源", max_length=20, choices=PublicationSource.choices)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    step = models.OneToOneField(
        "cases.CaseStep",
        verbose_name="决定环节",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publication",
    )
    exchanged_decision = models.OneToOneField(
        "cases.ExchangedDecision",
        verbose_name="外部系统报送的决定",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publication",
    )
    title = models.CharField("标题", max_length=300)
    document_number = models.CharField("决定书文号", max_length=100, blank=True)
    decided_on = models.DateField("决定日期")
    # None while the calendar does not cover the due date's year (shown as 待定).
    due_on = models.DateField("应公示日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    exclusion_reason = models.TextField("不予公示理由", blank=True)
    exclusion_source = models.CharField("不予公示依据", max_length=300, blank=True)
    # The unmasked material: {"parties": [...], "fields": {...}, "text": "..."}. Never public.
    original = models.JSONField("原始内容", default=dict)
    # The approver's changes to the detected masks before approval:
    # {"added": ["text to mask", ...], "removed": ["text to leave visible", ...]}.
    mask_edits = models.JSONField("人工调整的遮蔽", default=dict, blank=True)
    # An update or correction awaiting approval: {"change", "reason", "original", "mask_edits",
    # "requested_by", "requested_at"}; empty when none is pending.
    pending_change = models.JSONField("待审核的变动", default=dict, blank=True)
    published_at = models.DateTimeField("首次发布时间", null=True, blank=True)
    starts_on = models.DateField("公示开始日", null=True, blank=True)
    min_end_on = models.DateField("最短公示期截止日", null=True, blank=True)
    ends_on = models.DateField("公示截止期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"]),
            models.Index(fields=["status", "ends_on"]),
        ]
        verbose_name = "公示事项"
        verbose_name_plural = "公示事项"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_number or self.title}"


class PublicationVersion(models.Model):
    """One published state of a publication; append-only, a change adds a version."""

    SCOPE_PATH = "publication__agency"

    publication = models.ForeignKey(
        Publication, verbose_name="公示事项", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField("版本号")
    change = models.CharField("变动类型", max_length=30, choices=ChangeKind.choices)
    reason = models.TextField("理由", blank=True)
    # The masked, public fields (dual-publicity names as keys) and the masked full text.
    fields = models.JSONField("公示字段", default=dict)
    text = models.TextField("公示文本", blank=True)
    # The unmasked material this version was made from (internal history, never public), and
    # every mask applied to it: [{"start", "end", "kind", "replacement", "source"}].
    original = models.JSONField("原始内容", default=dict)
    masks = models.JSONField("遮蔽记录", default=list)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        ordering = ["publication", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "number"], name="publication_version_unique"
            )
        ]
        verbose_name = "公示版本"
        verbose_name_plural = "公示版本"

    def __str__(self) -> str:
        return f"{self.publication}（第{self.number}版，{self.get_change_display()}）"


class PublishedItem(models.Model):
    """The public snapshot of a publication: the portal reads this table and nothing else.

    An item on the portal has ``is_public``. A withdrawn one stays with its reason and no
    content, and the portal lists it as withdrawn. An expired or repaired one stays as a
    tombstone (``ended_on`` and ``end_reason`` set, no content, no party, not public): the
    portal neither lists nor shows it, and the JSON feed reports it as ended, so a site that
    copied the item learns to remove it. The history is in the versions.

    ``search_text`` contains the text in the form ``zhifa.publicity.search_text`` makes, which the
    full-text indexes of migration 0002 cover.
    """

    publication = models.OneToOneField(
        Publication, verbose_name="公示事项", on_delete=models.CASCADE, related_name="snapshot"
    )
    agency_id_public = models.PositiveIntegerField("执法主体编号", db_index=True)
    publisher_name = models.CharField("公示单位", max_length=100)
    kind = models.CharField("公示类别", max_length=20, choices=PublicationKind.choices)
    title = models.CharField("标题", max_length=300)
    document_number = models.CharField("决定书文号", max_length=100, blank=True)
    party_name = models.CharField("行政相对人（脱敏后）", max_length=200, blank=True)
    party_kind = models.CharField("行政相对人类别", max_length=32, blank=True)
    decided_on = models.DateField("决定日期", db_index=True)
    published_on = models.DateField("发布日期", db_index=True)
    ends_on = models.DateField("公示截止期", null=True, blank=True)
    fields = models.JSONField("公示字段", default=dict)
    text = models.TextField("公示文本", blank=True)
    version_number = models.PositiveIntegerField("版本号")
    corrected_on = models.DateField("更正日期", null=True, blank=True)
    correction_note = models.CharField("更正说明", max_length=300, blank=True)
    is_public = models.BooleanField("公示中", default=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdrawal_reason = models.TextField("撤回理由", blank=True)
    ended_on = models.DateField("停止公示日期", null=True, blank=True)
    end_reason = models.CharField(
        "停止公示原因", max_length=20, choices=EndReason.choices, blank=True
    )
    search_text = models.TextField("检索文本", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["is_public", "-published_on"]),
            models.Index(fields=["agency_id_public", "is_public", "-published_on"]),
            models.Index(fields=["kind", "is_public", "-published_on"]),
            # The JSON feed pages through changes in this order.
            models.Index(fields=["updated_at", "id"]),
        ]
        verbose_name = "公示快照"
        verbose_name_plural = "公示快照"

    def __str__(self) -> str:
        return f"{self.publisher_name} {self.document_number or self.title}"

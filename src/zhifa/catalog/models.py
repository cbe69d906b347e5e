"""Power items (权责清单): each agency's listed powers, versioned with effective dates."""

import datetime

from django.conf import settings
from django.db import models

from zhifa.agencies.models import Agency, EnforcementDomain


class PowerCategory(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    LICENSE = "license", "行政许可"
    COMPULSION = "compulsion", "行政强制"
    INSPECTION = "inspection", "行政检查"
    LEVY = "levy", "行政征收"
    REQUISITION = "requisition", "行政征用"
    OTHER = "other", "其他"


class PowerItem(models.Model):
    """The lasting identity of one listed power: an agency and its item code.

    Everything that can change lives in ``PowerItemVersion``; cases and review rules refer to
    the item, and read the version in force on the date that matters to them.
    """

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="power_items"
    )
    code = models.CharField("事项编码", max_length=60)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["agency", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="power_item_code_unique")
        ]
        verbose_name = "权责事项"
        verbose_name_plural = "权责事项"

    def __str__(self) -> str:
        version = self.version_on(datetime.date.today())  # noqa: DTZ011 - a label only
        return f"{self.code} {version.name if version else ''}".strip()

    def version_on(self, day: datetime.date) -> "PowerItemVersion | None":
        """Return the version in force on ``day``, or None if the item was not in force."""
        return (
            self.versions.filter(effective_from__lte=day)
            .filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=day))
            .order_by("-effective_from")
            .first()
        )

    def latest_version(self) -> "PowerItemVersion | None":
        return self.versions.order_by("-number").first()

    def withdrawal(self) -> "PowerItemVersion | None":
        """Return the last version if the item has been withdrawn (废止), else None.

        Only a withdrawal sets ``effective_to`` on an item's last version, because a change
        sets it on the version that the change supersedes.
        """
        latest = self.latest_version()
        return latest if latest is not None and latest.effective_to is not None else None


class PowerItemVersion(models.Model):
    """One version of a power item; a change adds a version and ends the previous one."""

    SCOPE_PATH = "item__agency"

    item = models.ForeignKey(
        PowerItem, verbose_name="权责事项", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField("版本号")
    name = models.CharField("事项名称", max_length=200)
    category = models.CharField("执法类别", max_length=20, choices=PowerCategory.choices)
    legal_basis = models.TextField("实施依据")
    domain = models.ForeignKey(
        EnforcementDomain,
        verbose_name="执法领域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="power_item_versions",
    )
    effective_from = models.DateField("生效日期")
    # The last day in force, inclusive: the day before the next version starts, or the day a
    # withdrawal (废止) names when this is the item's last version.
    effective_to = models.DateField("失效日期", null=True, blank=True)
    change_reason = models.CharField("变更原因", max_length=200, blank=True)
    withdrawal_reason = models.CharField("废止原因", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="power_item_version_unique")
        ]
        verbose_name = "权责事项版本"
        verbose_name_plural = "权责事项版本"

    def __str__(self) -> str:
        return f"{self.name}（第{self.number}版）"

    def same_content(self, other: "PowerItemVersion") -> bool:
        return (
            self.name == other.name
            and self.category == other.category
            and self.legal_basis == other.legal_basis
            and self.domain_id == other.domain_id
        )


class ListKind(models.TextChoices):
    """The ex-ante lists (事前公开) other than power items, each with its schema in ``lists``."""

    DISCRETION_BENCHMARK = "discretion_benchmark", "行政裁量基准"
    RANDOM_INSPECTION_ITEM = "random_inspection_item", "随机抽查事项清单"
    SERVICE_GUIDE = "service_guide", "办事指南和流程图"
    RELIEF_CHANNEL = "relief_channel", "救济渠道"
    MONITORING_DEVICE = "monitoring_device", "电子技术监控设备设置地点"
    ENTRUSTMENT = "entrustment", "委托执法事项"


class ListEntry(models.Model):
    """The lasting identity of one row of an agency's ex-ante list: agency, list and code.

    Its content lives in ``ListEntryVersion``, versioned like power items, so the portal can
    show the version in force on any day and every earlier one.
    """

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="list_entries"
    )
    kind = models.CharField("清单", max_length=40, choices=ListKind.choices)
    code = models.CharField("编码", max_length=60)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["agency", "kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "code"], name="list_entry_unique")
        ]
        verbose_name = "事前公开清单条目"
        verbose_name_plural = "事前公开清单条目"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"

    def version_on(self, day: datetime.date) -> "ListEntryVersion | None":
        return (
            self.versions.filter(effective_from__lte=day)
            .filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=day))
            .order_by("-effective_from")
            .first()
        )

    def latest_version(self) -> "ListEntryVersion | None":
        return self.versions.order_by("-number").first()


class ListEntryVersion(models.Model):
    """One version of a list row; ``content`` contains the fields its list's schema names."""

    SCOPE_PATH = "entry__agency"

    entry = models.ForeignKey(
        ListEntry, verbose_name="清单条目", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField("版本号")
    title = models.CharField("名称", max_length=200)
    content = models.JSONField("内容", default=dict)
    power_item = models.ForeignKey(
        PowerItem,
        verbose_name="对应权责事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="list_versions",
    )
    effective_from = models.DateField("生效日期")
    # Inclusive, as for power item versions: set on the superseded version or on a withdrawal.
    effective_to = models.DateField("失效日期", null=True, blank=True)
    change_reason = models.CharField("变更原因", max_length=200, blank=True)
    withdrawal_reason = models.CharField("废止原因", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["entry", "number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="list_entry_version_unique")
        ]
        verbose_name = "事前公开清单条目版本"
        verbose_name_plural = "事前公开清单条目版本"

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}版）"

"""The register of rules each agency must adopt under the three systems (制度建设)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhifa.agencies.models import Agency


class RuleType(models.Model):
    """A kind of rule an agency adopts, such as its publicity measures (公示办法).

    Seeded by a data migration; the bureau edits, adds and retires rows. Only rows with
    ``required`` set count in the register matrix and in ``register.adoption``.
    """

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("制度名称", max_length=100, unique=True)
    description = models.TextField("内容要求", blank=True)
    source = models.CharField("依据", max_length=300, blank=True)
    # False for seeded rows whose source was not checked against the official text (待核实).
    confirmed = models.BooleanField("依据已核实", default=False)
    required = models.BooleanField("必须制定", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = "执法制度类型"
        verbose_name_plural = "执法制度类型"

    def __str__(self) -> str:
        return self.name


class AgencyRule(models.Model):
    """One version of a rule an agency adopted, with its text and its filing with the bureau.

    Registering a new version of the same rule type supersedes the current one: the old row
    stays, with ``is_current`` cleared and ``superseded_by`` pointing at its successor.
    """

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="adopted_rules"
    )
    rule_type = models.ForeignKey(
        RuleType, verbose_name="制度类型", on_delete=models.PROTECT, related_name="adoptions"
    )
    title = models.CharField("制度名称", max_length=200)
    document_number = models.CharField("文号", max_length=80, blank=True)
    adopted_on = models.DateField("印发日期")
    filed_on = models.DateField("报区司法局备案日期", null=True, blank=True)
    text = models.TextField("制度全文", blank=True)
    file = models.FileField("制度文件", max_length=300, blank=True)
    file_name = models.CharField("原文件名", max_length=200, blank=True)
    file_digest = models.CharField("文件摘要值", max_length=80, blank=True)
    file_size = models.PositiveBigIntegerField("文件大小（字节）", null=True, blank=True)
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    is_current = models.BooleanField("现行有效", default=True)
    superseded_by = models.OneToOneField(
        "self",
        verbose_name="被替代为",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["agency", "rule_type", "-registered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "rule_type"],
                condition=Q(is_current=True),
                name="agency_rule_one_current",
            )
        ]
        verbose_name = "执法制度登记"
        verbose_name_plural = "执法制度登记"

    def __str__(self) -> str:
        return self.title

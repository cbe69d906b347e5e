"""Complaints and reports from the public (投诉举报), their history, and satisfaction ratings."""

import datetime

from django.conf import settings
from django.db import models


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"


class Channel(models.TextChoices):
    PORTAL = "portal", "公示平台"
    HOTLINE_12345 = "hotline_12345", "12345市民服务热线"
    OTHER = "other", "其他渠道"


class ComplaintStatus(models.TextChoices):
    UNROUTED = "unrouted", "待分办"
    HANDLING = "handling", "办理中"
    TRANSFERRED = "transferred", "已移送"
    REPLIED = "replied", "已答复"
    NOT_ACCEPTED = "not_accepted", "不予受理"


OPEN_STATUSES = (ComplaintStatus.UNROUTED, ComplaintStatus.HANDLING)
CLOSED_STATUSES = (
    ComplaintStatus.TRANSFERRED,
    ComplaintStatus.REPLIED,
    ComplaintStatus.NOT_ACCEPTED,
)


class Complaint(models.Model):
    """One complaint or report, handled by the agency it is routed to.

    ``agency`` is empty until the bureau routes the complaint. The due dates are counted in
    working days from the day the current agency received it. They stay empty while the
    calendar does not cover the year they fall in, until the daily job computes them.
    """

    SCOPE_PATH = "agency"

    kind = models.CharField("类别", max_length=16, choices=ComplaintKind.choices)
    channel = models.CharField("来源渠道", max_length=16, choices=Channel.choices)
    source_id = models.CharField(
        "来源编号", max_length=60, blank=True, help_text="12345工单编号等来源系统的编号"
    )
    lookup_code = models.CharField("查询码", max_length=16, unique=True)
    is_anonymous = models.BooleanField("匿名", default=False)
    name = models.CharField("姓名或名称", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    subject_agency_name = models.CharField(
        "被投诉举报单位", max_length=100, blank=True, help_text="投诉举报人填写的单位名称"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="办理单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    decision_number = models.CharField("相关决定书文号", max_length=100, blank=True)
    content = models.TextField("投诉举报内容")
    received_at = models.DateTimeField("收到时间")
    routed_at = models.DateTimeField("交办时间", null=True, blank=True)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    reply_due_on = models.DateField("答复期限", null=True, blank=True)
    transfer_due_on = models.DateField("移送期限", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.UNROUTED
    )
    reply = models.TextField("答复内容", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transferred_to = models.CharField(
        "移送机关", max_length=100, blank=True, help_text="移送平台以外的机关时填写"
    )
    transfer_reason = models.TextField("移送理由", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            # A hotline ticket is imported once; a repeated ticket updates the same complaint.
            models.UniqueConstraint(
                fields=["channel", "source_id"],
                condition=~models.Q(source_id=""),
                name="complaint_source_id_unique_per_channel",
            )
        ]
        indexes = [models.Index(fields=["status", "reply_due_on"])]
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.lookup_code}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.reply_due_on is not None and self.reply_due_on < today


class ComplaintEventKind(models.TextChoices):
    RECEIVED = "received", "收到"
    UPDATED = "updated", "来源工单更新"
    ROUTED = "routed", "分办"
    ACCEPTED = "accepted", "受理"
    TRANSFERRED = "transferred", "移送"
    REPLIED = "replied", "答复"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    DUE_DATES_SET = "due_dates_set", "计算期限"


class ComplaintEvent(models.Model):
    """One step in a complaint's history; the table is append-only in the database."""

    SCOPE_PATH = "complaint__agency"

    complaint = models.ForeignKey(
        Complaint, verbose_name="投诉举报", on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField("事项", max_length=16, choices=ComplaintEventKind.choices)
    note = models.TextField("说明", blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="当时的办理单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("经办人姓名", max_length=150, blank=True)
    occurred_at = models.DateTimeField(
        "发生时间",
        null=True,
        blank=True,
        help_text="事项实际发生的时间，如12345工单的受理时间；为空时即记录时间",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "投诉举报办理记录"
        verbose_name_plural = "投诉举报办理记录"

    def __str__(self) -> str:
        return f"{self.complaint} {self.get_kind_display()}"

    @property
    def happened_at(self) -> datetime.datetime:
        """Return when the step happened; rows written before ``occurred_at`` existed lack it."""
        return self.occurred_at or self.created_at


class RatedPage(models.TextChoices):
    DECISION = "decision", "执法决定公示页"
    AGENCY = "agency", "执法主体页"


class SatisfactionRating(models.Model):
    """One visitor's 1 to 5 star rating of an agency, given on a portal page.

    The comment is read only in the back office and never published.
    """

    SCOPE_PATH = "agency"

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="执法主体",
        on_delete=models.PROTECT,
        related_name="satisfaction_ratings",
    )
    page = models.CharField("评价页面", max_length=16, choices=RatedPage.choices)
    page_id = models.PositiveBigIntegerField("页面编号")
    stars = models.PositiveSmallIntegerField("星级")
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("评价时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="rating_stars_1_to_5"
            )
        ]
        indexes = [models.Index(fields=["agency", "created_at"])]
        verbose_name = "满意度评价"
        verbose_name_plural = "满意度评价"

    def __str__(self) -> str:
        return f"{self.agency} {self.stars}星"

"""Use of archives (档案利用): requests to consult or borrow an archived case file.

A request is approved for a limited time. Every look at the file during that time is written
to the access log (调阅记录) shared with the other records, and so into the ledger.
"""

import datetime

from django.conf import settings
from django.db import models


class UseKind(models.TextChoices):
    CONSULT = "consult", "查阅"
    BORROW = "borrow", "借阅（下载副本）"


class UseStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"
    RETURNED = "returned", "已归还"


class UseRequest(models.Model):
    SCOPE_PATH = "case_file__agency"

    case_file = models.ForeignKey(
        "archives.CaseFile",
        verbose_name="案卷",
        on_delete=models.PROTECT,
        related_name="use_requests",
    )
    kind = models.CharField("利用方式", max_length=10, choices=UseKind.choices)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField("利用目的", max_length=300)
    days = models.PositiveSmallIntegerField("申请期限（天）")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    status = models.CharField(
        "状态", max_length=10, choices=UseStatus.choices, default=UseStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)
    valid_until = models.DateTimeField("有效期至", null=True, blank=True)
    returned_at = models.DateTimeField("归还时间", null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = "档案利用申请"
        verbose_name_plural = "档案利用申请"

    def __str__(self) -> str:
        return f"{self.requester} {self.get_kind_display()} {self.case_file}"

    def is_current(self, now: "datetime.datetime") -> bool:
        """Return True when the request opens its case file at ``now``: approved and unexpired.

        Returning a borrowed copy changes the status, so a returned request is never current.
        """
        return (
            self.status == UseStatus.APPROVED
            and self.valid_until is not None
            and self.valid_until > now
        )

    def status_label(self, now: "datetime.datetime") -> str:
        if self.status == UseStatus.APPROVED and not self.is_current(now):
            return "已过期"
        return self.get_status_display()

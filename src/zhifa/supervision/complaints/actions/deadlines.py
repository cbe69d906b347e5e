"""The daily job that computes deadlines left empty while the calendar lacked a year."""

import datetime
import logging

from django.db import transaction
from django.db.models import Q

from zhifa.supervision.complaints.actions._common import add_event, set_due_dates
from zhifa.supervision.complaints.models import (
    OPEN_STATUSES,
    Complaint,
    ComplaintEventKind,
)

logger = logging.getLogger(__name__)


def fill_missing_due_dates(today: datetime.date) -> str:
    """Compute the due dates of open complaints that have none; return a line for the sweep."""
    pending = Complaint.objects.filter(status__in=OPEN_STATUSES).filter(
        Q(reply_due_on__isnull=True) | Q(transfer_due_on__isnull=True)
    )
    filled = 0
    for pk in pending.values_list("pk", flat=True):
        with transaction.atomic():
            complaint = Complaint.objects.select_for_update().get(pk=pk)
            set_due_dates(complaint, complaint.routed_at or complaint.received_at)
            if complaint.reply_due_on is None:
                continue
            complaint.save(update_fields=["reply_due_on", "transfer_due_on", "updated_at"])
            note = f"工作日历已覆盖，答复期限为{complaint.reply_due_on:%Y-%m-%d}。"
            add_event(complaint, ComplaintEventKind.DUE_DATES_SET, None, note, name="系统")
            filled += 1
    left = pending.filter(reply_due_on__isnull=True).count()
    if left:
        logger.warning("%s open complaints still lack a reply deadline", left)
    return f"投诉举报：补算期限{filled}件，仍因工作日历未覆盖无法计算{left}件。"

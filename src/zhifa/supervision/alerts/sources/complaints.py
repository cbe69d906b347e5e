"""Complaints still open after their handling deadline (投诉举报办理超期)."""

import datetime

from zhifa.core.chinese_dates import chinese_date
from zhifa.supervision.alerts.facts import AlertFact
from zhifa.supervision.alerts.models import AlertKind
from zhifa.supervision.alerts.sources import register
from zhifa.supervision.complaints.figures import OverdueComplaint, overdue_complaints


def overdue_message(item: OverdueComplaint) -> str:
    """Build the alert text from ``label`` and ``due_on`` alone.

    The text goes into emails and outbound messages, so it takes no other detail of the
    complaint, such as its lookup code. The label leaves out the deadline, so it appears once.
    """
    return f"{item.label}，答复期限{chinese_date(item.due_on)}已过，仍未办结。"[:500]


def check(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
    """Report overdue complaints of the agencies; unrouted ones (agency None) go to the bureau."""
    in_scope = set(agency_ids)
    return [
        AlertFact(
            kind=AlertKind.COMPLAINT_OVERDUE,
            agency_id=item.agency_id,
            target_key=f"complaint:{item.complaint_id}",
            message=overdue_message(item),
            url=item.url,
        )
        for item in overdue_complaints(today)
        if item.agency_id is None or item.agency_id in in_scope
    ]


register("complaints", {AlertKind.COMPLAINT_OVERDUE}, check)

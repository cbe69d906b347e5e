"""Next year's holiday schedule not imported by 1 November (节假日安排未导入).

The State Council usually publishes the schedule in early November, and no working-day
deadline that reaches into next year can be counted until it is loaded.
"""

import datetime

from django.urls import reverse

from zhifa.core.models import CalendarYear
from zhifa.supervision.alerts.facts import AlertFact
from zhifa.supervision.alerts.models import AlertKind
from zhifa.supervision.alerts.sources import register

FROM_MONTH = 11


def check(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
    if today.month < FROM_MONTH:
        return []
    upcoming = today.year + 1
    if CalendarYear.objects.filter(year=upcoming).exists():
        return []
    return [
        AlertFact(
            kind=AlertKind.CALENDAR_MISSING,
            agency_id=None,
            target_key=f"calendar:{upcoming}",
            message=(
                f"工作日历尚未导入{upcoming}年的节假日安排，跨入{upcoming}年的期限无法计算。"
                "请在国务院办公厅公布安排后导入。"
            ),
            url=reverse("core:calendar"),
        )
    ]


register("calendar", {AlertKind.CALENDAR_MISSING}, check)

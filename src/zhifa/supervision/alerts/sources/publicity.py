"""Publications due within two working days or past their due date (公示期限)."""

import datetime

from django.urls import reverse

from zhifa.core.chinese_dates import chinese_date
from zhifa.publicity.models import Publication
from zhifa.publicity.watch.deadlines import deadline_board
from zhifa.supervision.alerts.facts import AlertFact
from zhifa.supervision.alerts.models import AlertKind
from zhifa.supervision.alerts.sources import register


def _fact(kind: str, publication: Publication, due_on: datetime.date, wording: str) -> AlertFact:
    return AlertFact(
        kind=kind,
        agency_id=publication.agency_id,
        target_key=f"publication:{publication.pk}",
        message=f"“{publication.title}”应于{chinese_date(due_on)}前公示，{wording}。",
        url=reverse("publicity:publication_detail", args=[publication.pk]),
    )


def check(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
    in_scope = set(agency_ids)
    facts = []
    for row in deadline_board(None, today).agencies:
        if row.agency_id not in in_scope:
            continue
        # The board lists only drafts with a due date as due soon or overdue.
        for item in row.due_soon:
            if item.due_on is not None:
                facts.append(_fact(AlertKind.PUBLICATION_DUE, item, item.due_on, "即将到期"))
        for item in row.overdue:
            if item.due_on is not None:
                facts.append(_fact(AlertKind.PUBLICATION_OVERDUE, item, item.due_on, "已超期"))
    return facts


register("publicity", {AlertKind.PUBLICATION_DUE, AlertKind.PUBLICATION_OVERDUE}, check)

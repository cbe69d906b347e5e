"""When a case's decision becomes final for court enforcement (申请人民法院强制执行)."""

import datetime

from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.models import Case, Stage
from zhifa.core.workdays import shanghai_date
from zhifa.remedies.models import Remedy
from zhifa.remedies.rules import RemedyFacts, final_on


def served_on(case: Case) -> datetime.date | None:
    """Return the day the decision counts as served, from the latest service-stage step.

    Service steps store ``deemed_served_on`` (30 days after an announcement) or ``served_on``.
    """
    corrected = set(case.steps.filter(corrects__isnull=False).values_list("corrects_id", flat=True))
    for row in case.steps.filter(stage=Stage.SERVICE).order_by("-sequence"):
        if row.pk in corrected:
            continue
        value = row.details.get("deemed_served_on") or row.details.get("served_on")
        if value:
            return shanghai_date(value)
    return None


def decision_final_on(case: Case) -> datetime.date | None:
    """Return the first day the case's decision is final for court enforcement, or None.

    None while the decision is not served or a remedy is pending, and after an outcome that
    leaves nothing to enforce. The rules are in ``zhifa.remedies.rules.final_on``.
    """
    remedies = [
        RemedyFacts(remedy.kind, remedy.status, remedy.outcome, remedy.concluded_on)
        for remedy in Remedy.objects.filter(case=case)
    ]
    return final_on(served_on(case), remedies, CALENDAR)

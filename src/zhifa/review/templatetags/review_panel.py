"""The legal review panel (法制审核) of the case page, and the date filters of review pages.

The panel is an inclusion tag, so the case view stays unchanged: the case page only includes
``review/_case_panel.html``.
"""

import datetime
from typing import Any

from django import template
from django.utils import timezone

from zhifa.accounts.roles import Capability
from zhifa.cases.models import Case, CaseStatus
from zhifa.core.chinese_dates import chinese_date, chinese_datetime
from zhifa.review import documents, status
from zhifa.review.actions.requests import is_overdue
from zhifa.review.forms_requests import FlagForm
from zhifa.review.models import (
    MajorDecisionFlag,
    RequestState,
    ReviewObjection,
    ReviewOpinion,
    ReviewRequest,
)
from zhifa.review.views.requests import available_actions, resubmission_due, submission_open

register = template.Library()


@register.filter(name="chinese_date")
def chinese_date_filter(value: datetime.date | None) -> str:
    """Return ``2026年12月5日`` for a date, an aware time in Shanghai time, or "" for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        return chinese_datetime(value)
    return chinese_date(value)


@register.filter(name="proposed_decision")
def proposed_decision(review: ReviewRequest) -> str:
    """Return the round's proposed decision in words, with every penalty type and amount."""
    return documents.decision_text({"kind": review.decision_kind, **(review.proposal or {})})


def next_step(review_status: status.ReviewStatus) -> str:
    """Return the panel's next step, which no longer offers an objection once one was raised."""
    latest = review_status.latest
    if latest is None or latest.state not in (RequestState.RETURNED, RequestState.DISAPPROVED):
        return review_status.next_step
    objection = ReviewObjection.objects.filter(request=latest).first()
    if objection is None:
        return review_status.next_step
    # NOTE: ``status.review_status`` words the next step without the objection, so the panel
    # replaces it here. The panel is the only screen that shows the next step.
    return "单位领导已决定采纳审核意见，请承办部门按审核意见修改后重新送审。"


def _rounds(case: Case) -> list[dict[str, Any]]:
    requests = list(
        ReviewRequest.objects.filter(case=case)
        .select_related("review_department", "review_department__agency", "judicial_office")
        .order_by("round_number")
    )
    opinions = {
        opinion.request_id: opinion
        for opinion in ReviewOpinion.objects.filter(request__in=requests).select_related("document")
    }
    today = timezone.localdate()
    return [
        {
            "round": row,
            "opinion": opinions.get(row.pk),
            "overdue": is_overdue(row, today),
        }
        for row in requests
    ]


@register.inclusion_tag("review/_case_panel_body.html", takes_context=True)
def review_case_panel(context: dict[str, Any], case: Case) -> dict[str, Any]:
    """Return the panel's context: the assessment, flags, rounds and what the viewer may do."""
    request = context.get("request")
    user = getattr(request, "user", None)
    # The compliance panel of the same page already asked the gate (see gate.decision_blocker).
    review_status = getattr(case, "_review_status", None) or status.review_status(case)
    rounds = _rounds(case)
    latest = review_status.latest
    can_manage = bool(
        user is not None and user.can(Capability.MANAGE_CASES) and case.status != CaseStatus.CLOSED
    )
    may_submit = review_status.assessment.major and submission_open(latest)
    flags = list(MajorDecisionFlag.objects.filter(case=case).select_related("set_by"))
    return {
        "case": case,
        "status": review_status,
        "next_step": next_step(review_status),
        "assessment": review_status.assessment,
        "rounds": rounds,
        "open_flags": [flag for flag in flags if flag.cleared_at is None],
        "cleared_flags": [flag for flag in flags if flag.cleared_at is not None],
        "can_manage": can_manage,
        "flag_form": FlagForm() if can_manage else None,
        "can_submit": can_manage and may_submit,
        "latest": latest,
        # Resubmission is offered by the submit button above, so only the round's other forms.
        "latest_actions": (
            available_actions(user, latest) - {"resubmit"} if latest and user is not None else set()
        ),
        "resubmission": resubmission_due(latest),
        "csrf_token": context.get("csrf_token"),
    }

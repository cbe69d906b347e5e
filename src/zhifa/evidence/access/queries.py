"""Scoped queries of the access pages and API: requests and the access log with filters."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.scope import restrict
from zhifa.evidence.models import AccessLog, AccessRequest, AccessRequestStatus


def requests_of(user: User) -> QuerySet[AccessRequest]:
    """Return the requests ``user`` filed, newest first."""
    return AccessRequest.objects.filter(requester=user).select_related(
        "record", "record__agency", "decided_by"
    )


def approval_queue(user: User) -> QuerySet[AccessRequest]:
    """Return the pending requests in ``user``'s scope that someone else filed."""
    pending = AccessRequest.objects.filter(status=AccessRequestStatus.PENDING).exclude(
        requester=user
    )
    return restrict(pending, user).select_related("record", "record__agency", "requester")


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def access_log(user: User, filters: dict[str, Any]) -> QuerySet[AccessLog]:
    """Return the access log in ``user``'s scope, narrowed by the filter form's cleaned data."""
    rows = restrict(AccessLog.objects.all(), user).select_related(
        "record", "record__agency", "case_file", "case_file__agency", "user", "request"
    )
    if filters.get("agency"):
        agency = filters["agency"]
        rows = rows.filter(Q(record__agency=agency) | Q(case_file__agency=agency))
    if (filters.get("user") or "").strip():
        rows = rows.filter(user__username__iexact=filters["user"].strip())
    if filters.get("record"):
        rows = rows.filter(record_id=filters["record"])
    if filters.get("action"):
        rows = rows.filter(action=filters["action"])
    if filters.get("date_from"):
        rows = rows.filter(at__gte=_start_of_day(filters["date_from"]))
    if filters.get("date_to"):
        rows = rows.filter(at__lt=_start_of_day(filters["date_to"] + datetime.timedelta(days=1)))
    return rows

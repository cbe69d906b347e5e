"""The in-app notification list (预警提醒): a user's open alerts by kind, with read marks."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from zhifa.accounts import audit
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict, scope_for
from zhifa.core.errors import NotFound, NotPermitted
from zhifa.supervision.alerts.models import Alert, AlertKind, AlertRead
from zhifa.supervision.alerts.recipients import visible_kinds
from zhifa.supervision.alerts.refresh import RefreshResult, refresh


@dataclass
class KindGroup:
    kind: str
    label: str
    alerts: list[Alert] = field(default_factory=list)

    @property
    def unread(self) -> int:
        return len([alert for alert in self.alerts if not alert.is_read])  # type: ignore[attr-defined]


def open_alerts(user: Any) -> QuerySet[Alert]:
    """Return the user's open alerts: in scope, of the kinds the user's roles deal with."""
    read = AlertRead.objects.filter(alert=OuterRef("pk"), user=user)
    return (
        restrict(Alert.objects.filter(resolved_at__isnull=True), user)
        .filter(kind__in=visible_kinds(user))
        .select_related("agency")
        .annotate(is_read=Exists(read))
        .order_by("kind", "agency__sort_order", "agency_id", "raised_at", "pk")
    )


def grouped(user: Any) -> list[KindGroup]:
    alerts = list(open_alerts(user))
    groups = []
    for kind in AlertKind:
        rows = [alert for alert in alerts if alert.kind == kind.value]
        if rows:
            groups.append(KindGroup(kind.value, kind.label, rows))
    return groups


def refresh_for(user: Any, today: datetime.date) -> RefreshResult:
    """Re-run the sources for the agencies in the user's scope, so fixed causes clear at once.

    A district-wide user refreshes every agency and the district-wide causes.

    NOTE: the case and AV sources load every open case in scope, so for the bureau this page
    costs as much as a sweep. It was not measured on a large data set.
    """
    scope = scope_for(user)
    agency_ids = None if scope.all_agencies else sorted(scope.agency_ids)
    if agency_ids == []:
        return RefreshResult()
    result = refresh(agency_ids, today)
    if result.raised or result.resolved:
        with transaction.atomic():
            audit.record(
                "alerts_refreshed",
                actor=user,
                detail={"raised": len(result.raised), "resolved": result.resolved},
            )
    return result


def mark_read(user: Any, alert_ids: list[int]) -> int:
    """Mark the user's alerts read; return how many marks were added.

    Raises NotFound when an id is not one of the user's open alerts.
    """
    if not user.can(Capability.VIEW_BACKOFFICE):
        raise NotPermitted("您的角色不能使用预警提醒。")
    alerts = list(open_alerts(user).filter(pk__in=alert_ids))
    if len(alerts) != len(set(alert_ids)):
        raise NotFound("预警不存在、已消除或不在您的查看范围内，请刷新页面后重试。", field="alert")
    with transaction.atomic():
        added = 0
        for alert in alerts:
            _, created = AlertRead.objects.get_or_create(alert=alert, user=user)
            added += int(created)
        if added:
            audit.record(
                "alerts_marked_read", actor=user, detail={"alerts": sorted(a.pk for a in alerts)}
            )
    return added

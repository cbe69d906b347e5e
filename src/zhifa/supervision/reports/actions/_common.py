"""Helpers shared by the report actions: permission, scope, locking, notes and the history entry."""

import datetime
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.supervision.reports import figures as report_figures
from zhifa.supervision.reports.models import AnnualReport, MonthlyReport, ReportEvent

ReportT = TypeVar("ReportT", MonthlyReport, AnnualReport)

# The maximum length of a report's notes (说明), in characters.
NOTES_MAX_LENGTH = 3000


def require(user: User, capability: str) -> None:
    if not user.can(capability):
        raise NotPermitted(f"您的角色没有“{Capability(capability).label}”权限。")


def lock(user: User, model: type[ReportT], report: ReportT | int) -> ReportT:
    """Return the report locked for update, or raise NotFound when it is outside the scope."""
    pk = report if isinstance(report, int) else report.pk
    found = restrict(model.objects.select_for_update().filter(pk=pk), user).first()
    if found is None:
        raise NotFound("报表不存在或不在您的管理范围内。")
    return found


def require_status(
    report: MonthlyReport | AnnualReport, allowed: set[str], action_label: str
) -> None:
    """Refuse the action unless the report's status is one of ``allowed``."""
    if report.status not in allowed:
        label = report.get_status_display()
        raise InvalidTransition(f"报表当前状态为“{label}”，不能{action_label}。", field="status")


def compile_one(
    agency_id: int, starts_on: datetime.date, ends_on: datetime.date, today: datetime.date
) -> dict[str, Any]:
    rows = report_figures.compile_figures([agency_id], starts_on, ends_on, today)
    return report_figures.as_json(rows[agency_id])


def save_report_notes(
    user: User,
    model: type[ReportT],
    report: ReportT | int,
    notes: str,
    allowed: set[str],
    action: str,
) -> ReportT:
    """Save the notes (说明) of a report in one of the ``allowed`` statuses, with its history.

    The caller checks the capability. ``action`` is the audit action code of the save.
    """
    text = (notes or "").strip()
    if len(text) > NOTES_MAX_LENGTH:
        raise ValidationFailed(
            f"“说明”不能超过{NOTES_MAX_LENGTH}字，当前{len(text)}字，请精简。", field="notes"
        )
    with transaction.atomic():
        locked = lock(user, model, report)
        require_status(locked, allowed, "修改说明")
        locked.notes = text
        locked.save(update_fields=["notes"])
        record_event(locked, action, user, comment=text)
    return locked


def record_event(
    report: MonthlyReport | AnnualReport,
    action: str,
    actor: User | None,
    *,
    comment: str = "",
    figures: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> ReportEvent:
    """Append the history entry and the audit entry of one action, in the caller's transaction."""
    event = ReportEvent.objects.create(
        agency_id=report.agency_id,
        monthly=report if isinstance(report, MonthlyReport) else None,
        annual=report if isinstance(report, AnnualReport) else None,
        action=action,
        actor=actor,
        actor_name=str(actor) if actor is not None else "系统",
        status_after=report.status,
        comment=comment,
        figures=figures or {},
    )
    audit.record(
        action,
        actor=actor,
        target=report,
        agency_id=report.agency_id,
        detail={"status": report.status, **(detail or {})},
        username="system" if actor is None else "",
    )
    return event


def now() -> datetime.datetime:
    return timezone.now()

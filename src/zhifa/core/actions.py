"""Actions on the shared tables: the working-day calendar and the rule parameters.

Each action checks the capability, writes inside one transaction and appends its audit entry
in that transaction. ``user=None`` means a trusted operator on the command line; the audit
entry then names the source instead of an account.
"""

import datetime
import logging
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest

from zhifa.accounts.audit import record
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.core import calendar_import
from zhifa.core.errors import NotPermitted, ValidationFailed
from zhifa.core.models import CalendarDay, CalendarYear, DayKind, RuleParameter

logger = logging.getLogger(__name__)

COMMAND_LINE_USERNAME = "命令行"


def _require(user: User | None, capability: str) -> None:
    if user is not None and not user.can(capability):
        raise NotPermitted(f"您的角色没有“{Capability(capability).label}”权限。")


def set_calendar_day(
    user: User | None,
    day: datetime.date,
    kind: str,
    *,
    festival: str = "",
    source: str = "",
    request: HttpRequest | None = None,
) -> CalendarDay:
    """Mark one day of a loaded year as a public holiday or a make-up working day."""
    _require(user, Capability.MANAGE_CALENDAR)
    if kind not in DayKind.values:
        raise ValidationFailed(f"类型“{kind}”无效，应为法定节假日或调休工作日。", field="kind")
    if not CalendarYear.objects.filter(year=day.year).exists():
        raise ValidationFailed(
            f"{day.year} 年的节假日安排尚未导入，请先导入该年度的安排文件，再调整单日。",
            field="date",
        )
    if kind == DayKind.MAKEUP_WORKING_DAY and day.weekday() < 5:
        raise ValidationFailed(
            f"{day.isoformat()} 是周一至周五，本来就是工作日，不能设为调休工作日。", field="date"
        )

    with transaction.atomic():
        previous = CalendarDay.objects.filter(date=day).first()
        calendar_day, _ = CalendarDay.objects.update_or_create(
            date=day,
            defaults={"kind": kind, "festival": festival.strip(), "source": source.strip()},
        )
        record(
            "calendar_day_set",
            actor=user,
            target=calendar_day,
            username=COMMAND_LINE_USERNAME,
            request=request,
            detail={
                "date": day.isoformat(),
                "kind": kind,
                "previous_kind": previous.kind if previous else None,
                "festival": calendar_day.festival,
                "source": calendar_day.source,
            },
        )
    logger.info("calendar day %s set to %s", day, kind)
    return calendar_day


def remove_calendar_day(
    user: User | None, day: datetime.date, *, request: HttpRequest | None = None
) -> None:
    """Remove a day's override, so the weekday rule decides it again."""
    _require(user, Capability.MANAGE_CALENDAR)
    with transaction.atomic():
        calendar_day = CalendarDay.objects.select_for_update().filter(date=day).first()
        if calendar_day is None:
            raise ValidationFailed(
                f"{day.isoformat()} 没有节假日或调休记录，无需删除。", field="date"
            )
        detail = {"date": day.isoformat(), "kind": calendar_day.kind}
        calendar_day.delete()
        record(
            "calendar_day_removed",
            actor=user,
            username=COMMAND_LINE_USERNAME,
            request=request,
            detail=detail,
        )
    logger.info("calendar day %s removed", day)


def import_calendar(
    user: User | None,
    text: str,
    *,
    source: str,
    replace: bool = False,
    request: HttpRequest | None = None,
) -> list[calendar_import.YearChange]:
    """Load a holiday schedule CSV, all rows or none, and return what changed in each year.

    A year that is loaded already is replaced only when ``replace`` is true; otherwise
    ``calendar_import.YearsAlreadyLoaded`` names those years and nothing is written.
    """
    _require(user, Capability.MANAGE_CALENDAR)
    source = source.strip()
    if not source:
        raise ValidationFailed(
            "请填写依据，例如“国务院办公厅关于2027年部分节假日安排的通知”。", field="source"
        )
    rows = calendar_import.parse_schedule(text)

    with transaction.atomic():
        changes = calendar_import.load_schedule(rows, source=source, user=user, replace=replace)
        record(
            "calendar_imported",
            actor=user,
            username=COMMAND_LINE_USERNAME,
            request=request,
            detail={
                "years": [change.year for change in changes],
                "rows": len(rows),
                "source": source,
                "replaced": {
                    str(change.year): change.as_detail() for change in changes if change.replaced
                },
            },
        )
    return changes


def update_rule_parameter(
    user: User | None,
    parameter: RuleParameter,
    *,
    value: Decimal,
    legal_source: str,
    confirmed: bool,
    change_note: str,
    request: HttpRequest | None = None,
) -> RuleParameter:
    """Change a rule parameter's value, source or confirmation; the change note is required."""
    _require(user, Capability.EDIT_RULE_PARAMETERS)
    change_note = change_note.strip()
    if not change_note:
        raise ValidationFailed("请填写修改说明，写明修改的理由和依据。", field="change_note")
    if not legal_source.strip():
        raise ValidationFailed("请填写依据。", field="legal_source")
    unchanged = (
        parameter.value == value
        and parameter.legal_source == legal_source.strip()
        and parameter.confirmed == confirmed
    )
    if unchanged:
        raise ValidationFailed("数值、依据和核实状态都没有变化，无需保存。", field="value")

    with transaction.atomic():
        before = {
            "value": str(parameter.value),
            "legal_source": parameter.legal_source,
            "confirmed": parameter.confirmed,
        }
        parameter.value = value
        parameter.legal_source = legal_source.strip()
        parameter.confirmed = confirmed
        parameter.save(update_fields=["value", "legal_source", "confirmed", "updated_at"])
        record(
            "rule_parameter_changed",
            actor=user,
            target=parameter,
            username=COMMAND_LINE_USERNAME,
            request=request,
            detail={
                "key": parameter.key,
                "before": before,
                "after": {
                    "value": str(value),
                    "legal_source": parameter.legal_source,
                    "confirmed": confirmed,
                },
                "note": change_note,
            },
        )
    logger.info("rule parameter %s changed", parameter.key)
    return parameter

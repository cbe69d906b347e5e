"""The life of a schedule version: drafted by the agency, approved or returned by the bureau.

档案法实施条例 Art. 19: the schedule takes effect once the archives authority at the same level
approves it. Approving a version makes it the agency's current one at once and marks the
earlier approved version superseded. The 施行日期 is only recorded and shown, with the 批复文号.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.archives.retention.categories import lock_schedule, require_editor
from zhifa.archives.retention.models import (
    Condition,
    RecordClass,
    RetentionCategory,
    RetentionSchedule,
    ScheduleStatus,
)
from zhifa.archives.retention.periods import approved_schedule, district_template
from zhifa.archives.retention.reasons import checked_reason
from zhifa.cases.actions._common import require, required_text, today
from zhifa.core.chinese_dates import chinese_date
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed

OPEN_STATUSES = (ScheduleStatus.DRAFT, ScheduleStatus.SUBMITTED, ScheduleStatus.RETURNED)
# Bounds of 施行日期: no agency here had an approved schedule before 2000, and a bureau approves
# a schedule for the coming year at most, so a date outside is a typing error.
EARLIEST_EFFECTIVE_DATE = datetime.date(2000, 1, 1)
MAX_DAYS_AHEAD = 366


def start_draft(user: User) -> RetentionSchedule:
    """Open the next version of the user's agency, copying the approved one or the template.

    An agency works on one version at a time, so an open draft, submitted or returned
    version must be finished first.
    """
    require(user, Capability.MANAGE_RETENTION_SCHEDULE)
    if user.agency_id is None:
        raise NotFound("您的账号未关联执法主体，不能编制保管期限表。")
    with transaction.atomic():
        versions = RetentionSchedule.objects.select_for_update().filter(agency_id=user.agency_id)
        open_version = versions.filter(status__in=OPEN_STATUSES).first()
        if open_version is not None:
            raise InvalidTransition(
                f"第{open_version.version}版尚未审批完成"
                f"（{open_version.get_status_display()}），请在该版本上继续。"
            )
        source = approved_schedule(user.agency_id) or district_template()
        last = versions.aggregate(last=Max("version"))["last"] or 0
        draft = RetentionSchedule.objects.create(
            agency_id=user.agency_id, version=last + 1, created_by=user
        )
        if source is not None:
            copy_categories(source, draft)
        audit.record(
            "retention_schedule_drafted",
            actor=user,
            target=draft,
            agency_id=draft.agency_id,
            detail={"copied_from": source.pk if source else None},
        )
    return draft


def copy_categories(source: RetentionSchedule, target: RetentionSchedule) -> None:
    RetentionCategory.objects.bulk_create(
        RetentionCategory(
            schedule=target,
            code=category.code,
            name=category.name,
            record_class=category.record_class,
            case_kinds=list(category.case_kinds),
            condition=category.condition,
            retention_months=category.retention_months,
        )
        for category in source.categories.all()
    )


def check_complete(schedule: RetentionSchedule) -> None:
    """Raise unless every case and routine recordings find a category in ``schedule``."""
    categories = list(schedule.categories.all())
    catch_all = any(
        category.record_class == RecordClass.CASE_FILE
        and not category.case_kinds
        and category.condition == Condition.ANY
        for category in categories
    )
    if not catch_all:
        raise ValidationFailed(
            "保管期限表须有一条适用于全部案件类型、适用条件为“不限”的案卷类目，"
            "以免有案卷找不到保管期限。",
            field="categories",
        )
    if not any(category.record_class == RecordClass.ROUTINE_AV for category in categories):
        raise ValidationFailed("保管期限表须有一条“未作为证据的音像记录”类目。", field="categories")


def submit(user: User, schedule: RetentionSchedule, note: str = "") -> RetentionSchedule:
    """Send a draft or returned version to the archives bureau for approval."""
    with transaction.atomic():
        schedule = lock_schedule(schedule.pk)
        if schedule.is_template:
            raise InvalidTransition("区默认期限表由区档案局直接维护，无需报送。")
        require_editor(user, schedule)
        check_complete(schedule)
        schedule.status = ScheduleStatus.SUBMITTED
        schedule.submitted_at = timezone.now()
        schedule.note = (note or schedule.note).strip()[:5000]
        schedule.save(update_fields=["status", "submitted_at", "note"])
        audit.record(
            "retention_schedule_submitted",
            actor=user,
            target=schedule,
            agency_id=schedule.agency_id,
        )
    return schedule


def _lock_submitted(user: User, schedule: RetentionSchedule) -> RetentionSchedule:
    require(user, Capability.APPROVE_RETENTION_SCHEDULES)
    schedule = lock_schedule(schedule.pk)
    if schedule.status != ScheduleStatus.SUBMITTED:
        raise InvalidTransition(
            f"第{schedule.version}版处于“{schedule.get_status_display()}”状态，不能审批。"
        )
    return schedule


def checked_effective_date(effective_from: datetime.date | None) -> datetime.date:
    """Return 施行日期, or raise ``ValidationFailed`` when it is missing or out of range."""
    if effective_from is None:
        raise ValidationFailed("请填写“施行日期”。", field="effective_from")
    latest = today() + datetime.timedelta(days=MAX_DAYS_AHEAD)
    if not EARLIEST_EFFECTIVE_DATE <= effective_from <= latest:
        raise ValidationFailed(
            f"“施行日期”{chinese_date(effective_from)}超出范围，"
            f"须在{chinese_date(EARLIEST_EFFECTIVE_DATE)}至{chinese_date(latest)}之间，"
            "请按批复文件填写。",
            field="effective_from",
        )
    return effective_from


def approve(
    user: User,
    schedule: RetentionSchedule,
    approval_number: str,
    effective_from: datetime.date | None,
) -> RetentionSchedule:
    """Approve a submitted version; the agency's earlier approved version is superseded."""
    number = required_text(approval_number, "approval_number", "批复文号", 100)
    effective_from = checked_effective_date(effective_from)
    with transaction.atomic():
        schedule = _lock_submitted(user, schedule)
        previous = approved_schedule(schedule.agency_id)
        if previous is not None:
            previous.status = ScheduleStatus.SUPERSEDED
            previous.save(update_fields=["status"])
        schedule.status = ScheduleStatus.APPROVED
        schedule.decided_by = user
        schedule.decided_at = timezone.now()
        schedule.approval_number = number
        schedule.effective_from = effective_from
        schedule.save()
        audit.record(
            "retention_schedule_approved",
            actor=user,
            target=schedule,
            agency_id=schedule.agency_id,
            detail={
                "approval_number": number,
                "effective_from": effective_from.isoformat(),
                "superseded": previous.pk if previous else None,
            },
        )
    return schedule


def return_schedule(user: User, schedule: RetentionSchedule, reason: str) -> RetentionSchedule:
    """Send a submitted version back to the agency with the reason; it becomes editable."""
    text = checked_reason(reason, "reason", "退回理由")
    with transaction.atomic():
        schedule = _lock_submitted(user, schedule)
        schedule.status = ScheduleStatus.RETURNED
        schedule.decided_by = user
        schedule.decided_at = timezone.now()
        schedule.decision_note = text
        schedule.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit.record(
            "retention_schedule_returned",
            actor=user,
            target=schedule,
            agency_id=schedule.agency_id,
            detail={"reason": text},
        )
    return schedule

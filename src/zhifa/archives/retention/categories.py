"""Editing the categories (类目) of a draft schedule or of the district template.

Case files are kept permanently, 30 years or 10 years (国家档案局令第8号 names 永久 and 定期,
normally 30 or 10 years). Recordings not used as evidence get a number of months, from 6 to
120 (10 years), and never a permanent period: a recording worth keeping longer is evidence and
is kept with its case file.
"""

from dataclasses import dataclass, field

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.archives import periods
from zhifa.archives.retention.models import (
    Condition,
    RecordClass,
    RetentionCategory,
    RetentionSchedule,
    ScheduleStatus,
)
from zhifa.archives.retention.periods import (
    ROUTINE_AV_MAXIMUM_MONTHS,
    ROUTINE_AV_MINIMUM_MONTHS,
)
from zhifa.cases.actions._common import require, required_text
from zhifa.cases.models import CaseKind
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed

CASE_FILE_PERIODS = (periods.PERMANENT, periods.YEARS_30, periods.YEARS_10)
EDITABLE = (ScheduleStatus.DRAFT, ScheduleStatus.RETURNED)


@dataclass
class CategoryInput:
    """One category as the form sends it; ``retention_months`` None means permanent."""

    code: str
    name: str
    record_class: str
    retention_months: int | None
    condition: str = Condition.ANY
    case_kinds: list[str] = field(default_factory=list)


def lock_schedule(pk: int) -> RetentionSchedule:
    """Return the schedule locked for update, so a status check holds until commit."""
    return RetentionSchedule.objects.select_for_update().get(pk=pk)


def require_editor(user: User, schedule: RetentionSchedule) -> None:
    """Raise unless ``user`` may edit ``schedule`` now.

    The archives bureau edits the district template at any time. An agency's archivist edits
    the agency's draft or returned version; any other user gets ``NotFound``.
    """
    if schedule.is_template:
        require(user, Capability.APPROVE_RETENTION_SCHEDULES)
        return
    require(user, Capability.MANAGE_RETENTION_SCHEDULE)
    if user.agency_id != schedule.agency_id:
        raise NotFound("保管期限表不存在。")
    if schedule.status not in EDITABLE:
        raise InvalidTransition(
            f"第{schedule.version}版处于“{schedule.get_status_display()}”状态，不能修改。"
        )


def clean_period(record_class: str, months: int | None) -> int | None:
    if record_class == RecordClass.ROUTINE_AV:
        if months is None or months < ROUTINE_AV_MINIMUM_MONTHS:
            raise ValidationFailed(
                f"未作为证据的音像记录保管期限至少{ROUTINE_AV_MINIMUM_MONTHS}个月，"
                "不能设为永久，请填写月数。",
                field="retention_months",
            )
        if months > ROUTINE_AV_MAXIMUM_MONTHS:
            raise ValidationFailed(
                f"未作为证据的音像记录保管期限最长{ROUTINE_AV_MAXIMUM_MONTHS}个月（10 年），"
                f"“月数”{months}超出范围；需要更长期保存的录像应作为证据随案卷归档。",
                field="retention_months",
            )
        return months
    if months not in CASE_FILE_PERIODS:
        raise ValidationFailed(
            "案卷的“保管期限”只能是永久、30 年或 10 年，请重新选择。", field="retention_months"
        )
    return months


def clean_category(data: CategoryInput) -> CategoryInput:
    """Return the input stripped and checked, or raise ``ValidationFailed`` naming the field."""
    if data.record_class not in RecordClass.values:
        raise ValidationFailed("请选择“档案门类”。", field="record_class")
    if data.condition not in Condition.values:
        raise ValidationFailed("请选择“适用条件”。", field="condition")
    unknown = [kind for kind in data.case_kinds if kind not in CaseKind.values]
    if unknown:
        raise ValidationFailed(f"案件类型“{'、'.join(unknown)}”不存在。", field="case_kinds")
    routine = data.record_class == RecordClass.ROUTINE_AV
    return CategoryInput(
        code=required_text(data.code, "code", "条目号", 20),
        name=required_text(data.name, "name", "类目名称", 200),
        record_class=data.record_class,
        retention_months=clean_period(data.record_class, data.retention_months),
        # Routine recordings belong to no case, so kinds and conditions do not apply.
        condition=Condition.ANY if routine else data.condition,
        case_kinds=[] if routine else sorted(set(data.case_kinds)),
    )


def _check_code_free(schedule: RetentionSchedule, code: str, exclude_pk: int | None) -> None:
    others = schedule.categories.filter(code=code)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ValidationFailed(f"条目号“{code}”已在本表中使用，请换一个。", field="code")


def save_category(
    user: User,
    schedule: RetentionSchedule,
    data: CategoryInput,
    category: RetentionCategory | None = None,
) -> RetentionCategory:
    """Add a category to ``schedule``, or change ``category`` when given."""
    clean = clean_category(data)
    with transaction.atomic():
        schedule = lock_schedule(schedule.pk)
        require_editor(user, schedule)
        _check_code_free(schedule, clean.code, category.pk if category else None)
        row = category or RetentionCategory(schedule=schedule)
        row.code = clean.code
        row.name = clean.name
        row.record_class = clean.record_class
        row.retention_months = clean.retention_months
        row.condition = clean.condition
        row.case_kinds = clean.case_kinds
        row.save()
        audit.record(
            "retention_category_saved",
            actor=user,
            target=schedule,
            agency_id=schedule.agency_id,
            detail={"code": row.code, "months": row.retention_months},
        )
    return row


def delete_category(user: User, category: RetentionCategory) -> None:
    with transaction.atomic():
        schedule = lock_schedule(category.schedule_id)
        require_editor(user, schedule)
        audit.record(
            "retention_category_deleted",
            actor=user,
            target=schedule,
            agency_id=schedule.agency_id,
            detail={"code": category.code},
        )
        category.delete()

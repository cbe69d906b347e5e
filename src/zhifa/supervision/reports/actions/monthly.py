"""The monthly report's workflow: compile, notes, check (核对), file (报送), accept or return.

Every allowed (from, to) pair of statuses is in ``TRANSITIONS``. Filing freezes the figures;
a returned report is recompiled (back to draft), checked and filed again.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import scope_for
from zhifa.agencies.models import Agency
from zhifa.core.errors import InvalidTransition, NotFound, ValidationFailed
from zhifa.core.workdays import shanghai_date
from zhifa.review.figures import FIRST_YEAR
from zhifa.supervision.reports.actions._common import (
    compile_one,
    lock,
    now,
    record_event,
    require,
    require_status,
    save_report_notes,
)
from zhifa.supervision.reports.deadlines import month_bounds, month_has_ended, monthly_due_on
from zhifa.supervision.reports.models import MonthlyReport
from zhifa.supervision.reports.models import MonthlyStatus as S

logger = logging.getLogger(__name__)

TRANSITIONS = frozenset(
    {
        (S.DRAFT, S.DRAFT),  # recompiled
        (S.CHECKED, S.DRAFT),  # recompiled: the new figures must be checked again
        (S.RETURNED, S.DRAFT),  # recompiled after the bureau returned it
        (S.DRAFT, S.CHECKED),
        (S.CHECKED, S.FILED),
        (S.FILED, S.ACCEPTED),
        (S.FILED, S.RETURNED),
    }
)


def statuses_before(target: str) -> set[str]:
    """Return the statuses from which a report may move to ``target``."""
    return {source for source, to in TRANSITIONS if to == target}


def _check_month(year: int, month: int, today: datetime.date) -> None:
    """Reject a month outside 1 to 12, before ``FIRST_YEAR``, or not yet ended.

    The month must have ended by ``today`` and by the real Shanghai date. So a month still
    under way cannot be drafted by a job run with a future date, nor checked or filed.
    """
    if not 1 <= month <= 12:
        raise ValidationFailed(f"“月份”{month}无效，请填写1至12。", field="month")
    if year < FIRST_YEAR:
        raise ValidationFailed(
            f"“月份”{year}年{month}月无效，月报最早从{FIRST_YEAR}年1月起编制。", field="month"
        )
    if not month_has_ended(year, month, today):
        raise ValidationFailed(
            f"{year}年{month}月尚未结束，月报须在该月结束后才能汇总、核对和报送。",
            field="month",
        )


def _compile_into(report: MonthlyReport, today: datetime.date) -> None:
    starts_on, ends_on = month_bounds(report.year, report.month)
    report.figures = compile_one(report.agency_id, starts_on, ends_on, today)
    report.compiled_at = now()
    if report.due_on is None:
        report.due_on = monthly_due_on(report.year, report.month)


def _create(agency_id: int, year: int, month: int, today: datetime.date) -> MonthlyReport | None:
    """Create and compile a draft; None when another transaction created it first."""
    report = MonthlyReport(agency_id=agency_id, year=year, month=month)
    _compile_into(report, today)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        return None
    return report


def open_monthly(
    user: User, agency: Agency | int, year: int, month: int, today: datetime.date
) -> MonthlyReport:
    """Return the agency's report of the month, creating and compiling the draft if missing."""
    require(user, Capability.PREPARE_REPORTS)
    agency_id = agency if isinstance(agency, int) else agency.pk
    if not scope_for(user).includes(agency_id):
        raise NotFound("执法主体不存在或不在您的管理范围内。")
    _check_month(year, month, today)

    existing = MonthlyReport.objects.filter(agency_id=agency_id, year=year, month=month).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        report = _create(agency_id, year, month, today)
        if report is None:
            return MonthlyReport.objects.get(agency_id=agency_id, year=year, month=month)
        record_event(report, "monthly_report_created", user)
    logger.info("monthly report %s created by user %s", report.pk, user.pk)
    return report


def create_drafts(year: int, month: int, today: datetime.date) -> int:
    """Create the month's missing drafts of every agency, as the system; return how many."""
    _check_month(year, month, today)
    having = set(
        MonthlyReport.objects.filter(year=year, month=month).values_list("agency_id", flat=True)
    )
    created = 0
    for agency_id in Agency.objects.exclude(pk__in=having).values_list("pk", flat=True):
        with transaction.atomic():
            report = _create(agency_id, year, month, today)
            if report is None:
                continue
            record_event(report, "monthly_report_created", None)
        created += 1
    logger.info("monthly report drafts of %s-%02d created: %s", year, month, created)
    return created


def recompile_monthly(
    user: User, report: MonthlyReport | int, today: datetime.date
) -> MonthlyReport:
    """Compile the figures again from the current data; a checked report needs a new check."""
    require(user, Capability.PREPARE_REPORTS)
    with transaction.atomic():
        locked = lock(user, MonthlyReport, report)
        require_status(locked, statuses_before(S.DRAFT), "重新汇总（已报送的月报数据已冻结）")
        _check_month(locked.year, locked.month, today)
        _compile_into(locked, today)
        locked.status = S.DRAFT
        locked.save(update_fields=["figures", "compiled_at", "due_on", "status"])
        record_event(locked, "monthly_report_compiled", user)
    logger.info("monthly report %s recompiled by user %s", locked.pk, user.pk)
    return locked


def save_notes(user: User, report: MonthlyReport | int, notes: str) -> MonthlyReport:
    """Save the preparer's notes (说明); allowed until the report is filed."""
    require(user, Capability.PREPARE_REPORTS)
    allowed: set[str] = {S.DRAFT, S.CHECKED, S.RETURNED}
    return save_report_notes(
        user, MonthlyReport, report, notes, allowed, "monthly_report_notes_saved"
    )


def check_monthly(user: User, report: MonthlyReport | int) -> MonthlyReport:
    """Mark the draft checked (核对) by the preparer."""
    require(user, Capability.PREPARE_REPORTS)
    with transaction.atomic():
        locked = lock(user, MonthlyReport, report)
        require_status(locked, statuses_before(S.CHECKED), "核对（请先重新汇总）")
        _check_month(locked.year, locked.month, timezone.localdate())
        locked.status = S.CHECKED
        locked.save(update_fields=["status"])
        record_event(locked, "monthly_report_checked", user)
    return locked


def file_monthly(user: User, report: MonthlyReport | int) -> MonthlyReport:
    """File (报送) a checked report with the bureau; its figures are frozen from now on."""
    require(user, Capability.PREPARE_REPORTS)
    with transaction.atomic():
        locked = lock(user, MonthlyReport, report)
        if locked.status == S.DRAFT:
            raise InvalidTransition("月报须先核对再报送。", field="status")
        require_status(locked, statuses_before(S.FILED), "报送")
        _check_month(locked.year, locked.month, timezone.localdate())
        filed_at = now()
        locked.status = S.FILED
        locked.filed_at = filed_at
        locked.first_filed_at = locked.first_filed_at or filed_at
        locked.return_reason = ""
        locked.save(update_fields=["status", "filed_at", "first_filed_at", "return_reason"])
        late = locked.due_on is not None and shanghai_date(filed_at) > locked.due_on
        record_event(
            locked,
            "monthly_report_filed",
            user,
            figures=locked.figures,
            detail={"late": late},
        )
    logger.info("monthly report %s filed by user %s", locked.pk, user.pk)
    return locked


def accept_monthly(user: User, report: MonthlyReport | int, comment: str = "") -> MonthlyReport:
    """Accept (接收) a filed report; the bureau only."""
    require(user, Capability.ACCEPT_REPORTS)
    with transaction.atomic():
        locked = lock(user, MonthlyReport, report)
        require_status(locked, statuses_before(S.ACCEPTED), "接收")
        locked.status = S.ACCEPTED
        locked.decided_at = now()
        locked.save(update_fields=["status", "decided_at"])
        record_event(locked, "monthly_report_accepted", user, comment=(comment or "").strip())
    return locked


def return_monthly(user: User, report: MonthlyReport | int, reason: str) -> MonthlyReport:
    """Return (退回) a filed report to the agency with a reason; the bureau only."""
    require(user, Capability.ACCEPT_REPORTS)
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed("请填写“退回理由”，说明需要核实或更正的内容。", field="reason")
    with transaction.atomic():
        locked = lock(user, MonthlyReport, report)
        require_status(locked, statuses_before(S.RETURNED), "退回")
        locked.status = S.RETURNED
        locked.decided_at = now()
        locked.return_reason = text
        locked.save(update_fields=["status", "decided_at", "return_reason"])
        record_event(locked, "monthly_report_returned", user, comment=text)
    return locked

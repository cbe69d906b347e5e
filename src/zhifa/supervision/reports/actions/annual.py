"""The annual report (年度执法数据): compiled over the year, approved by the agency head.

Approval publishes it: the figures are frozen and a snapshot (``PublishedAnnualReport``) is
written for the portal, which reads nothing else.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import scope_for
from zhifa.agencies.models import Agency
from zhifa.core.errors import NotFound, ValidationFailed
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
from zhifa.supervision.reports.deadlines import capped_today
from zhifa.supervision.reports.models import AnnualReport, AnnualStatus, PublishedAnnualReport

logger = logging.getLogger(__name__)


def _check_year(year: int, today: datetime.date) -> None:
    """Reject a year before ``FIRST_YEAR`` or not yet ended by ``today`` and the real date."""
    if year < FIRST_YEAR:
        raise ValidationFailed(
            f"“年度”{year}无效，年度执法数据最早从{FIRST_YEAR}年度起汇总。", field="year"
        )
    if year >= capped_today(today).year:
        raise ValidationFailed(
            f"{year}年度尚未结束，年度执法数据须在次年汇总和发布。", field="year"
        )


def _compile_into(report: AnnualReport, today: datetime.date) -> None:
    starts_on = datetime.date(report.year, 1, 1)
    ends_on = datetime.date(report.year, 12, 31)
    report.figures = compile_one(report.agency_id, starts_on, ends_on, today)
    report.compiled_at = now()


def compile_annual(
    user: User, agency: Agency | int, year: int, today: datetime.date
) -> AnnualReport:
    """Create or recompile the agency's draft annual report of ``year``."""
    require(user, Capability.PREPARE_REPORTS)
    agency_id = agency if isinstance(agency, int) else agency.pk
    if not scope_for(user).includes(agency_id):
        raise NotFound("执法主体不存在或不在您的管理范围内。")
    _check_year(year, today)

    with transaction.atomic():
        existing = AnnualReport.objects.filter(agency_id=agency_id, year=year).first()
        if existing is None:
            try:
                with transaction.atomic():
                    existing = AnnualReport.objects.create(agency_id=agency_id, year=year)
            except IntegrityError:
                existing = AnnualReport.objects.get(agency_id=agency_id, year=year)
        locked = lock(user, AnnualReport, existing)
        require_status(locked, {AnnualStatus.DRAFT}, "重新汇总（已发布的年度数据已冻结）")
        _compile_into(locked, today)
        locked.save(update_fields=["figures", "compiled_at"])
        record_event(locked, "annual_report_compiled", user)
    return locked


def save_annual_notes(user: User, report: AnnualReport | int, notes: str) -> AnnualReport:
    """Save the notes (说明) published with the annual data; allowed until it is published."""
    require(user, Capability.PREPARE_REPORTS)
    allowed: set[str] = {AnnualStatus.DRAFT}
    return save_report_notes(
        user, AnnualReport, report, notes, allowed, "annual_report_notes_saved"
    )


def publish_annual(user: User, report: AnnualReport | int) -> AnnualReport:
    """Approve (审定) the annual report and publish its snapshot on the portal."""
    require(user, Capability.APPROVE_ANNUAL_REPORTS)
    with transaction.atomic():
        locked = lock(user, AnnualReport, report)
        require_status(locked, {AnnualStatus.DRAFT}, "审定发布")
        _check_year(locked.year, timezone.localdate())
        if locked.compiled_at is None:
            raise ValidationFailed("年度执法数据尚未汇总，请先汇总。", field="figures")
        published_at = now()
        locked.status = AnnualStatus.PUBLISHED
        locked.published_at = published_at
        locked.save(update_fields=["status", "published_at"])
        agency = locked.agency
        PublishedAnnualReport.objects.create(
            report=locked,
            year=locked.year,
            agency_id_public=agency.pk,
            agency_name=agency.name,
            agency_short_name=agency.short_name,
            sort_order=agency.sort_order,
            figures=locked.figures,
            notes=locked.notes,
            published_at=published_at,
        )
        record_event(locked, "annual_report_published", user, figures=locked.figures)
    logger.info("annual report %s published by user %s", locked.pk, user.pk)
    return locked

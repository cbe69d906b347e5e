"""The monthly report's workflow: compile, check, file, freeze, accept, return and refile."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.supervision.reports.actions import annual, monthly
from zhifa.supervision.reports.deadlines import monthly_due_on
from zhifa.supervision.reports.differences import differences
from zhifa.supervision.reports.filings import (
    filing_timeliness,
    overdue_annual_reports,
    overdue_filings,
)
from zhifa.supervision.reports.models import (
    AnnualReport,
    AnnualStatus,
    MonthlyReport,
    MonthlyStatus,
)
from zhifa.supervision.reports.tests.support import at, case, penalty, step

TODAY = datetime.date(2026, 4, 20)


@pytest.fixture
def preparer(make_user: Any, agency_a: Agency) -> User:
    return make_user("preparer_a", Role.REVIEWER, agency=agency_a)


def _filed(preparer: User, agency: Agency) -> MonthlyReport:
    report = monthly.open_monthly(preparer, agency, 2026, 3, TODAY)
    monthly.check_monthly(preparer, report)
    return monthly.file_monthly(preparer, report)


def test_deadline_skips_national_day(db: None) -> None:
    # 30 September 2026 is a Wednesday; 1 to 7 October are holidays and Saturday 10 October
    # is a make-up working day, so the fifth working day is Tuesday 13 October.
    assert monthly_due_on(2026, 9) == datetime.date(2026, 10, 13)


def test_deadline_pending_without_calendar(db: None) -> None:
    assert monthly_due_on(2099, 12) is None


def test_open_compiles_draft(preparer: User, agency_a: Agency) -> None:
    step(
        case(agency_a, "penalty_summary", datetime.date(2026, 3, 3)),
        "on_the_spot_decision",
        at(3, 3),
        penalty(["fine"], "100"),
    )

    report = monthly.open_monthly(preparer, agency_a, 2026, 3, TODAY)

    assert report.status == MonthlyStatus.DRAFT
    assert report.figures["cases_opened"] == 1
    assert report.figures["fine_total"] == "100"
    assert report.due_on == datetime.date(2026, 4, 8)
    assert AuditEntry.objects.filter(action="monthly_report_created").count() == 1


def test_open_rejects_unfinished_month(preparer: User, agency_a: Agency) -> None:
    with pytest.raises(ValidationFailed) as raised:
        monthly.open_monthly(preparer, agency_a, 2026, 4, TODAY)

    assert raised.value.field == "month"


def test_open_rejects_other_agency(preparer: User, agency_b: Agency) -> None:
    with pytest.raises(NotFound):
        monthly.open_monthly(preparer, agency_b, 2026, 3, TODAY)


def test_officer_may_not_prepare(officer_user: User, agency_a: Agency) -> None:
    with pytest.raises(NotPermitted):
        monthly.open_monthly(officer_user, agency_a, 2026, 3, TODAY)


def test_file_requires_check(preparer: User, agency_a: Agency) -> None:
    report = monthly.open_monthly(preparer, agency_a, 2026, 3, TODAY)

    with pytest.raises(InvalidTransition):
        monthly.file_monthly(preparer, report)


def test_filed_report_frozen(preparer: User, agency_a: Agency) -> None:
    report = _filed(preparer, agency_a)

    with pytest.raises(InvalidTransition):
        monthly.recompile_monthly(preparer, report, TODAY)
    with pytest.raises(InvalidTransition):
        monthly.save_notes(preparer, report, "修改")
    assert report.events.filter(action="monthly_report_filed").get().figures == report.figures


def test_frozen_report_shows_differences(preparer: User, agency_a: Agency) -> None:
    report = _filed(preparer, agency_a)
    step(
        case(agency_a, "penalty_summary", datetime.date(2026, 3, 9)),
        "on_the_spot_decision",
        at(3, 9),
        penalty(["fine"], "150"),
    )

    changed = {row.metric.code: row for row in differences(report, TODAY)}
    report.refresh_from_db()

    assert report.figures["cases_opened"] == 0
    assert changed["cases_opened"].frozen == 0
    assert changed["cases_opened"].live == 1
    assert str(changed["fine_total"].live) == "150"
    assert "publications_published" not in changed


def test_supervisor_accepts(preparer: User, supervisor_user: User, agency_a: Agency) -> None:
    report = _filed(preparer, agency_a)

    accepted = monthly.accept_monthly(supervisor_user, report)

    assert accepted.status == MonthlyStatus.ACCEPTED
    with pytest.raises(InvalidTransition):
        monthly.return_monthly(supervisor_user, report, "迟到的退回")


def test_preparer_may_not_accept(preparer: User, agency_a: Agency) -> None:
    report = _filed(preparer, agency_a)

    with pytest.raises(NotPermitted):
        monthly.accept_monthly(preparer, report)


def test_return_and_refile(preparer: User, supervisor_user: User, agency_a: Agency) -> None:
    report = _filed(preparer, agency_a)
    step(case(agency_a, "inspection", datetime.date(2026, 3, 10)), "inspection_result", at(3, 10))

    with pytest.raises(ValidationFailed):
        monthly.return_monthly(supervisor_user, report, "  ")
    returned = monthly.return_monthly(supervisor_user, report, "检查数据漏报，请重新汇总。")
    assert returned.status == MonthlyStatus.RETURNED

    recompiled = monthly.recompile_monthly(preparer, report, TODAY)
    assert recompiled.figures["inspections"] == 1
    monthly.check_monthly(preparer, report)
    refiled = monthly.file_monthly(preparer, report)

    assert refiled.status == MonthlyStatus.FILED
    assert refiled.return_reason == ""
    filings = list(refiled.events.filter(action="monthly_report_filed"))
    assert [row.figures["inspections"] for row in filings] == [0, 1]


def test_timeliness_counts_first_filing(preparer: User, agency_a: Agency, agency_b: Agency) -> None:
    report = _filed(preparer, agency_a)
    MonthlyReport.objects.filter(pk=report.pk).update(first_filed_at=at(4, 9, 9))

    counts = filing_timeliness([agency_a.pk, agency_b.pk], 2026, TODAY)

    # January to March are due by 20 April 2026; March's deadline was 8 April.
    assert counts[agency_a.pk].due == 3
    assert counts[agency_a.pk].filed_late == 1
    assert counts[agency_a.pk].unfiled == 2
    assert counts[agency_b.pk].unfiled == 3


def test_overdue_lists_unfiled(preparer: User, agency_a: Agency, agency_b: Agency) -> None:
    _filed(preparer, agency_a)

    overdue = overdue_filings(TODAY)

    assert [(row.agency_id, row.year, row.month) for row in overdue] == [(agency_b.pk, 2026, 3)]
    assert overdue[0].due_on == datetime.date(2026, 4, 8)


def test_daily_job_creates_drafts(agency_a: Agency, agency_b: Agency) -> None:
    from zhifa.supervision.reports.jobs import create_last_month_drafts

    line = create_last_month_drafts(datetime.date(2026, 4, 1))
    again = create_last_month_drafts(datetime.date(2026, 4, 2))

    assert "2份" in line
    assert "0份" in again
    assert MonthlyReport.objects.filter(year=2026, month=3).count() == 2


def _far_future() -> datetime.date:
    """Return a day more than a year after the real date, as a sweep run with --date may pass."""
    return timezone.localdate() + datetime.timedelta(days=400)


def test_job_skips_month_not_really_ended(agency_a: Agency) -> None:
    from zhifa.supervision.reports.jobs import create_last_month_drafts

    future = _far_future()
    line = create_last_month_drafts(future)

    assert "尚未结束" in line
    assert not MonthlyReport.objects.exists()


def test_job_skips_month_before_first_year(agency_a: Agency) -> None:
    from zhifa.supervision.reports.jobs import create_last_month_drafts

    line = create_last_month_drafts(datetime.date(1900, 1, 1))

    assert "早于2018年" in line
    assert not MonthlyReport.objects.exists()


def test_drafts_reject_future_today(agency_a: Agency) -> None:
    real = timezone.localdate()

    with pytest.raises(ValidationFailed) as raised:
        monthly.create_drafts(real.year, real.month, _far_future())

    assert raised.value.field == "month"
    assert not MonthlyReport.objects.exists()


def test_open_rejects_month_before_first_year(preparer: User, agency_a: Agency) -> None:
    with pytest.raises(ValidationFailed) as raised:
        monthly.open_monthly(preparer, agency_a, 2017, 12, TODAY)

    assert raised.value.field == "month"


def test_open_rejects_current_month_with_future_today(preparer: User, agency_a: Agency) -> None:
    real = timezone.localdate()

    with pytest.raises(ValidationFailed):
        monthly.open_monthly(preparer, agency_a, real.year, real.month, _far_future())


def test_unended_draft_not_checked_or_filed(preparer: User, agency_a: Agency) -> None:
    # A draft of the current month, as the job wrote it when run with a future date.
    real = timezone.localdate()
    report = MonthlyReport.objects.create(agency=agency_a, year=real.year, month=real.month)

    with pytest.raises(ValidationFailed):
        monthly.check_monthly(preparer, report)
    with pytest.raises(ValidationFailed):
        monthly.recompile_monthly(preparer, report, _far_future())
    MonthlyReport.objects.filter(pk=report.pk).update(status=MonthlyStatus.CHECKED)
    with pytest.raises(ValidationFailed):
        monthly.file_monthly(preparer, report)
    report.refresh_from_db()
    assert report.status == MonthlyStatus.CHECKED
    assert report.filed_at is None


def test_overdue_ignores_report_before_first_year(agency_a: Agency, agency_b: Agency) -> None:
    # A draft of December 1899, written before the actions rejected such months.
    MonthlyReport.objects.create(agency=agency_a, year=1899, month=12)

    assert overdue_filings(TODAY) == []


def test_overdue_caps_today_at_real_date(preparer: User, agency_a: Agency) -> None:
    _filed(preparer, agency_a)
    real = timezone.localdate()

    overdue = overdue_filings(_far_future())

    assert overdue
    assert all((row.year, row.month) < (real.year, real.month) for row in overdue)
    assert all(row.due_on < real for row in overdue)


def test_timeliness_caps_today_at_real_date(agency_a: Agency) -> None:
    real = timezone.localdate()

    capped = filing_timeliness([agency_a.pk], real.year, _far_future())

    # At least the current month is due only with a future day, once its deadline is countable.
    assert capped == filing_timeliness([agency_a.pk], real.year, real)


def test_overdue_annual_caps_today_at_real_date(agency_a: Agency) -> None:
    real = timezone.localdate()

    overdue = overdue_annual_reports(datetime.date(real.year + 2, 6, 1))

    assert all(row.year < real.year for row in overdue)


def test_annual_rejects_year_not_ended(agency_head_user: User, agency_a: Agency) -> None:
    real_year = timezone.localdate().year

    with pytest.raises(ValidationFailed) as raised:
        annual.compile_annual(agency_head_user, agency_a, real_year, _far_future())
    assert raised.value.field == "year"
    with pytest.raises(ValidationFailed):
        annual.compile_annual(agency_head_user, agency_a, 2017, TODAY)
    assert not AnnualReport.objects.exists()


def test_unended_annual_draft_not_published(agency_head_user: User, agency_a: Agency) -> None:
    real_year = timezone.localdate().year
    report = AnnualReport.objects.create(
        agency=agency_a, year=real_year, compiled_at=timezone.now()
    )

    with pytest.raises(ValidationFailed):
        annual.publish_annual(agency_head_user, report)
    report.refresh_from_db()
    assert report.status == AnnualStatus.DRAFT

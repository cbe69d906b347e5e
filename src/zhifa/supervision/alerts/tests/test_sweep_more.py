"""Raise-and-clear tests of the review, report, complaint and calendar alerts.

Each test refreshes the alerts of the whole district for a fixed day, as the daily sweep does,
fixes the cause through the real actions and refreshes again. The report actions reject months
and years not yet ended by the real date, so the reports are of September 2026 and of 2025.
"""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.core.actions import import_calendar
from zhifa.core.models import CalendarYear
from zhifa.review import actions as review_actions
from zhifa.review.tests.support import ReviewWorld, no_pdf, opinion, review_world, submission
from zhifa.supervision.alerts.models import Alert, AlertKind
from zhifa.supervision.alerts.refresh import refresh
from zhifa.supervision.complaints.actions import reply_to_complaint, route_complaint
from zhifa.supervision.complaints.tests.support import REASONED_REPLY, make_complaint, shanghai
from zhifa.supervision.reports.actions import annual, monthly
from zhifa.supervision.reports.models import MonthlyReport

__all__ = ["no_pdf", "review_world"]  # fixtures used by name

D = datetime.date
DAY = D(2026, 11, 10)

SCHEDULE_2027 = """date,kind,festival
2027-01-01,holiday,元旦
2027-02-06,holiday,春节
2027-04-05,holiday,清明节
2027-05-03,holiday,劳动节
2027-06-09,holiday,端午节
2027-09-15,holiday,中秋节
2027-10-01,holiday,国庆节
"""

SCHEDULE_2028 = """date,kind,festival
2028-01-01,holiday,元旦
2028-01-26,holiday,春节
2028-04-04,holiday,清明节
2028-05-01,holiday,劳动节
2028-05-29,holiday,端午节
2028-10-02,holiday,国庆节
2028-10-03,holiday,中秋节
"""


def open_alerts(kind: str) -> list[Alert]:
    return list(Alert.objects.filter(kind=kind, resolved_at__isnull=True).order_by("pk"))


def open_alert(kind: str, target_key: str) -> Alert:
    return Alert.objects.get(kind=kind, target_key=target_key, resolved_at__isnull=True)


def is_resolved(alert: Alert) -> bool:
    return Alert.objects.get(pk=alert.pk).resolved_at is not None


@pytest.fixture
def preparer(make_user: Any, agency_a: Agency) -> User:
    return make_user("preparer_a", Role.REVIEWER, agency=agency_a)


# --- Legal review rounds ---------------------------------------------------------------------


@pytest.mark.django_db
def test_review_overdue_cleared_by_opinion(review_world: ReviewWorld, no_pdf: None) -> None:
    world = review_world
    # The round is timed from the real date, so the day after its due date may be in the future.
    request = review_actions.submit(world.officer_user, world.case, submission(world.case))
    assert request.due_on is not None
    late_day = request.due_on + datetime.timedelta(days=1)

    refresh(None, request.due_on)
    assert open_alerts(AlertKind.REVIEW_OVERDUE) == []

    refresh(None, late_day)
    alert = open_alert(AlertKind.REVIEW_OVERDUE, f"review_request:{request.pk}")
    assert alert.agency_id == world.case.agency_id
    assert alert.url == reverse("review:request_detail", args=[request.pk])
    assert world.case.number in alert.message
    assert "第1轮" in alert.message

    review_actions.issue_opinion(world.reviewer_user, request, opinion(request))
    refresh(None, late_day)
    assert open_alerts(AlertKind.REVIEW_OVERDUE) == []
    assert is_resolved(alert)


@pytest.mark.django_db
def test_review_overdue_cleared_by_extension(review_world: ReviewWorld, no_pdf: None) -> None:
    world = review_world
    request = review_actions.submit(world.officer_user, world.case, submission(world.case))
    assert request.due_on is not None
    late_day = request.due_on + datetime.timedelta(days=1)
    refresh(None, late_day)
    alert = open_alert(AlertKind.REVIEW_OVERDUE, f"review_request:{request.pk}")

    extended = review_actions.extend(world.head, request, "案情复杂，需要补充研究")
    assert extended.due_on is not None
    assert extended.due_on >= late_day

    refresh(None, late_day)
    assert is_resolved(alert)
    assert open_alerts(AlertKind.REVIEW_OVERDUE) == []


# --- Monthly reports -------------------------------------------------------------------------


def _file_september(preparer: User, agency: Agency) -> MonthlyReport:
    report = monthly.open_monthly(preparer, agency, 2026, 9, DAY)
    monthly.check_monthly(preparer, report)
    return monthly.file_monthly(preparer, report)


@pytest.mark.django_db
def test_monthly_report_overdue_cleared_by_filing(
    preparer: User, agency_a: Agency, agency_b: Agency
) -> None:
    report = monthly.open_monthly(preparer, agency_a, 2026, 9, DAY)
    # September's deadline is 13 October 2026, the fifth working day after the month ended.
    assert report.due_on == D(2026, 10, 13)
    key = f"monthly_report:{agency_a.pk}:2026-09"

    refresh(None, D(2026, 10, 13))
    assert open_alerts(AlertKind.MONTHLY_REPORT_OVERDUE) == []

    refresh(None, DAY)
    alert = open_alert(AlertKind.MONTHLY_REPORT_OVERDUE, key)
    assert alert.agency_id == agency_a.pk
    assert alert.url == reverse("reports:monthly_detail", args=[report.pk])
    assert "2026年9月" in alert.message
    # Agency B has no report of the month, so its alert links to the month's list.
    other = open_alert(AlertKind.MONTHLY_REPORT_OVERDUE, f"monthly_report:{agency_b.pk}:2026-09")
    assert other.url == reverse("reports:monthly_list") + "?month=2026-09"

    monthly.check_monthly(preparer, report)
    monthly.file_monthly(preparer, report)
    refresh(None, DAY)

    assert is_resolved(alert)
    assert not is_resolved(other)
    # October is due too (6 November) and still unfiled, so only September cleared.
    october = f"monthly_report:{agency_a.pk}:2026-10"
    assert open_alert(AlertKind.MONTHLY_REPORT_OVERDUE, october).agency_id == agency_a.pk


@pytest.mark.django_db
def test_returned_monthly_report_raises_again(
    preparer: User, supervisor_user: User, agency_a: Agency
) -> None:
    report = _file_september(preparer, agency_a)
    key = f"monthly_report:{agency_a.pk}:2026-09"
    refresh(None, DAY)
    assert not Alert.objects.filter(target_key=key).exists()

    monthly.return_monthly(supervisor_user, report, "行政处罚案件数与案件台账不一致，请核实。")
    refresh(None, DAY)
    returned = open_alert(AlertKind.MONTHLY_REPORT_OVERDUE, key)
    assert returned.agency_id == agency_a.pk

    monthly.recompile_monthly(preparer, report, DAY)
    monthly.check_monthly(preparer, report)
    monthly.file_monthly(preparer, report)
    monthly.accept_monthly(supervisor_user, report)
    refresh(None, DAY)
    assert is_resolved(returned)


# --- Annual reports --------------------------------------------------------------------------


@pytest.mark.django_db
def test_annual_report_overdue_cleared_by_publishing(
    agency_head_user: User, agency_a: Agency, agency_b: Agency
) -> None:
    key = f"annual_report:{agency_a.pk}:2025"

    refresh(None, D(2026, 1, 31))
    assert open_alerts(AlertKind.ANNUAL_REPORT_OVERDUE) == []

    refresh(None, D(2026, 2, 1))
    alert = open_alert(AlertKind.ANNUAL_REPORT_OVERDUE, key)
    assert alert.agency_id == agency_a.pk
    assert alert.url == reverse("reports:annual_list") + "?year=2025"
    assert "2026年1月31日" in alert.message

    report = annual.compile_annual(agency_head_user, agency_a, 2025, DAY)
    refresh(None, DAY)
    assert open_alert(AlertKind.ANNUAL_REPORT_OVERDUE, key).pk == alert.pk

    annual.publish_annual(agency_head_user, report)
    refresh(None, DAY)
    assert is_resolved(alert)
    other = open_alert(AlertKind.ANNUAL_REPORT_OVERDUE, f"annual_report:{agency_b.pk}:2025")
    assert other.agency_id == agency_b.pk


# --- Complaints ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_complaint_overdue_cleared_by_reply(agency_head_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(agency_a, received_at=shanghai(2026, 9, 30))
    assert complaint.reply_due_on is not None
    assert complaint.reply_due_on < DAY
    key = f"complaint:{complaint.pk}"

    refresh(None, complaint.reply_due_on)
    assert open_alerts(AlertKind.COMPLAINT_OVERDUE) == []

    refresh(None, DAY)
    alert = open_alert(AlertKind.COMPLAINT_OVERDUE, key)
    assert alert.agency_id == agency_a.pk
    assert alert.url == reverse("complaints:complaint_detail", args=[complaint.pk])

    reply_to_complaint(agency_head_user, complaint.pk, REASONED_REPLY)
    refresh(None, DAY)
    assert is_resolved(alert)
    assert open_alerts(AlertKind.COMPLAINT_OVERDUE) == []


@pytest.mark.django_db
def test_unrouted_complaint_cleared_by_routing(supervisor_user: User, agency_a: Agency) -> None:
    complaint = make_complaint(None, received_at=shanghai(2026, 9, 30))
    key = f"complaint:{complaint.pk}"

    refresh(None, DAY)
    unrouted = open_alert(AlertKind.COMPLAINT_OVERDUE, key)
    assert unrouted.agency_id is None

    # Routing now restarts the reply deadline from the real date, which is after DAY.
    route_complaint(supervisor_user, complaint.pk, agency_a.pk)
    refresh(None, DAY)
    assert is_resolved(unrouted)
    assert open_alerts(AlertKind.COMPLAINT_OVERDUE) == []


def _routed_overdue_complaint(supervisor_user: User, agency_a: Agency) -> tuple[str, int]:
    """Raise the alert of an unrouted complaint, then route it so that it stays overdue."""
    complaint = make_complaint(None, received_at=shanghai(2026, 9, 30))
    key = f"complaint:{complaint.pk}"
    refresh(None, DAY)
    alert = open_alert(AlertKind.COMPLAINT_OVERDUE, key)
    assert alert.agency_id is None

    # Routed on 20 October, the reply was due on 27 October, so it stays overdue on DAY.
    route_complaint(supervisor_user, complaint.pk, agency_a.pk, occurred_at=shanghai(2026, 10, 20))
    return key, alert.pk


@pytest.mark.django_db
def test_overdue_complaint_alert_follows_routing(supervisor_user: User, agency_a: Agency) -> None:
    key, alert_pk = _routed_overdue_complaint(supervisor_user, agency_a)

    refresh(None, DAY)

    alert = open_alert(AlertKind.COMPLAINT_OVERDUE, key)
    assert alert.pk == alert_pk
    assert alert.agency_id == agency_a.pk


@pytest.mark.django_db
def test_agency_page_refresh_takes_over_routed_alert(
    supervisor_user: User, agency_a: Agency
) -> None:
    key, alert_pk = _routed_overdue_complaint(supervisor_user, agency_a)

    # The agency's notification page refreshes only its own agency's causes.
    result = refresh([agency_a.pk], DAY)

    assert result.failures == {}
    alert = open_alert(AlertKind.COMPLAINT_OVERDUE, key)
    assert alert.pk == alert_pk
    assert alert.agency_id == agency_a.pk


# --- Calendar --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_calendar_missing_cleared_by_import(system_admin_user: User) -> None:
    assert not CalendarYear.objects.filter(year=2027).exists()
    refresh(None, DAY)
    alert = open_alert(AlertKind.CALENDAR_MISSING, "calendar:2027")
    assert alert.agency_id is None
    assert alert.url == reverse("core:calendar")

    # A schedule of another year leaves the 2027 alert open.
    import_calendar(system_admin_user, SCHEDULE_2028, source="测试通知（2028年）")
    refresh(None, DAY)
    assert open_alert(AlertKind.CALENDAR_MISSING, "calendar:2027").pk == alert.pk

    import_calendar(system_admin_user, SCHEDULE_2027, source="测试通知（2027年）")
    refresh(None, DAY)
    assert is_resolved(alert)
    assert open_alerts(AlertKind.CALENDAR_MISSING) == []


def test_fixed_day_has_passed() -> None:
    # The report actions and filings judge deadlines on min(day, real date), so DAY must be past.
    assert timezone.localdate() >= DAY

import datetime

from zhifa.agencies.models import Agency
from zhifa.core.models import CalendarYear
from zhifa.supervision import daily
from zhifa.supervision.complaints.actions.deadlines import fill_missing_due_dates
from zhifa.supervision.complaints.models import Complaint, ComplaintEventKind
from zhifa.supervision.complaints.tests.support import make_complaint, shanghai


def test_uncovered_year_left_empty(agency_a: Agency) -> None:
    # Five working days after 30 December 2026 fall in 2027, whose schedule is not loaded.
    complaint = make_complaint(agency_a, received_at=shanghai(2026, 12, 30))

    assert complaint.reply_due_on is None
    assert complaint.transfer_due_on is None


def test_daily_job_fills_in(agency_a: Agency) -> None:
    complaint = make_complaint(agency_a, received_at=shanghai(2026, 12, 30))
    before = fill_missing_due_dates(datetime.date(2026, 12, 31))
    # An imported 2027 year without holiday rows, so 1 January counts as a working day here.
    CalendarYear.objects.create(year=2027, source="测试通知")

    after = fill_missing_due_dates(datetime.date(2026, 12, 31))

    assert "补算期限0件" in before
    assert "补算期限1件" in after
    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.reply_due_on == datetime.date(2027, 1, 6)
    assert stored.transfer_due_on == datetime.date(2027, 1, 4)
    assert stored.events.filter(kind=ComplaintEventKind.DUE_DATES_SET).count() == 1


def test_job_registered() -> None:
    assert "complaint_due_dates" in dict(daily.jobs())

"""The notification list, the dashboard and the ``supervision sweep`` command."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from zhifa.accounts.roles import Role
from zhifa.core.workdays import SHANGHAI
from zhifa.publicity.models import PublicationStatus
from zhifa.supervision.alerts.dashboard.charts import chart_data
from zhifa.supervision.alerts.dashboard.figures import build_dashboard
from zhifa.supervision.alerts.dashboard.period import Period
from zhifa.supervision.alerts.models import Alert, AlertKind, AlertRead
from zhifa.supervision.alerts.tests import support
from zhifa.supervision.complaints.tests.support import make_complaint, shanghai

D = datetime.date


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_list_shows_only_own_agency(agency_a, agency_b, make_user, today) -> None:
    head_a = make_user("head_a", Role.AGENCY_HEAD, agency=agency_a)
    head_b = make_user("head_b", Role.AGENCY_HEAD, agency=agency_b)
    mine = support.draft(
        agency_a, today - datetime.timedelta(days=40), today - datetime.timedelta(days=20)
    )
    theirs = support.draft(
        agency_b, today - datetime.timedelta(days=40), today - datetime.timedelta(days=20)
    )

    page = logged_in(head_a).get(reverse("alerts:notification_list")).content.decode()

    assert mine.title in page
    assert theirs.title not in page
    assert "公示已超期" in page
    other = logged_in(head_b).get(reverse("alerts:notification_list")).content.decode()
    assert theirs.title in other
    assert mine.title not in other


@pytest.mark.django_db
def test_list_clears_fixed_cause_at_once(agency_a, make_user, today) -> None:
    head = make_user("head", Role.AGENCY_HEAD, agency=agency_a)
    late = support.draft(
        agency_a, today - datetime.timedelta(days=40), today - datetime.timedelta(days=20)
    )
    client = logged_in(head)
    assert late.title in client.get(reverse("alerts:notification_list")).content.decode()

    late.status = PublicationStatus.PUBLISHED
    late.save(update_fields=["status"])

    assert late.title not in client.get(reverse("alerts:notification_list")).content.decode()


@pytest.mark.django_db
def test_mark_read_rejects_other_agency(agency_a, agency_b, make_user, today) -> None:
    head_a = make_user("head_a", Role.AGENCY_HEAD, agency=agency_a)
    head_b = make_user("head_b", Role.AGENCY_HEAD, agency=agency_b)
    support.draft(
        agency_b, today - datetime.timedelta(days=40), today - datetime.timedelta(days=20)
    )
    logged_in(head_b).get(reverse("alerts:notification_list"))
    theirs = Alert.objects.get(kind=AlertKind.PUBLICATION_OVERDUE)

    client = logged_in(head_a)
    response = client.post(reverse("alerts:mark_read"), {"alert": theirs.pk}, follow=True)
    assert "不在您的查看范围内" in response.content.decode()
    assert not AlertRead.objects.exists()

    logged_in(head_b).post(reverse("alerts:mark_read"), {"alert": theirs.pk})
    assert AlertRead.objects.filter(alert=theirs, user=head_b).exists()


@pytest.mark.django_db
def test_pages_require_login(client) -> None:
    for name in ("alerts:notification_list", "alerts:dashboard"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "login" in response["Location"]


@pytest.mark.django_db
def test_audit_admin_refused(audit_admin_user) -> None:
    client = logged_in(audit_admin_user)
    assert client.get(reverse("alerts:dashboard")).status_code == 403
    assert client.get(reverse("alerts:notification_list")).status_code == 403


def _published(agency, decided_on: D, due_on: D, published_on: D) -> None:
    support.draft(agency, decided_on, due_on)
    publication = agency.publications.order_by("-pk").first()
    publication.status = PublicationStatus.PUBLISHED
    publication.published_at = datetime.datetime.combine(
        published_on, datetime.time(9), tzinfo=SHANGHAI
    )
    publication.save(update_fields=["status", "published_at"])


@pytest.mark.django_db
def test_dashboard_numbers_on_known_data(agency_a, agency_b, supervisor_user, make_user) -> None:
    for opened_on in (D(2026, 1, 5), D(2026, 2, 3), D(2026, 2, 20)):
        support.case(agency_a, "penalty_ordinary", opened_on)
    support.case(agency_b, "penalty_ordinary", D(2026, 2, 10))
    support.case(agency_b, "penalty_ordinary", D(2026, 4, 1))
    _published(agency_a, D(2026, 1, 6), D(2026, 1, 15), D(2026, 1, 14))
    _published(agency_a, D(2026, 2, 2), D(2026, 2, 11), D(2026, 2, 25))
    _published(agency_b, D(2026, 2, 2), D(2026, 2, 11), D(2026, 2, 10))
    period = Period(2026, 1, 3)

    board = build_dashboard(supervisor_user, period, D(2026, 6, 1))

    rows = {row.agency_id: row for row in board.rows}
    assert rows[agency_a.pk].cases_by_month == [1, 2, 0]
    assert rows[agency_b.pk].cases_by_month == [0, 1, 0]
    assert board.total.cases_by_month == [1, 3, 0]
    assert rows[agency_a.pk].on_time_rate == 50
    assert rows[agency_b.pk].on_time_rate == 100
    assert board.total.publications_judged == 3
    assert board.total.publications_on_time == 2
    assert rows[agency_b.pk].rank == 1

    head_a = make_user("head_a", Role.AGENCY_HEAD, agency=agency_a)
    own = build_dashboard(head_a, period, D(2026, 6, 1))
    assert [row.agency_id for row in own.rows] == [agency_a.pk]
    assert own.total.cases_opened == 3


@pytest.mark.django_db
def test_dashboard_counts_unrouted_complaints(
    agency_a, agency_b, supervisor_user, make_user
) -> None:
    make_complaint(agency_a, received_at=shanghai(2026, 2, 3))
    make_complaint(agency_b, received_at=shanghai(2026, 3, 31, hour=23))
    make_complaint(None, received_at=shanghai(2026, 1, 1, hour=0))
    make_complaint(None, received_at=shanghai(2026, 4, 1, hour=0))
    period = Period(2026, 1, 3)

    board = build_dashboard(supervisor_user, period, D(2026, 6, 1))

    assert board.unrouted_complaints == 1
    assert [row.complaints for row in board.rows] == [1, 1]
    assert board.total.complaints == 3
    assert chart_data(board)["complaints"]["names"][-1] == "待分办"
    assert chart_data(board)["complaints"]["data"] == [1, 1, 1]

    head_a = make_user("head_a", Role.AGENCY_HEAD, agency=agency_a)
    own = build_dashboard(head_a, period, D(2026, 6, 1))
    assert own.unrouted_complaints is None
    assert own.total.complaints == 1


@pytest.mark.django_db
def test_dashboard_page_shows_unrouted_line(supervisor_user, agency_a, make_user) -> None:
    make_complaint(None, received_at=shanghai(2026, 2, 3))
    query = {"year": "2026", "month_from": "1", "month_to": "3"}

    page = logged_in(supervisor_user).get(reverse("alerts:dashboard"), query).content.decode()

    assert "<tr><td>待分办</td><td>1</td></tr>" in page
    assert '<tr class="total"><td>全区合计</td><td>1</td></tr>' in page
    head = make_user("head_a", Role.AGENCY_HEAD, agency=agency_a)
    own = logged_in(head).get(reverse("alerts:dashboard"), query).content.decode()
    assert "<td>待分办</td>" not in own


@pytest.mark.django_db
def test_dashboard_page_renders_charts(agency_a, supervisor_user) -> None:
    support.case(agency_a, "penalty_ordinary", D(2026, 1, 5))
    response = logged_in(supervisor_user).get(
        reverse("alerts:dashboard"), {"year": "2026", "month_from": "1", "month_to": "3"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="dashboard-data"' in page
    assert "echarts.min.js" in page
    assert "alerts/dashboard.js" in page
    assert "<script>" not in page


@pytest.mark.django_db
def test_dashboard_bad_month_message(supervisor_user) -> None:
    response = logged_in(supervisor_user).get(
        reverse("alerts:dashboard"), {"month_from": "5", "month_to": "2"}
    )
    assert "“起始月份”5月晚于“截止月份”2月" in response.content.decode()


@pytest.mark.django_db
def test_cli_sweep_of_today(agency_a, settings, today) -> None:
    settings.ZHIFA_ALERT_CHANNELS = ["zhifa.supervision.alerts.channels.LogChannel"]
    support.draft(
        agency_a, today - datetime.timedelta(days=40), today - datetime.timedelta(days=20)
    )
    out = io.StringIO()

    call_command("supervision", "sweep", "--date", today.isoformat(), stdout=out)

    assert f"{today.isoformat()} 每日检查完成。" in out.getvalue()
    assert "新增" in out.getvalue()
    assert Alert.objects.filter(kind=AlertKind.PUBLICATION_OVERDUE).count() == 1


@pytest.mark.django_db
def test_cli_earlier_day_read_only(agency_a, settings, today) -> None:
    settings.ZHIFA_ALERT_CHANNELS = ["zhifa.supervision.alerts.channels.LogChannel"]
    support.draft(
        agency_a, today - datetime.timedelta(days=40), today - datetime.timedelta(days=20)
    )
    call_command("supervision", "sweep", stdout=io.StringIO())
    rows = list(Alert.objects.values_list("pk", "resolved_at").order_by("pk"))
    earlier = today - datetime.timedelta(days=60)
    out = io.StringIO()

    call_command("supervision", "sweep", "--date", earlier.isoformat(), stdout=out)

    assert f"{earlier.isoformat()} 只读检查完成。" in out.getvalue()
    assert "将消除" in out.getvalue()
    assert list(Alert.objects.values_list("pk", "resolved_at").order_by("pk")) == rows


@pytest.mark.django_db
def test_cli_rejects_future_date(agency_a, today) -> None:
    support.draft(
        agency_a, today - datetime.timedelta(days=40), today - datetime.timedelta(days=20)
    )
    tomorrow = today + datetime.timedelta(days=1)

    for text in (tomorrow.isoformat(), "2031-01-01"):
        with pytest.raises(CommandError, match=f"日期“{text}”晚于今天") as raised:
            call_command("supervision", "sweep", "--date", text, stdout=io.StringIO())
        assert raised.value.returncode == 1
    assert not Alert.objects.exists()


@pytest.mark.django_db
def test_cli_rejects_date_before_2018(agency_a) -> None:
    for text in ("2017-12-31", "1900-01-01"):
        with pytest.raises(CommandError, match=f"日期“{text}”早于2018-01-01") as raised:
            call_command("supervision", "sweep", "--date", text, stdout=io.StringIO())
        assert raised.value.returncode == 1
    assert not Alert.objects.exists()


@pytest.mark.django_db
def test_cli_rejects_bad_date() -> None:
    with pytest.raises(CommandError, match="日期“2026-13-01”无效"):
        call_command("supervision", "sweep", "--date", "2026-13-01")

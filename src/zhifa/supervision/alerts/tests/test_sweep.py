"""The daily sweep: alerts appear with their cause, clear when it is fixed, and are sent once."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from zhifa.accounts.roles import Role
from zhifa.core.calendar_import import load_schedule, parse_schedule
from zhifa.core.errors import ValidationFailed
from zhifa.publicity.models import PublicationStatus
from zhifa.supervision import daily
from zhifa.supervision.alerts import sources
from zhifa.supervision.alerts.channels import Channel, ChannelMessage
from zhifa.supervision.alerts.facts import AlertFact
from zhifa.supervision.alerts.models import (
    Alert,
    AlertKind,
    AlertRead,
    Delivery,
    DeliveryStatus,
)
from zhifa.supervision.alerts.refresh import refresh
from zhifa.supervision.alerts.sources.complaints import overdue_message
from zhifa.supervision.alerts.sweep import run_sweep, sweep_day
from zhifa.supervision.alerts.tests import support
from zhifa.supervision.complaints.figures import OverdueComplaint
from zhifa.supervision.complaints.tests.support import make_complaint, shanghai

D = datetime.date
TODAY = D(2026, 11, 10)

SCHEDULE_2027 = """date,kind,festival
2027-01-01,holiday,元旦
2027-02-06,holiday,春节
2027-04-05,holiday,清明节
2027-05-03,holiday,劳动节
2027-06-09,holiday,端午节
2027-09-15,holiday,中秋节
2027-10-01,holiday,国庆节
"""

RECORDED: list[ChannelMessage] = []


class RecordingChannel(Channel):
    def send(self, message: ChannelMessage) -> None:
        RECORDED.append(message)


class BrokenChannel(Channel):
    def send(self, message: ChannelMessage) -> None:
        raise ConnectionError("网关无响应")


@pytest.fixture(autouse=True)
def _channels(settings: Any) -> None:
    RECORDED.clear()
    settings.ZHIFA_ALERT_CHANNELS = [
        f"{__name__}.BrokenChannel",
        f"{__name__}.RecordingChannel",
    ]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def open_alerts(kind: str) -> list[Alert]:
    return list(Alert.objects.filter(kind=kind, resolved_at__isnull=True))


@pytest.mark.django_db
def test_publication_overdue_raised_and_cleared(agency_a) -> None:
    late = support.draft(agency_a, D(2026, 10, 20), D(2026, 10, 29))
    refresh(None, TODAY)
    alerts = open_alerts(AlertKind.PUBLICATION_OVERDUE)
    assert [alert.target_key for alert in alerts] == [f"publication:{late.pk}"]
    assert alerts[0].agency_id == agency_a.pk
    assert "已超期" in alerts[0].message

    late.status = PublicationStatus.PUBLISHED
    late.save(update_fields=["status"])
    refresh(None, TODAY)
    assert open_alerts(AlertKind.PUBLICATION_OVERDUE) == []
    assert Alert.objects.get(pk=alerts[0].pk).resolved_at is not None


@pytest.mark.django_db
def test_publication_due_soon(agency_a) -> None:
    # 11/10 is a Tuesday, so the second working day after it is Thursday 11/12.
    soon = support.draft(agency_a, D(2026, 11, 2), D(2026, 11, 12))
    support.draft(agency_a, D(2026, 11, 9), D(2026, 11, 18))
    refresh(None, TODAY)
    keys = [alert.target_key for alert in open_alerts(AlertKind.PUBLICATION_DUE)]
    assert keys == [f"publication:{soon.pk}"]


@pytest.mark.django_db
def test_credential_expiring_raised_and_cleared(agency_a) -> None:
    person = support.officer(agency_a, TODAY + datetime.timedelta(days=10))
    support.officer(agency_a, TODAY + datetime.timedelta(days=400))
    refresh([agency_a.pk], TODAY)
    alerts = open_alerts(AlertKind.CREDENTIAL_EXPIRING)
    assert len(alerts) == 1
    assert person.full_name in alerts[0].message

    credential = person.credentials.get()
    credential.valid_until = TODAY + datetime.timedelta(days=1500)
    credential.save(update_fields=["valid_until"])
    refresh([agency_a.pk], TODAY)
    assert open_alerts(AlertKind.CREDENTIAL_EXPIRING) == []


@pytest.mark.django_db
def test_reviewer_ratio_raised_and_cleared(agency_a) -> None:
    for _ in range(3):
        support.officer(agency_a, TODAY + datetime.timedelta(days=400))
    refresh([agency_a.pk], TODAY)
    assert [alert.agency_id for alert in open_alerts(AlertKind.REVIEWER_RATIO_LOW)] == [agency_a.pk]

    support.reviewer(agency_a, D(2020, 1, 1))
    refresh([agency_a.pk], TODAY)
    assert open_alerts(AlertKind.REVIEWER_RATIO_LOW) == []


@pytest.mark.django_db
def test_catalog_not_filed_raised_and_cleared(agency_a, make_user) -> None:
    from zhifa.review.models import CatalogState, ReviewCatalog

    refresh([agency_a.pk], TODAY)
    alerts = open_alerts(AlertKind.CATALOG_NOT_FILED)
    assert [alert.agency_id for alert in alerts] == [agency_a.pk]
    assert "从未报备" in alerts[0].message

    author = make_user("catalog_author", Role.AGENCY_HEAD, agency=agency_a)
    ReviewCatalog.objects.create(
        agency=agency_a,
        version=1,
        state=CatalogState.FILED,
        effective_from=D(2026, 1, 1),
        created_by=author,
    )
    refresh([agency_a.pk], TODAY)
    assert open_alerts(AlertKind.CATALOG_NOT_FILED) == []


@pytest.mark.django_db
def test_case_decision_deadline_raised_and_cleared(agency_a) -> None:
    # Ninety days after 8/14 is 11/12, within five working days of 11/10.
    near = support.case(agency_a, "penalty_ordinary", D(2026, 8, 14))
    support.case(agency_a, "penalty_ordinary", D(2026, 10, 1))
    refresh([agency_a.pk], TODAY)
    alerts = open_alerts(AlertKind.CASE_DEADLINE)
    assert [alert.target_key for alert in alerts] == [f"case:{near.pk}"]
    assert "2026年11月12日" in alerts[0].message

    support.step(near, "penalty_decision", D(2026, 11, 9))
    refresh([agency_a.pk], TODAY)
    assert open_alerts(AlertKind.CASE_DEADLINE) == []


@pytest.mark.django_db
def test_calendar_missing_from_november() -> None:
    refresh(None, D(2026, 10, 31))
    assert open_alerts(AlertKind.CALENDAR_MISSING) == []

    refresh(None, TODAY)
    alerts = open_alerts(AlertKind.CALENDAR_MISSING)
    assert [(alert.agency_id, alert.target_key) for alert in alerts] == [(None, "calendar:2027")]

    load_schedule(parse_schedule(SCHEDULE_2027), source="测试通知")
    refresh(None, TODAY)
    assert open_alerts(AlertKind.CALENDAR_MISSING) == []


@pytest.mark.django_db
def test_returning_cause_raises_new_row(agency_a) -> None:
    late = support.draft(agency_a, D(2026, 10, 20), D(2026, 10, 29))
    refresh(None, TODAY)
    late.status = PublicationStatus.PUBLISHED
    late.save(update_fields=["status"])
    refresh(None, TODAY)
    late.status = PublicationStatus.DRAFT
    late.save(update_fields=["status"])
    refresh(None, TODAY)

    rows = Alert.objects.filter(target_key=f"publication:{late.pk}").order_by("pk")
    assert [row.resolved_at is None for row in rows] == [False, True]


@pytest.mark.django_db
def test_sweep_idempotent_and_sends_once(agency_a, make_user) -> None:
    head = make_user("head", Role.AGENCY_HEAD, agency=agency_a, email="head@example.org")
    make_user("no_mail", Role.PUBLICATION_APPROVER, agency=agency_a)
    make_user("bureau", Role.SUPERVISOR, email="bureau@example.org")
    support.draft(agency_a, D(2026, 10, 20), D(2026, 10, 29))

    first = run_sweep(TODAY)
    open_count = Alert.objects.filter(resolved_at__isnull=True).count()
    sent = len(mail.outbox)
    second = run_sweep(TODAY)

    assert Alert.objects.filter(resolved_at__isnull=True).count() == open_count
    assert Alert.objects.count() == open_count
    assert len(mail.outbox) == sent
    assert "新增0条" in second.lines[-2]
    assert first.failed
    assert any("BrokenChannel" in line for line in first.failures)

    to_head = [message for message in mail.outbox if message.to == [head.email]]
    assert len(to_head) == 1
    assert "预警提醒" in to_head[0].subject
    assert "公示已超期" in to_head[0].body
    # The supervisor gets the district-wide calendar alert, not the agency's publication.
    to_bureau = [message for message in mail.outbox if message.to == ["bureau@example.org"]]
    assert len(to_bureau) == 1
    assert "节假日安排" in to_bureau[0].body
    assert "公示已超期" not in to_bureau[0].body


@pytest.mark.django_db
def test_failing_channel_does_not_stop_others(agency_a, make_user) -> None:
    make_user("approver", Role.PUBLICATION_APPROVER, agency=agency_a)
    support.draft(agency_a, D(2026, 10, 20), D(2026, 10, 29))

    run_sweep(TODAY)

    assert [message.username for message in RECORDED] == ["approver"]
    assert "公示已超期" in RECORDED[0].body
    failed = Delivery.objects.filter(status=DeliveryStatus.FAILED).get()
    assert failed.channel.endswith("BrokenChannel")
    assert "网关无响应" in failed.error
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 1
    assert not Alert.objects.filter(delivered_at__isnull=True).exists()


@pytest.mark.django_db
def test_failing_source_keeps_its_alerts(agency_a) -> None:
    support.draft(agency_a, D(2026, 10, 20), D(2026, 10, 29))
    refresh(None, TODAY)

    def broken(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
        raise RuntimeError("数据库不可用")

    original = {source.name: source for source in sources.sources()}["publicity"]
    sources.register("publicity", set(original.kinds), broken)
    try:
        result = refresh(None, TODAY)
    finally:
        sources.register("publicity", set(original.kinds), original.check)

    assert "publicity" in result.failures
    assert len(open_alerts(AlertKind.PUBLICATION_OVERDUE)) == 1
    assert open_alerts(AlertKind.CALENDAR_MISSING) != []


@pytest.mark.django_db
def test_av_missing_raised_and_cleared(agency_a, make_user) -> None:
    from zhifa.evidence.models import SceneExemption, SceneType

    sealed = support.case(agency_a, "penalty_ordinary", D(2026, 11, 2))
    seizure = support.step(sealed, "measure_imposed", D(2026, 11, 3), stage="investigation")
    long_closed = support.case(agency_a, "penalty_ordinary", D(2026, 6, 1), D(2026, 7, 1))
    support.step(long_closed, "measure_imposed", D(2026, 6, 3), stage="investigation")
    refresh([agency_a.pk], TODAY)
    alerts = open_alerts(AlertKind.AV_MISSING)
    assert [alert.target_key for alert in alerts] == [f"case:{sealed.pk}"]
    assert "查封、扣押" in alerts[0].message

    SceneExemption.objects.create(
        case=sealed,
        step=seizure,
        scene=SceneType.objects.get(code="sealing_seizure", agency__isnull=True),
        reason_kind="flammable",
        reason="加油站内",
        recorded_by=make_user("recorder", Role.OFFICER, agency=agency_a),
    )
    refresh([agency_a.pk], TODAY)
    assert open_alerts(AlertKind.AV_MISSING) == []


def _alert_rows() -> list[tuple[Any, ...]]:
    return list(Alert.objects.order_by("pk").values_list("pk", "target_key", "resolved_at"))


@pytest.mark.django_db
def test_earlier_day_sweep_is_read_only(agency_a, make_user, monkeypatch) -> None:
    head = make_user("head", Role.AGENCY_HEAD, agency=agency_a, email="head@example.org")
    late = support.draft(agency_a, D(2026, 10, 20), D(2026, 10, 29))
    run_sweep(TODAY)
    overdue = Alert.objects.get(target_key=f"publication:{late.pk}", resolved_at__isnull=True)
    AlertRead.objects.create(alert=overdue, user=head)
    rows = _alert_rows()
    sent = (len(mail.outbox), len(RECORDED), Delivery.objects.count())
    jobs_run: list[datetime.date] = []

    def probe(day: datetime.date) -> str:
        jobs_run.append(day)
        return "已运行"

    monkeypatch.setitem(daily._JOBS, "probe", probe)

    report = sweep_day(D(2026, 6, 1), TODAY)

    assert report.read_only
    assert _alert_rows() == rows
    assert AlertRead.objects.filter(alert=overdue, user=head).exists()
    assert (len(mail.outbox), len(RECORDED), Delivery.objects.count()) == sent
    assert jobs_run == []
    # On 6/1 the draft, the October report and the 2027 holidays were not yet due.
    assert "将新增0条，将消除3条" in report.lines[1]

    run_sweep(TODAY)
    assert _alert_rows() == rows
    assert (len(mail.outbox), Delivery.objects.count()) == sent[0::2]


@pytest.mark.django_db
def test_earlier_day_check_reports_findings(agency_a) -> None:
    # Due 11/4: on 11/3 it is due within two working days, and on 11/10 it is overdue.
    support.draft(agency_a, D(2026, 10, 26), D(2026, 11, 4))
    run_sweep(TODAY)

    report = sweep_day(D(2026, 11, 3), TODAY)

    assert "将新增1条" in report.lines[1]
    assert "公示即将到期：1条" in report.lines
    assert "公示已超期：1条" not in report.lines
    assert open_alerts(AlertKind.PUBLICATION_DUE) == []
    assert len(open_alerts(AlertKind.PUBLICATION_OVERDUE)) == 1


@pytest.mark.django_db
def test_sweep_of_today_writes(agency_a) -> None:
    support.draft(agency_a, D(2026, 10, 20), D(2026, 10, 29))

    report = sweep_day(TODAY, TODAY)

    assert not report.read_only
    assert len(open_alerts(AlertKind.PUBLICATION_OVERDUE)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 11, 11), "晚于今天"),
        (D(2031, 1, 1), "晚于今天"),
        (D(2017, 12, 31), "早于2018-01-01"),
        (D(1900, 1, 1), "早于2018-01-01"),
    ],
)
def test_sweep_day_out_of_range(agency_a, make_user, day, expected) -> None:
    make_user("head", Role.AGENCY_HEAD, agency=agency_a, email="head@example.org")
    support.draft(agency_a, D(2026, 10, 20), D(2026, 10, 29))

    with pytest.raises(ValidationFailed, match=expected) as raised:
        sweep_day(day, TODAY)

    assert raised.value.field == "date"
    assert not Alert.objects.exists()
    assert mail.outbox == []


def test_overdue_complaint_message_states_deadline_once() -> None:
    item = OverdueComplaint(
        agency_id=None,
        complaint_id=7,
        due_on=D(2026, 12, 4),
        label="投诉：商户占道经营（2026年11月6日收到）",
        url="/office/complaints/7/",
    )

    assert overdue_message(item) == (
        "投诉：商户占道经营（2026年11月6日收到），答复期限2026年12月4日已过，仍未办结。"
    )


@pytest.mark.django_db
def test_overdue_complaint_alert_hides_lookup_code(agency_a) -> None:
    complaint = make_complaint(agency_a, received_at=shanghai(2026, 9, 30))
    assert complaint.reply_due_on is not None

    refresh(None, TODAY)

    alert = Alert.objects.get(kind=AlertKind.COMPLAINT_OVERDUE)
    due = f"{complaint.reply_due_on.year}年{complaint.reply_due_on.month}月"
    assert alert.message.count(due) == 1
    assert complaint.reply_due_on.isoformat() not in alert.message
    assert complaint.lookup_code not in alert.message


@pytest.mark.django_db
def test_earlier_day_check_survives_failed_query(agency_a) -> None:
    support.draft(agency_a, D(2026, 10, 20), D(2026, 10, 29))
    run_sweep(TODAY)

    def broken(agency_ids: list[int], today: datetime.date) -> list[AlertFact]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")
        return []

    # Replacing the first source keeps its place, so the other sources run after the failure.
    first = sources.sources()[0]
    sources.register(first.name, set(first.kinds), broken)
    try:
        report = sweep_day(D(2026, 11, 9), TODAY)
    finally:
        sources.register(first.name, set(first.kinds), first.check)

    assert any(first.name in line for line in report.failures)
    assert "公示已超期：1条" in report.lines

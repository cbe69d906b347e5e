"""Calendar API: deadlines, working days and the 409 for an uncovered year."""

from django.test import Client

from zhifa.accounts.models import User


def test_deadline_in_working_days(client: Client, officer_user: User) -> None:
    client.force_login(officer_user)

    body = client.get("/api/calendar/deadline", {"start": "2026-09-27", "days": "7"}).json()

    assert body == {
        "start": "2026-09-27",
        "days": 7,
        "calendar_days": False,
        "deadline": "2026-10-12",
    }


def test_deadline_in_calendar_days(client: Client, officer_user: User) -> None:
    client.force_login(officer_user)

    body = client.get(
        "/api/calendar/deadline", {"start": "2026-09-20", "days": "15", "calendar_days": "true"}
    ).json()

    assert body["deadline"] == "2026-10-08"


def test_deadline_start_as_utc_instant(client: Client, officer_user: User) -> None:
    client.force_login(officer_user)

    body = client.get(
        "/api/calendar/deadline", {"start": "2026-09-29T16:30:00Z", "days": "1"}
    ).json()

    assert body["start"] == "2026-09-30"
    assert body["deadline"] == "2026-10-08"


def test_deadline_uncovered_year_is_409(client: Client, officer_user: User) -> None:
    client.force_login(officer_user)

    response = client.get("/api/calendar/deadline", {"start": "2026-12-31", "days": "1"})

    assert response.status_code == 409
    assert response.json()["code"] == "calendar_not_covered"
    assert "2027 年" in response.json()["message"]


def test_deadline_bad_start_is_400(client: Client, officer_user: User) -> None:
    client.force_login(officer_user)

    response = client.get("/api/calendar/deadline", {"start": "2026-02-30", "days": "1"})

    assert response.status_code == 400
    assert response.json()["field"] == "start"


def test_deadline_bad_days_is_400(client: Client, officer_user: User) -> None:
    client.force_login(officer_user)

    response = client.get("/api/calendar/deadline", {"start": "2026-03-02", "days": "0"})

    assert response.status_code == 400
    assert response.json()["field"] == "days"


def test_working_day(client: Client, officer_user: User) -> None:
    client.force_login(officer_user)

    assert client.get("/api/calendar/working-day", {"date": "2026-10-10"}).json() == {
        "date": "2026-10-10",
        "working_day": True,
    }
    assert client.get("/api/calendar/working-day", {"date": "2027-01-04"}).status_code == 409


def test_calendar_api_requires_login(client: Client, db: None) -> None:
    response = client.get("/api/calendar/working-day", {"date": "2026-10-10"})

    assert response.status_code == 401

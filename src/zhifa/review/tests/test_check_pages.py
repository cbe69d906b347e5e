"""The check page and the 较大数额 table pages."""

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import EnforcementDomain
from zhifa.review.models import HearingThreshold

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def city_domain(db: None) -> EnforcementDomain:
    return EnforcementDomain.objects.get_or_create(code="city", defaults={"name": "城市管理"})[0]


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    def log_in(user: User) -> Client:
        client.force_login(user, backend=MODEL_BACKEND)
        return client

    return log_in


def test_check_page_shows_form(login: Callable[[User], Client], officer_user: User) -> None:
    response = login(officer_user).get("/office/review/check/")
    assert response.status_code == 200
    assert "决定类型" in response.text
    assert "是否重大执法决定" not in response.text


def test_check_page_shows_assessment(login: Callable[[User], Client], officer_user: User) -> None:
    query = {
        "kind": "penalty",
        "penalty_types": ["fine"],
        "fine": "50000",
        "party_kinds": ["legal_person"],
        "decided_on": "2026-12-01",
    }
    response = login(officer_user).get("/office/review/check/", query)
    assert response.status_code == 200
    assert "是否重大执法决定：是（符合1项情形）" in response.text
    assert "对法人或者其他组织罚款50000元，达到较大数额50000元" in response.text


def test_check_page_names_invalid_field(
    login: Callable[[User], Client], officer_user: User
) -> None:
    query = {"kind": "penalty", "flags": ["complex"], "flag_reason": ""}
    response = login(officer_user).get("/office/review/check/", query)
    assert "请填写“情形理由”（flags[0].reason）" in response.text
    assert "是否重大执法决定" not in response.text


def test_check_page_refuses_year_one(login: Callable[[User], Client], officer_user: User) -> None:
    query = {"kind": "penalty", "decided_on": "0001-01-01"}
    response = login(officer_user).get("/office/review/check/", query)
    assert response.status_code == 200
    assert "“拟决定日期”（decided_on）0001-01-01超出范围" in response.text
    assert "是否重大执法决定" not in response.text


def test_check_page_refuses_user_without_role(
    login: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    assert login(make_user("nobody")).get("/office/review/check/").status_code == 403


def test_check_page_needs_login(client: Client, db: None) -> None:
    assert client.get("/office/review/check/").status_code == 302


def test_threshold_list_for_officer(login: Callable[[User], Client], officer_user: User) -> None:
    response = login(officer_user).get("/office/review/thresholds/")
    assert response.status_code == 200
    assert "待核实" in response.text
    assert "市场监督管理行政处罚听证办法" in response.text
    assert "新增标准" not in response.text


def test_officer_may_not_add_threshold(login: Callable[[User], Client], officer_user: User) -> None:
    client = login(officer_user)
    assert client.get("/office/review/thresholds/new/").status_code == 403
    assert client.post("/office/review/thresholds/new/", {}).status_code == 403


FORM = {
    "domain_code": "city",
    "basis_level": "",
    "party_class": "citizen",
    "measure": "fine",
    "amount": "3000",
    "effective_from": "2026-01-01",
    "legal_source": "某区规定",
}


def test_supervisor_adds_edits_and_ends(
    login: Callable[[User], Client], supervisor_user: User
) -> None:
    client = login(supervisor_user)

    created = client.post("/office/review/thresholds/new/", FORM)
    row = HearingThreshold.objects.get(domain_code="city")
    edited = client.post(f"/office/review/thresholds/{row.pk}/edit/", {**FORM, "amount": "3500"})
    ended = client.post(f"/office/review/thresholds/{row.pk}/end/")

    assert created.status_code == 302
    assert edited.status_code == 302
    assert ended.status_code == 302
    row.refresh_from_db()
    assert row.amount == Decimal("3500")
    assert row.effective_to is not None
    actions = AuditEntry.objects.filter(target_id=str(row.pk)).values_list("action", flat=True)
    assert sorted(actions) == [
        "hearing_threshold_created",
        "hearing_threshold_updated",
        "hearing_threshold_updated",
    ]


def test_add_form_shows_action_error(
    login: Callable[[User], Client], supervisor_user: User
) -> None:
    response = login(supervisor_user).post(
        "/office/review/thresholds/new/", {**FORM, "amount": "0"}
    )
    assert response.status_code == 200
    assert "“较大数额”应大于0元。" in response.text
    assert not HearingThreshold.objects.filter(domain_code="city").exists()


def test_threshold_list_shows_domain_name(
    login: Callable[[User], Client], supervisor_user: User
) -> None:
    client = login(supervisor_user)
    client.post("/office/review/thresholds/new/", FORM)
    listing = client.get("/office/review/thresholds/").text
    assert '城市管理<br><span class="muted">city</span>' in listing


def test_add_form_refuses_unknown_domain(
    login: Callable[[User], Client], supervisor_user: User
) -> None:
    response = login(supervisor_user).post(
        "/office/review/thresholds/new/", {**FORM, "domain_code": "markets"}
    )
    assert response.status_code == 200
    assert not HearingThreshold.objects.filter(domain_code="markets").exists()


def test_unstarted_row_ends_on_chosen_day(
    login: Callable[[User], Client], supervisor_user: User
) -> None:
    client = login(supervisor_user)
    client.post("/office/review/thresholds/new/", {**FORM, "effective_from": "2030-01-01"})
    row = HearingThreshold.objects.get(domain_code="city")

    too_early = client.post(
        f"/office/review/thresholds/{row.pk}/end/", {"last_day": "2029-12-31"}, follow=True
    )
    row.refresh_from_db()
    assert "不能早于“施行日期”2030-01-01" in too_early.text
    assert row.effective_to is None

    client.post(f"/office/review/thresholds/{row.pk}/end/", {"last_day": "2030-06-30"})
    row.refresh_from_db()
    assert row.effective_to == datetime.date(2030, 6, 30)

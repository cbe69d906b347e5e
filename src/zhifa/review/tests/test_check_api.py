"""API of the check: POST /api/review/check and GET /api/review/cases/{id}/check, with scope."""

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency, EnforcementDomain, JudicialOffice
from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_decision,
    at,
    build_world,
    cover_next_year,
    notice_input,
    office,
    open_ordinary,
)
from zhifa.review.models import MajorDecisionFlag

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
URL = "/api/review/check"


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    def log_in(user: User) -> Client:
        client.force_login(user, backend=MODEL_BACKEND)
        return client

    return log_in


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture(autouse=True)
def market_domain(db: None) -> EnforcementDomain:
    return EnforcementDomain.objects.get_or_create(code="market", defaults={"name": "市场监管"})[0]


def post(client: Client, body: Any) -> Any:
    return client.post(URL, data=json.dumps(body), content_type="application/json")


PROPOSAL = {
    "kind": "penalty",
    "penalty_types": ["fine"],
    "fine": "5000",
    "party_kinds": ["natural_person"],
    "domain": "market",
    "basis_level": "national",
    "decided_on": "2026-12-01",
}


def test_post_check_market_edges(login: Callable[[User], Client], officer_user: User) -> None:
    client = login(officer_user)

    below = post(client, {**PROPOSAL, "fine": "9999.99"})
    at_edge = post(client, {**PROPOSAL, "fine": "10000"})

    assert below.status_code == 200
    assert below.json()["major"] is False
    assert at_edge.json()["major"] is True
    assert "达到较大数额10000元" in at_edge.json()["matches"][0]["reason"]
    # Without "agency" the caller's own agency is checked.
    assert at_edge.json()["proposal"]["agency"] == officer_user.agency_id


def test_post_check_invalid_field(login: Callable[[User], Client], officer_user: User) -> None:
    response = post(login(officer_user), {**PROPOSAL, "fine": "-1"})
    assert response.status_code == 400
    assert response.json()["field"] == "fine"


def test_post_check_agency_out_of_scope(
    login: Callable[[User], Client], officer_user: User, agency_b: Agency
) -> None:
    response = post(login(officer_user), {**PROPOSAL, "agency": agency_b.short_name})
    assert response.status_code == 400
    assert response.json()["field"] == "agency"
    assert "不在您的查看范围内" in response.json()["message"]


def test_post_check_unknown_domain(login: Callable[[User], Client], officer_user: User) -> None:
    response = post(login(officer_user), {**PROPOSAL, "domain": "markets"})
    assert response.status_code == 400
    assert response.json()["field"] == "domain"
    assert "markets不是已登记的执法领域代码" in response.json()["message"]
    assert "market（市场监管）" in response.json()["message"]


@pytest.mark.parametrize("day", ["0001-01-01", "0003-12-31", "1999-12-31", "2101-01-01"])
def test_post_check_decided_on_out_of_range(
    login: Callable[[User], Client], officer_user: User, day: str
) -> None:
    response = post(login(officer_user), {**PROPOSAL, "decided_on": day})
    assert response.status_code == 400
    assert response.json()["field"] == "decided_on"
    assert "拟决定日期" in response.json()["message"]


@pytest.mark.parametrize("day", ["2000-01-01", "2100-12-31"])
def test_post_check_decided_on_range_edges(
    login: Callable[[User], Client], officer_user: User, day: str
) -> None:
    response = post(login(officer_user), {**PROPOSAL, "decided_on": day})
    assert response.status_code == 200


def test_post_check_own_agency_out_of_scope(
    login: Callable[[User], Client],
    make_user: Callable[..., User],
    judicial_office: JudicialOffice,
    agency_a: Agency,
    agency_b: Agency,
) -> None:
    reviewer = make_user(
        "sifasuo_b", Role.JUDICIAL_OFFICE_REVIEWER, agency=agency_b, judicial_office=judicial_office
    )
    client = login(reviewer)

    without = post(client, PROPOSAL)
    named = post(client, {**PROPOSAL, "agency": agency_a.pk})

    assert without.status_code == 400
    assert without.json()["field"] == "agency"
    assert "您所在单位不在您的查看范围内" in without.json()["message"]
    assert named.status_code == 200
    assert named.json()["proposal"]["agency"] == agency_a.pk


def test_post_check_needs_login(client: Client, db: None) -> None:
    assert post(client, PROPOSAL).status_code == 401


def test_post_check_needs_role(
    login: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    response = post(login(make_user("nobody")), PROPOSAL)
    assert response.status_code == 403


def _case_with_notice(world: World, fine: str) -> Case:
    case = open_ordinary(world)
    advance_to_decision(world, case)
    penalty = actions.PenaltyInput(types=["fine"], fine=fine)
    notice = notice_input(datetime.date(2026, 10, 28), penalty=penalty, hearing_right_told=True)
    actions.give_prior_notice(world.officer_user, case, office("", at(10, 28)), notice)
    return case


def test_case_check_reads_notice_flags_and_case_flags(
    login: Callable[[User], Client], world: World
) -> None:
    case = _case_with_notice(world, "4999.99")
    Case.objects.filter(pk=case.pk).update(flags=["complex"])
    MajorDecisionFlag.objects.create(case=case, code="new_domain", reason="新业态")

    response = login(world.officer_user).get(f"/api/review/cases/{case.pk}/check")

    assert response.status_code == 200
    body = response.json()
    assert [match["code"] for match in body["matches"]] == ["new_domain", "case_complex"]
    assert body["proposal"]["fine"] == "4999.99"
    assert body["proposal"]["party_kinds"] == ["natural_person"]
    assert body["proposal"]["power_item"] == world.power_item.code
    assert body["proposal"]["domain"] == "city"


def test_case_check_at_threshold(login: Callable[[User], Client], world: World) -> None:
    case = _case_with_notice(world, "5000")
    body = login(world.officer_user).get(f"/api/review/cases/{case.pk}/check").json()
    assert [match["code"] for match in body["matches"]] == ["hearing_fine_citizen"]


def test_case_check_out_of_scope(
    login: Callable[[User], Client], world: World, other_agency_user: User
) -> None:
    case = open_ordinary(world)
    response = login(other_agency_user).get(f"/api/review/cases/{case.pk}/check")
    assert response.status_code == 404
    missing = login(other_agency_user).get("/api/review/cases/99999999999999/check")
    assert missing.status_code == 404

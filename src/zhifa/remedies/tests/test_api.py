"""Remedy API: the list with filters and scope, one remedy, refusals; and the step through the
case API."""

import datetime
from typing import Any

import pytest
from django.test import Client

from zhifa.accounts.roles import Role
from zhifa.cases.models import Case
from zhifa.cases.tests import pages_support
from zhifa.cases.tests.pages_support import client_for
from zhifa.cases.tests.steps_support import World
from zhifa.remedies.models import Remedy
from zhifa.remedies.tests.support import conclude, file, served_case

world = pages_support.world
world_b = pages_support.world_b


def day(month: int, number: int) -> datetime.date:
    return datetime.date(2026, month, number)


@pytest.fixture
def case(world: World) -> Case:
    return served_case(world)


@pytest.fixture
def remedy(world: World, case: Case) -> Remedy:
    file(world, case, day(11, 9))
    return Remedy.objects.get(case=case)


@pytest.fixture
def remedy_b(world_b: World) -> Remedy:
    case_b = served_case(world_b)
    file(world_b, case_b, day(11, 9), reference="乙复字1号")
    conclude(world_b, case_b, day(11, 20), "revoked")
    return Remedy.objects.get(case=case_b)


def test_list_scoped_and_filtered(
    world: World, remedy: Remedy, remedy_b: Remedy, make_user: Any
) -> None:
    officer = client_for(world.officer_user)
    own = officer.get("/api/remedies").json()
    assert own["count"] == 1
    assert own["items"][0]["reference"] == remedy.reference
    assert own["items"][0]["status"] == "pending"

    supervisor = client_for(make_user("jiandu", Role.SUPERVISOR))
    assert supervisor.get("/api/remedies").json()["count"] == 2
    revoked = supervisor.get("/api/remedies", {"outcome": "revoked"}).json()
    assert [item["reference"] for item in revoked["items"]] == ["乙复字1号"]
    assert revoked["items"][0]["withdraw_by"] == "2026-11-25"
    assert revoked["items"][0]["is_correction"] is True
    by_agency = supervisor.get("/api/remedies", {"agency": world.agency.pk}).json()
    assert [item["id"] for item in by_agency["items"]] == [remedy.pk]


def test_detail_scope_and_refusals(
    world: World, remedy: Remedy, remedy_b: Remedy, make_user: Any
) -> None:
    officer = client_for(world.officer_user)
    detail = officer.get(f"/api/remedies/{remedy.pk}")
    assert detail.status_code == 200
    assert detail.json()["decision_final_on"] is None
    assert detail.json()["applicant"] == world.party.name

    hidden = officer.get(f"/api/remedies/{remedy_b.pk}")
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "not_found"

    audit_only = client_for(make_user("audit_only", Role.AUDIT_ADMIN))
    assert audit_only.get("/api/remedies").status_code == 403
    assert Client().get("/api/remedies").status_code == 401


def test_case_api_records_remedy_steps(world: World, case: Case) -> None:
    client = client_for(world.officer_user)
    filed = client.post(
        f"/api/cases/{case.pk}/steps",
        {
            "step": "remedy_filed",
            "occurred_at": "2026-11-09T10:00:00+08:00",
            "summary": "当事人提起行政诉讼",
            "fields": {
                "kind": "litigation",
                "filed_on": "2026-11-09",
                "body": "上海市青浦区人民法院",
                "reference": "（2026）沪0118行初5号",
                "party_id": world.party.pk,
            },
        },
        content_type="application/json",
    )
    assert filed.status_code == 201, filed.content.decode()
    assert filed.json()["details"]["kind_label"] == "行政诉讼"

    late = client.post(
        f"/api/cases/{case.pk}/steps",
        {
            "step": "remedy_concluded",
            "occurred_at": "2026-11-20T10:00:00+08:00",
            "summary": "判决生效",
            "fields": {"outcome": "upheld", "concluded_on": "2026-11-19"},
        },
        content_type="application/json",
    )
    assert late.status_code == 400
    assert late.json()["field"] == "occurred_at"

    concluded = client.post(
        f"/api/cases/{case.pk}/steps",
        {
            "step": "remedy_concluded",
            "occurred_at": "2026-11-20T10:00:00+08:00",
            "summary": "判决生效",
            "fields": {"outcome": "upheld", "concluded_on": "2026-11-20"},
        },
        content_type="application/json",
    )
    assert concluded.status_code == 201, concluded.content.decode()
    assert Remedy.objects.get(case=case).outcome == "upheld"


def test_missing_field_named_in_chinese(world: World, case: Case) -> None:
    response = client_for(world.officer_user).post(
        f"/api/cases/{case.pk}/steps",
        {
            "step": "remedy_filed",
            "occurred_at": "2026-11-09T10:00:00+08:00",
            "summary": "当事人申请行政复议",
            "fields": {"kind": "reconsideration", "filed_on": "2026-11-09", "reference": "1号"},
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    message = response.json()["message"]
    assert "“复议机关或受理法院”（fields.body）" in message
    assert "日期请按" not in message
    assert not Remedy.objects.filter(case=case).exists()

"""The records API: list and detail within scope, viewing logged, and linking to a case."""

import pytest
from django.test import Client

from zhifa.accounts.models import User
from zhifa.cases.models import CaseKind
from zhifa.cases.tests import pages_support
from zhifa.cases.tests.pages_support import client_for
from zhifa.cases.tests.steps_support import World, at
from zhifa.coercion.tests.support import open_kind
from zhifa.evidence.models import AccessLog, AvRecord, Sensitivity
from zhifa.evidence.tests.records_support import make_record

world = pages_support.world
world_b = pages_support.world_b


@pytest.fixture
def record(world: World) -> AvRecord:
    return make_record(world.agency, world.officer_user, at(11, 2, 10), at(11, 2, 11))


def test_list_scoped(world: World, world_b: World, record: AvRecord) -> None:
    own = client_for(world.officer_user).get("/api/evidence/records").json()
    other = client_for(world_b.officer_user).get("/api/evidence/records").json()

    assert [item["id"] for item in own["items"]] == [record.pk]
    assert own["items"][0]["scene"] == "on_site_inspection"
    assert own["items"][0]["digest"] == record.content_id
    assert other["count"] == 0


def test_list_needs_login(record: AvRecord) -> None:
    assert Client().get("/api/evidence/records").status_code == 401


def test_detail_logged(world: World, record: AvRecord) -> None:
    response = client_for(world.officer_user).get(f"/api/evidence/records/{record.pk}")

    assert response.status_code == 200
    assert response.json()["gaps"] == []
    assert AccessLog.objects.get(record=record).purpose == "通过接口查看记录信息"


def test_detail_other_agency_404(world_b: World, record: AvRecord) -> None:
    response = client_for(world_b.officer_user).get(f"/api/evidence/records/{record.pk}")

    assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_detail_sensitive_403(world: World, record: AvRecord) -> None:
    AvRecord.objects.filter(pk=record.pk).update(sensitivity=Sensitivity.TRADE_SECRET)

    response = client_for(world.officer_user).get(f"/api/evidence/records/{record.pk}")

    assert response.status_code == 403
    assert "调阅申请" in response.json()["message"]


def test_link_once(world: World, record: AvRecord, officer_user: User) -> None:
    case = open_kind(world, CaseKind.COERCIVE_MEASURE)
    other = open_kind(world, CaseKind.COERCIVE_MEASURE, title="另一案")
    client = client_for(world.officer_user)
    url = f"/api/evidence/records/{record.pk}/link"

    first = client.post(url, {"case_id": case.pk}, content_type="application/json")
    second = client.post(url, {"case_id": other.pk}, content_type="application/json")

    assert first.status_code == 200
    assert first.json()["case_number"] == case.number
    assert second.status_code == 409
    record.refresh_from_db()
    assert record.case_id == case.pk


@pytest.mark.parametrize("name", ["case", "device"])
def test_huge_id_filter_rejected(world: World, record: AvRecord, name: str) -> None:
    response = client_for(world.officer_user).get(
        "/api/evidence/records", {name: "99999999999999999999999"}
    )

    assert response.status_code == 422
    assert response.json()["field"] == name

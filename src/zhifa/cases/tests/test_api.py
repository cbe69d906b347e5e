"""Case API: scoped reads, writes through the real actions, refusals as Chinese JSON errors."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhifa.accounts.models import ApiToken, User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.cases import actions
from zhifa.cases.documents import actions as document_actions
from zhifa.cases.exchange import create_exchange_source
from zhifa.cases.models import Case, CaseKind, CaseStep, Document, ExchangeBatch
from zhifa.cases.tests.documents_support import fake_pdf  # noqa: F401 - a fixture used by name below
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_decision,
    at,
    build_world,
    cover_next_year,
    make_uscc,
    office,
    on_site,
    open_ordinary,
    person_id,
)
from zhifa.catalog.actions import PowerItemContent, create_power_item
from zhifa.catalog.models import PowerCategory

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


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


@pytest.fixture
def other_world(agency_b: Agency, other_agency_user: User) -> World:
    return build_world(agency_b, other_agency_user, other_agency_user, prefix="B")


@pytest.fixture
def case(world: World) -> Case:
    return open_ordinary(world)


@pytest.fixture
def other_case(other_world: World) -> Case:
    return open_ordinary(other_world)


@pytest.fixture
def reviewer_user(make_user: Callable[..., User], agency_a: Agency) -> User:
    """A user who may see the back office of agency A but not handle cases."""
    return make_user("reviewer_a", Role.REVIEWER, agency=agency_a)


def case_payload(world: World, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "kind": CaseKind.PENALTY_ORDINARY,
        "title": "擅自占用道路堆放物料案",
        "department_id": world.department.pk,
        "opened_on": "2026-10-12",
        "officer_ids": [officer.pk for officer in world.officers],
        "party_ids": [world.party.pk],
        "power_item_ids": [world.power_item.pk],
        "violation_date": "2026-10-10",
    }
    payload.update(overrides)
    return payload


def on_site_payload(world: World, step: str = "inquiry_record", **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "step": step,
        "occurred_at": "2026-10-13T10:00:00+08:00",
        "summary": "询问当事人堆放物料的经过",
        "place": "朱家角镇新风路1号门前",
        "officer_ids": [officer.pk for officer in world.officers],
        "credential_shown": True,
        "uniform_worn": True,
        "grounds_told": True,
        "basis_told": True,
        "rights_told": True,
    }
    payload.update(overrides)
    return payload


# --- Authentication, capability, scope ---------------------------------------------------------

READ_PATHS = [
    "/api/cases",
    "/api/cases/1",
    "/api/cases/1/steps",
    "/api/cases/1/documents",
    "/api/documents/1/file?which=pdf",
    "/api/parties",
    "/api/parties/1",
]
WRITE_PATHS = ["/api/cases", "/api/cases/1/steps", "/api/exchange/sh_unified/records"]


@pytest.mark.parametrize("path", READ_PATHS)
def test_reads_require_login(client: Client, db: None, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 401
    assert "未登录" in response.json()["message"]


@pytest.mark.parametrize("path", WRITE_PATHS)
def test_writes_require_login(client: Client, db: None, path: str) -> None:
    response = client.post(path, data={}, content_type="application/json")

    assert response.status_code == 401


@pytest.mark.parametrize("path", READ_PATHS)
def test_reads_refuse_role_without_backoffice(
    login: Callable[[User], Client], security_admin_user: User, path: str
) -> None:
    response = login(security_admin_user).get(path)

    assert response.status_code == 403
    assert "进入工作台" in response.json()["message"]


def test_other_agency_objects_are_not_found(
    login: Callable[[User], Client],
    world: World,
    case: Case,
    other_world: World,
    other_case: Case,
) -> None:
    client = login(world.officer_user)
    other_party = actions.find_or_register_party(
        other_world.officer_user,
        actions.PartyInput(kind="legal_person", name="上海示例贸易有限公司", uscc=make_uscc()),
    ).party
    open_ordinary(other_world, party_ids=[other_party.pk])
    draft = document_actions.create_draft(
        other_world.officer_user, other_case, "case_approval", {"source": "巡查发现"}
    )

    for path in (
        f"/api/cases/{other_case.pk}",
        f"/api/cases/{other_case.pk}/steps",
        f"/api/cases/{other_case.pk}/documents",
        f"/api/documents/{draft.pk}/file?which=docx",
        f"/api/parties/{other_party.pk}",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found", path

    response = client.post(
        f"/api/cases/{other_case.pk}/steps",
        data=on_site_payload(world),
        content_type="application/json",
    )
    assert response.status_code == 404


def test_bearer_token_reads_cases(client: Client, world: World, case: Case) -> None:
    _, key = ApiToken.issue(world.officer_user, "测试")

    response = client.get("/api/cases", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [case.pk]


def test_openapi_lists_case_endpoints(client: Client, db: None) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]

    for path in (
        "/api/cases",
        "/api/cases/{case_id}",
        "/api/cases/{case_id}/steps",
        "/api/cases/{case_id}/documents",
        "/api/documents/{document_id}/file",
        "/api/parties",
        "/api/parties/{party_id}",
        "/api/exchange/{source_code}/records",
    ):
        assert path in paths, path
    assert "post" in paths["/api/cases"]
    assert "post" in paths["/api/cases/{case_id}/steps"]


# --- Case list ---------------------------------------------------------------------------------


def test_case_list_is_scoped(
    login: Callable[[User], Client], world: World, case: Case, other_case: Case
) -> None:
    body = login(world.officer_user).get("/api/cases").json()

    assert body["count"] == 1
    item = body["items"][0]
    assert item["number"] == case.number
    assert item["kind_label"] == "行政处罚（普通程序）"
    assert item["stage"] == "initiation"
    assert item["party_names"] == ["张三"]
    assert sorted(item["officer_names"]) == ["执法乙", "执法甲"]


def test_supervisor_sees_every_agency(
    login: Callable[[User], Client], supervisor_user: User, case: Case, other_case: Case
) -> None:
    body = login(supervisor_user).get("/api/cases").json()

    assert body["count"] == 2


def test_case_list_filters(
    login: Callable[[User], Client], world: World, case: Case, supervisor_user: User
) -> None:
    advance_to_decision(world, case)
    second = open_ordinary(world, opened_on=datetime.date(2026, 11, 2), title="占道经营案")
    client = login(supervisor_user)

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/cases?{query}")
        assert response.status_code == 200, response.json()
        return [item["id"] for item in response.json()["items"]]

    assert ids("stage=review") == [case.pk]
    assert ids("stage=initiation") == [second.pk]
    assert ids(f"agency={world.agency.pk}&kind=penalty_ordinary") == [second.pk, case.pk]
    assert ids(f"department={world.department.pk}&status=open") == [second.pk, case.pk]
    assert ids(f"officer={world.officers[0].pk}") == [second.pk, case.pk]
    assert ids(f"officer={world.presiding.pk}") == []
    assert ids(f"party={world.party.pk}") == [second.pk, case.pk]
    assert ids("opened_from=2026-10-20") == [second.pk]
    assert ids("opened_to=2026-10-20") == [case.pk]
    assert ids("status=closed") == []


def test_case_list_rejects_unknown_choice(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    response = login(world.officer_user).get("/api/cases?stage=finished")

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "stage"
    assert "阶段“finished”不存在" in body["message"]


def test_case_list_rejects_bad_date_in_chinese(
    login: Callable[[User], Client], world: World
) -> None:
    response = login(world.officer_user).get("/api/cases?opened_from=yesterday")

    assert response.status_code == 422
    assert "请求参数无效：opened_from" in response.json()["message"]


def test_case_list_queries_do_not_grow_with_page_size(
    login: Callable[[User], Client], world: World
) -> None:
    for day in range(1, 7):
        open_ordinary(world, opened_on=datetime.date(2026, 11, day))
    client = login(world.officer_user)

    counts = {}
    for size in (1, 6):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/cases?page_size={size}")
        assert len(response.json()["items"]) == size
        counts[size] = len(queries)

    assert counts[1] == counts[6]


def test_case_list_paginates(login: Callable[[User], Client], world: World) -> None:
    for day in range(1, 4):
        open_ordinary(world, opened_on=datetime.date(2026, 11, day))
    client = login(world.officer_user)

    body = client.get("/api/cases?page_size=2&page=2").json()

    assert body["count"] == 3
    assert body["page"] == 2
    assert len(body["items"]) == 1
    assert client.get("/api/cases?page_size=101").status_code == 422


# --- Case detail and opening -------------------------------------------------------------------


def test_case_detail_masks_parties(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    body = login(world.officer_user).get(f"/api/cases/{case.pk}").json()

    party = body["parties"][0]
    assert party["name"] == "张三"
    assert party["id_number"] == world.party.id_number[:6] + "********" + world.party.id_number[-4:]
    assert party["address"] == ""
    assert {officer["name"] for officer in body["officers"]} == {"执法甲", "执法乙"}
    assert all(officer["credential_number"] for officer in body["officers"])
    assert body["stage_label"] == "启动"
    assert body["steps"]["count"] == 1
    assert body["steps"]["last_step"] == "case_opened"
    assert body["steps"]["missing_before_closing"] == ["“立案审批”"]
    assert body["power_items"] == ["CG-001"]
    assert body["documents"] == []


def test_open_case_creates_case(login: Callable[[User], Client], world: World) -> None:
    response = login(world.officer_user).post(
        "/api/cases", data=case_payload(world), content_type="application/json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert case.created_by == world.officer_user
    assert body["number"] == case.number
    assert body["party_differences"] == []
    assert body["steps"]["last_step"] == "case_opened"


def test_open_case_registers_new_party(login: Callable[[User], Client], world: World) -> None:
    uscc = make_uscc()
    payload = case_payload(
        world,
        party_ids=[],
        parties=[{"kind": "legal_person", "name": "上海青浦示例物流有限公司", "uscc": uscc}],
    )

    response = login(world.officer_user).post(
        "/api/cases", data=payload, content_type="application/json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["parties"][0]["uscc"] == uscc


def test_open_case_reports_party_difference(login: Callable[[User], Client], world: World) -> None:
    party = {"kind": "natural_person", "name": "张叁", "id_number": world.party.id_number}
    payload = case_payload(world, party_ids=[], parties=[party])

    response = login(world.officer_user).post(
        "/api/cases", data=payload, content_type="application/json"
    )

    assert response.status_code == 201
    assert response.json()["party_differences"] == ["登记的名称为“张三”，本次填写为“张叁”"]


def test_open_case_refuses_bad_party_number(login: Callable[[User], Client], world: World) -> None:
    bad = person_id(3)[:-1] + ("0" if person_id(3)[-1] != "0" else "1")
    payload = case_payload(
        world, party_ids=[], parties=[{"kind": "natural_person", "name": "李四", "id_number": bad}]
    )

    response = login(world.officer_user).post(
        "/api/cases", data=payload, content_type="application/json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "parties.0.id_number"
    assert body["message"].startswith("身份证号无效")


def test_open_case_refuses_one_officer(login: Callable[[User], Client], world: World) -> None:
    payload = case_payload(world, officer_ids=[world.officers[0].pk])

    response = login(world.officer_user).post(
        "/api/cases", data=payload, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["field"] == "officer_ids"
    assert "不少于2名" in response.json()["message"]


def test_open_case_missing_field_is_chinese(login: Callable[[User], Client], world: World) -> None:
    payload = case_payload(world)
    del payload["title"]

    response = login(world.officer_user).post(
        "/api/cases", data=payload, content_type="application/json"
    )

    assert response.status_code == 422
    assert "请求参数无效：payload.title" in response.json()["message"]


def test_open_case_refuses_role_without_case_capability(
    login: Callable[[User], Client], world: World, reviewer_user: User
) -> None:
    response = login(reviewer_user).post(
        "/api/cases", data=case_payload(world), content_type="application/json"
    )

    assert response.status_code == 403
    assert "办理案件" in response.json()["message"]
    assert not Case.objects.exists()


def test_open_case_refuses_other_agency_department(
    login: Callable[[User], Client], world: World, other_world: World
) -> None:
    payload = case_payload(world, department_id=other_world.department.pk)

    response = login(world.officer_user).post(
        "/api/cases", data=payload, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["field"] == "department_id"


# --- Steps -------------------------------------------------------------------------------------


def test_record_generic_step(login: Callable[[User], Client], world: World, case: Case) -> None:
    client = login(world.head)
    approval = {
        "step": "filing_approval",
        "occurred_at": "2026-10-12T15:00:00+08:00",
        "summary": "同意立案",
    }

    response = client.post(
        f"/api/cases/{case.pk}/steps", data=approval, content_type="application/json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["step_label"] == "立案审批"
    assert body["details"]["approved_by"] == world.head.full_name
    response = client.post(
        f"/api/cases/{case.pk}/steps", data=on_site_payload(world), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["stage"] == "investigation"
    assert sorted(o["name"] for o in response.json()["officers"]) == ["执法乙", "执法甲"]
    case.refresh_from_db()
    assert case.stage == "investigation"


def test_step_out_of_order_is_conflict(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    response = login(world.officer_user).post(
        f"/api/cases/{case.pk}/steps", data=on_site_payload(world), content_type="application/json"
    )

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "invalid_transition"
    assert "立案审批" in body["message"]


def test_on_site_step_without_credential_shown(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    actions.record_step(world.head, case, office("filing_approval", at(10, 12, 15), "同意立案"))
    payload = on_site_payload(world, credential_shown=False)

    response = login(world.officer_user).post(
        f"/api/cases/{case.pk}/steps", data=payload, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["field"] == "credential_shown"
    assert "出示执法证件" in response.json()["message"]


def test_approval_step_needs_approval_capability(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    approval = {
        "step": "filing_approval",
        "occurred_at": "2026-10-12T15:00:00+08:00",
        "summary": "同意立案",
    }

    response = login(world.officer_user).post(
        f"/api/cases/{case.pk}/steps", data=approval, content_type="application/json"
    )

    assert response.status_code == 403
    assert "审批办案环节" in response.json()["message"]


def test_step_refuses_role_without_case_capability(
    login: Callable[[User], Client], world: World, case: Case, reviewer_user: User
) -> None:
    response = login(reviewer_user).post(
        f"/api/cases/{case.pk}/steps", data=on_site_payload(world), content_type="application/json"
    )

    assert response.status_code == 403


def test_prior_notice_goes_through_its_action(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    advance_to_decision(world, case)
    payload = {
        "step": "prior_notice",
        "occurred_at": "2026-10-28T10:00:00+08:00",
        "summary": "送达行政处罚事先告知书",
        "fields": {
            "facts": "当事人擅自占用道路堆放建筑材料",
            "grounds": "违反市容环境卫生管理规定",
            "legal_basis": "《上海市市容环境卫生管理条例》第四十九条",
            "penalty": {"types": ["fine"], "fine": "2000"},
            "served_on": "2026-10-28",
        },
    }

    response = login(world.officer_user).post(
        f"/api/cases/{case.pk}/steps", data=payload, content_type="application/json"
    )

    assert response.status_code == 201, response.json()
    details = response.json()["details"]
    assert details["penalty"] == {"types": ["fine"], "fine": "2000", "confiscation": "0"}
    assert details["hearing_eligible"] is False
    assert response.json()["stage"] == "decision"


def test_special_step_with_missing_fields(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    advance_to_decision(world, case)
    payload = {
        "step": "prior_notice",
        "occurred_at": "2026-10-28T10:00:00+08:00",
        "summary": "送达行政处罚事先告知书",
        "fields": {"facts": "堆放物料", "served_on": "28/10/2026"},
    }

    response = login(world.officer_user).post(
        f"/api/cases/{case.pk}/steps", data=payload, content_type="application/json"
    )

    assert response.status_code == 400
    body = response.json()
    assert "环节填写内容缺失或格式无效" in body["message"]
    assert "fields.grounds" in body["message"]
    assert "fields.served_on" in body["message"]
    assert not CaseStep.objects.filter(step="prior_notice").exists()


def test_special_step_with_unknown_field(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    advance_to_decision(world, case)
    payload = {
        "step": "prior_notice",
        "occurred_at": "2026-10-28T10:00:00+08:00",
        "summary": "送达行政处罚事先告知书",
        "fields": {"facts": "堆放物料", "grounds": "占道", "serve_on": "2026-10-28"},
    }

    response = login(world.officer_user).post(
        f"/api/cases/{case.pk}/steps", data=payload, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["field"] == "fields.serve_on"
    assert "fields.serve_on" in response.json()["message"]
    assert not CaseStep.objects.filter(step="prior_notice").exists()


def test_decision_refused_by_rule_is_reported(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    advance_to_decision(world, case)
    payload = {
        "step": "penalty_decision",
        "occurred_at": "2026-11-05T10:00:00+08:00",
        "summary": "作出处罚决定",
        "fields": {
            "decided_on": "2026-11-05",
            "facts_and_evidence": "现场检查笔录、询问笔录",
            "penalty": {"types": ["fine"], "fine": "2000"},
            "penalty_basis": "《上海市市容环境卫生管理条例》第四十九条",
            "performance_manner": "银行缴纳",
            "performance_deadline": "2026-11-25",
            "remedy_channels": "向青浦区人民政府申请行政复议",
            "remedy_deadlines": "六十日内",
        },
    }

    response = login(world.head).post(
        f"/api/cases/{case.pk}/steps", data=payload, content_type="application/json"
    )

    assert response.status_code == 409
    assert "事先告知" in response.json()["message"]


def test_generic_step_refuses_fields(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    payload = {
        "step": "filing_approval",
        "occurred_at": "2026-10-12T15:00:00+08:00",
        "summary": "同意立案",
        "fields": {"penalty": {"fine": "1"}},
    }

    response = login(world.head).post(
        f"/api/cases/{case.pk}/steps", data=payload, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["field"] == "fields"


def test_close_case_through_steps_endpoint(
    login: Callable[[User], Client], world: World, agency_a: Agency, make_user: Any
) -> None:
    inspection = actions.open_case(
        world.officer_user,
        actions.CaseInput(
            kind=CaseKind.INSPECTION,
            title="道路环境卫生日常检查",
            department_id=world.department.pk,
            opened_on=datetime.date(2026, 10, 12),
            party_ids=[world.party.pk],
            officer_ids=[world.officers[0].pk],
        ),
    )
    actions.record_step(
        world.officer_user, inspection, on_site(world, "inspection_record", at(10, 13))
    )
    actions.record_step(world.officer_user, inspection, office("inspection_result", at(10, 14)))
    payload = {
        "step": "closing_approval",
        "occurred_at": "2026-10-15T10:00:00+08:00",
        "summary": "检查完毕，未发现违法行为，结案",
        "fields": {"closed_on": "2026-10-15"},
    }

    response = login(world.officer_user).post(
        f"/api/cases/{inspection.pk}/steps", data=payload, content_type="application/json"
    )

    assert response.status_code == 201, response.json()
    inspection.refresh_from_db()
    assert inspection.status == "closed"
    assert inspection.closed_on == datetime.date(2026, 10, 15)


def test_step_list(login: Callable[[User], Client], world: World, case: Case) -> None:
    advance_to_decision(world, case)

    body = login(world.officer_user).get(f"/api/cases/{case.pk}/steps").json()

    assert [row["step"] for row in body] == [
        "case_opened",
        "filing_approval",
        "inquiry_record",
        "investigation_report",
    ]
    assert body[2]["on_site"] is True
    assert body[2]["stage_label"] == "调查取证"
    assert body[0]["recorded_by"] == world.officer_user.full_name


# --- Documents ---------------------------------------------------------------------------------

APPROVAL_DATA = {
    "source": "日常巡查发现",
    "summary": "当事人擅自占用道路堆放物料",
    "handler_opinion": "建议立案调查",
}


@pytest.mark.usefixtures("fake_pdf")
def test_documents_and_file_download(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    draft = document_actions.create_draft(world.officer_user, case, "case_approval", APPROVAL_DATA)
    client = login(world.officer_user)

    response = client.get(f"/api/documents/{draft.pk}/file?which=pdf")
    assert response.status_code == 404
    assert response.json()["message"] == "文书文件尚未生成。"

    final = document_actions.finalise(world.officer_user, draft)
    listed = client.get(f"/api/cases/{case.pk}/documents").json()
    assert [(row["id"], row["status"], row["has_pdf"]) for row in listed] == [
        (final.pk, "final", True)
    ]
    assert client.get(f"/api/cases/{case.pk}").json()["documents"][0]["number"] == final.number

    response = client.get(f"/api/documents/{final.pk}/file?which=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert content.startswith(b"%PDF")
    assert "filename*=UTF-8''" in response["Content-Disposition"]

    response = client.get(f"/api/documents/{final.pk}/file?which=original")
    assert response.status_code == 404
    assert "原件扫描件" in response.json()["message"]


def test_file_download_rejects_unknown_kind(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    draft = document_actions.create_draft(world.officer_user, case, "case_approval", APPROVAL_DATA)

    response = login(world.officer_user).get(f"/api/documents/{draft.pk}/file?which=xlsx")

    assert response.status_code == 422
    assert "which" in response.json()["message"]
    assert Document.objects.count() == 1


# --- Parties -----------------------------------------------------------------------------------


def test_party_search_by_number_and_name(
    login: Callable[[User], Client], world: World, case: Case, other_case: Case
) -> None:
    client = login(world.officer_user)

    def names(query: str) -> list[str]:
        response = client.get("/api/parties", {"q": query})
        assert response.status_code == 200
        return [item["name"] for item in response.json()["items"]]

    assert names(world.party.id_number) == ["张三"]
    assert names(world.party.id_number[:10]) == []
    assert names("张") == ["张三"]
    assert names("") == ["张三"]
    body = client.get("/api/parties").json()
    assert body["items"][0]["id_number"].count("*") == 8


def test_party_in_two_agencies_shows_only_scoped_cases(
    login: Callable[[User], Client], world: World, case: Case, other_case: Case
) -> None:
    # Both worlds register the same ID number, so it is one party with a case in each agency.
    assert other_case.parties.get() == world.party

    body = login(world.officer_user).get(f"/api/parties/{world.party.pk}").json()

    assert [row["id"] for row in body["cases"]] == [case.pk]
    assert body["kind_label"] == "自然人"


def test_unlinked_party_is_not_found(login: Callable[[User], Client], world: World) -> None:
    # build_world registered the party, but no case of agency A involves it yet.
    response = login(world.officer_user).get(f"/api/parties/{world.party.pk}")

    assert response.status_code == 404


# --- Exchange ----------------------------------------------------------------------------------


@pytest.fixture
def exchange_source(db: None) -> str:
    create_exchange_source(None, "sh_unified", "上海市统一综合执法系统")
    return "sh_unified"


def exchange_record(agency: Agency, source_id: str, **overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "source_id": source_id,
        "agency": agency.short_name,
        "department": "综合行政执法队",
        "kind": "penalty_ordinary",
        "number": f"沪朱综执罚〔2026〕{source_id}号",
        "title": "擅自占用道路堆物案",
        "opened_on": "2026-03-02",
        "stage": "investigation",
        "status": "open",
        "parties": [{"type": "legal_person", "name": "上海示例贸易有限公司", "uscc": make_uscc()}],
        "power_items": ["330200001"],
    }
    record.update(overrides)
    return record


@pytest.fixture
def exchange_items(agency_a: Agency) -> None:
    content = PowerItemContent("事项330200001", PowerCategory.PENALTY, "《示例法》第一条", None)
    create_power_item(
        None, agency_a, "330200001", content, effective_from=datetime.date(2020, 1, 1)
    )


def test_exchange_import_counts(
    login: Callable[[User], Client],
    system_admin_user: User,
    agency_a: Agency,
    exchange_source: str,
    exchange_items: None,
) -> None:
    records = [exchange_record(agency_a, "SH-1"), exchange_record(agency_a, "SH-2")]
    client = login(system_admin_user)

    response = client.post(
        "/api/exchange/sh_unified/records", data=records, content_type="application/json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["records"], body["created"], body["updated"], body["unchanged"]) == (2, 2, 0, 0)
    assert body["status"] == "imported"
    response = client.post(
        "/api/exchange/sh_unified/records", data=records, content_type="application/json"
    )
    assert response.json()["unchanged"] == 2


def test_exchange_bad_records_are_listed(
    login: Callable[[User], Client],
    system_admin_user: User,
    agency_a: Agency,
    exchange_source: str,
    exchange_items: None,
) -> None:
    records = [exchange_record(agency_a, "SH-1"), exchange_record(agency_a, "SH-2", kind="罚")]

    response = login(system_admin_user).post(
        "/api/exchange/sh_unified/records", data=records, content_type="application/json"
    )

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "records_rejected"
    assert "全部记录均未导入" in body["message"]
    assert len(body["errors"]) == 1
    assert not Case.objects.exists()
    assert ExchangeBatch.objects.get().status == "rejected"


def test_exchange_by_token_of_importing_user(
    client: Client,
    system_admin_user: User,
    agency_a: Agency,
    exchange_source: str,
    exchange_items: None,
) -> None:
    _, key = ApiToken.issue(system_admin_user, "市执法系统对接")

    response = client.post(
        "/api/exchange/sh_unified/records",
        data=[exchange_record(agency_a, "SH-9")],
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 1


def test_exchange_refuses_user_without_capability(
    login: Callable[[User], Client], officer_user: User, agency_a: Agency, exchange_source: str
) -> None:
    response = login(officer_user).post(
        "/api/exchange/sh_unified/records",
        data=[exchange_record(agency_a, "SH-1")],
        content_type="application/json",
    )

    assert response.status_code == 403
    assert "导入外部系统案件" in response.json()["message"]
    assert not ExchangeBatch.objects.exists()


def test_exchange_unknown_source(
    login: Callable[[User], Client], system_admin_user: User, agency_a: Agency
) -> None:
    response = login(system_admin_user).post(
        "/api/exchange/nowhere/records",
        data=[exchange_record(agency_a, "SH-1")],
        content_type="application/json",
    )

    assert response.status_code == 404
    assert "nowhere" in response.json()["message"]


def test_exchange_body_must_be_a_list(
    login: Callable[[User], Client], system_admin_user: User, exchange_source: str
) -> None:
    response = login(system_admin_user).post(
        "/api/exchange/sh_unified/records",
        data={"source_id": "SH-1"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "请求参数无效" in response.json()["message"]

"""Compliance panel, header deadlines, measure pages and the step plugins through page and API."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases import compliance
from zhifa.cases.actions._common import CALENDAR
from zhifa.cases.models import Case, CaseKind
from zhifa.cases.tests.steps_support import World, at, build_world, cover_next_year, office, on_site
from zhifa.coercion import actions
from zhifa.coercion.models import CoerciveMeasure
from zhifa.coercion.tests.support import approve, approved_measure, impose, open_kind, record_basis

D = datetime.date


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def case(world: World) -> Case:
    return open_kind(world, CaseKind.COERCIVE_MEASURE)


def _panel(case: Case) -> dict[str, compliance.ComplianceItem]:
    items = compliance.evaluate(compliance.facts_for(case), CALENDAR)
    return {item.label: item for item in items}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_emergency_without_report_is_missing(world: World, case: Case) -> None:
    impose(world, case, at(11, 2, 10), emergency_reason="物品正被转移")
    panel = _panel(case)
    item = panel["扣押（2026年11月2日）事先批准或紧急情况报告"]
    assert item.status == compliance.MISSING
    assert "2026年11月3日10时00分前" in item.detail


def test_overdue_measure_is_missing_until_released(world: World, case: Case) -> None:
    measure = approved_measure(world, case, at(10, 8))
    label = "扣押（2026年10月8日）期限与处理"
    assert _panel(case)[label].status == compliance.MISSING
    actions.end_measure(
        world.officer_user,
        case,
        office("measure_released", at(11, 12)),
        measure_id=measure.pk,
        data=actions.EndInput("measure_released", reason="期限届满", items_returned=True),
    )
    case.refresh_from_db()
    item = _panel(case)[label]
    assert item.status == compliance.MET
    assert "期限届满后" in item.detail


def test_deadline_header_shows_measure_due(world: World, case: Case) -> None:
    approved_measure(world, case, at(11, 30))
    rows = compliance.deadlines(compliance.facts_for(case), CALENDAR)
    assert [row.due_on for row in rows] == [D(2026, 12, 30)]


def test_enforcement_panel_lists_demand_missing(world: World) -> None:
    case = open_kind(world, CaseKind.COMPULSORY_ENFORCEMENT, "强制执行案")
    record_basis(world, case)
    panel = _panel(case)
    assert panel["执行依据"].status == compliance.MET
    assert panel["书面催告"].status == compliance.MISSING
    rows = compliance.deadlines(compliance.facts_for(case), CALENDAR)
    assert rows[0].due_on == D(2026, 12, 2)


def test_immediate_substitute_panel_needs_notice(world: World) -> None:
    case = open_kind(world, CaseKind.COMPULSORY_ENFORCEMENT, "清除道路遗洒物案")
    actions.perform_immediate_substitute(
        world.officer_user,
        case,
        on_site(world, "immediate_substitute", at(11, 3, 14)),
        actions.ImmediateInput("road", "渣土", "absent", "区环卫所", at(11, 3, 16)),
    )
    panel = _panel(case)
    assert panel["催告"].status == compliance.NOT_APPLICABLE
    assert panel["立即代履行后通知当事人"].status == compliance.MISSING


def test_measure_list_shows_days_left_and_overdue(world: World, case: Case) -> None:
    overdue = approved_measure(world, case, at(10, 8))
    body = _client(world.officer_user).get(reverse("coercion:measure_list")).content.decode()
    assert case.number in body
    assert "已超期" in body
    assert "应当立即解除" in body
    detail = _client(world.officer_user).get(reverse("coercion:measure_detail", args=[overdue.pk]))
    assert detail.status_code == 200
    assert "黄沙" in detail.content.decode()


def test_measure_pages_hidden_from_other_agency(
    world: World, case: Case, other_agency_user: User
) -> None:
    measure = approved_measure(world, case, at(10, 8))
    client = _client(other_agency_user)
    assert case.number not in client.get(reverse("coercion:measure_list")).content.decode()
    assert client.get(reverse("coercion:measure_detail", args=[measure.pk])).status_code == 404


def test_api_records_measure_through_plugin(world: World, case: Case) -> None:
    approve(world, case, at(11, 2, 8))
    payload = {
        "step": "measure_imposed",
        "occurred_at": at(11, 2).isoformat(),
        "summary": "扣押占道物料",
        "place": "朱家角镇新风路1号门前",
        "officer_ids": [officer.pk for officer in world.officers],
        "credential_shown": True,
        "uniform_worn": True,
        "grounds_told": True,
        "basis_told": True,
        "rights_told": True,
        "fields": {
            "kind": "seizure",
            "decision_number": "扣1号",
            "reason": "影响通行",
            "legal_basis": "某条例第四十九条",
            "items": [{"name": "钢管", "quantity": "20根"}],
            "decision_handed_over": True,
            "statement_heard": True,
            "signature": "party_refused",
        },
    }
    response = _client(world.officer_user).post(
        f"/api/cases/{case.pk}/steps", data=payload, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    measure = CoerciveMeasure.objects.get(case=case)
    assert measure.items.get().name == "钢管"


def test_case_page_shows_plugin_form(world: World, case: Case) -> None:
    approved_measure(world, case, at(11, 2))
    response = _client(world.officer_user).get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    assert "实施查封、扣押" in response.content.decode()


def _page_post(world: World, case: Case, data: dict[str, object]) -> int:
    url = reverse("cases:step_record", args=[case.pk])
    return _client(world.officer_user).post(url, data).status_code


def test_page_records_measure_with_text_items(world: World, case: Case) -> None:
    approve(world, case, at(11, 2, 8))
    status = _page_post(
        world,
        case,
        {
            "step": "measure_imposed",
            "occurred_at": "2026-11-02 10:00",
            "summary": "扣押占道物料",
            "place": "朱家角镇新风路1号门前",
            "officer_ids": [officer.pk for officer in world.officers],
            "credential_shown": "on",
            "uniform_worn": "on",
            "grounds_told": "on",
            "basis_told": "on",
            "rights_told": "on",
            "kind": "seizure",
            "decision_number": "扣2号",
            "reason": "影响通行",
            "legal_basis": "某条例第四十九条",
            "items": "钢管｜20根｜6米｜锈蚀\n扣件|100个",
            "decision_handed_over": "on",
            "statement_heard": "on",
            "signature": "party_signed",
        },
    )
    assert status == 302
    measure = CoerciveMeasure.objects.get(case=case)
    rows = list(measure.items.values_list("name", "quantity", "specification", "condition"))
    assert rows == [("钢管", "20根", "6米", "锈蚀"), ("扣件", "100个", "", "")]


def test_page_shows_refusal_of_late_report(world: World, case: Case) -> None:
    measure = impose(world, case, at(11, 2, 10), emergency_reason="物品正被转移")
    response = _client(world.officer_user).post(
        reverse("cases:step_record", args=[case.pk]),
        {
            "step": "emergency_report",
            "occurred_at": "2026-11-03 10:01",
            "summary": "补报",
            "measure_id": measure.pk,
            "reported_to": "王局长",
        },
    )
    assert response.status_code == 400
    assert "逾期报告" in response.content.decode()


def test_step_form_offers_the_case_measures(world: World, case: Case) -> None:
    measure = impose(world, case, at(11, 2, 10), emergency_reason="物品正被转移")
    other_case = open_kind(world, CaseKind.COERCIVE_MEASURE, "另一件扣押案")
    other = impose(world, other_case, at(11, 2, 11), emergency_reason="物品正被转移")
    client = _client(world.officer_user)

    page = client.get(reverse("cases:case_detail", args=[case.pk]), {"step": "emergency_report"})
    options = page.context["step_form"].fields["measure_id"].choices
    assert [value for value, _ in options] == ["", measure.pk]
    assert measure.decision_number in options[1][1]

    refused = client.post(
        reverse("cases:step_record", args=[case.pk]),
        {
            "step": "emergency_report",
            "occurred_at": "2026-11-02 12:00",
            "summary": "报告",
            "measure_id": other.pk,
            "reported_to": "王局长",
        },
    )
    assert refused.status_code == 400
    assert "强制措施" in refused.content.decode()

"""Levy and expropriation steps recorded through the API, with the same rules as the page."""

from typing import Any

import pytest
from django.test import Client

from zhifa.cases import stages
from zhifa.cases.models import CaseKind
from zhifa.levies.tests import support

pytestmark = pytest.mark.django_db


def post_step(client: Client, case_id: int, code: str, when: str, fields: dict[str, Any]) -> Any:
    return client.post(
        f"/api/cases/{case_id}/steps",
        data={"step": code, "occurred_at": when, "summary": "办理记录", "fields": fields},
        content_type="application/json",
    )


def test_levy_assessment_through_api() -> None:
    bureau = support.make_bureau(
        "上海市青浦区建设和管理委员会", "区建管委", "district_department", "qp-jg"
    )
    case = support.open_case_of(bureau, CaseKind.LEVY, 8)
    client = Client()
    client.force_login(bureau.user)
    fields = {
        "legal_basis": "《城市道路管理条例》第三十三条",
        "base_description": "挖掘面积40平方米",
        "base": "40",
        "rate": "600",
    }

    response = post_step(client, case.pk, "levy_assessment", "2026-07-02T10:00:00+08:00", fields)

    assert response.status_code == 201, response.json()
    assert response.json()["details"]["amount"] == "24000.00"
    assert response.json()["details"]["late_fee_basis"] == ""


def test_short_comment_period_through_api(gov: support.Bureau) -> None:
    project = support.new_project(gov, support.housing_bureau())
    client = Client()
    client.force_login(gov.user)
    fields = {"published_on": "2026-01-15", "closes_on": "2026-02-13", "plan_summary": "方案"}

    response = post_step(
        client,
        project.case.pk,
        "compensation_plan_consultation",
        "2026-01-15T10:00:00+08:00",
        fields,
    )

    assert response.status_code == 400
    assert "三十日" in response.json()["message"]
    assert response.json()["field"] == "closes_on"


def test_expropriation_not_opened_as_generic_case(gov: support.Bureau) -> None:
    client = Client()
    client.force_login(gov.user)
    response = client.post(
        "/api/cases",
        data={
            "kind": CaseKind.HOUSING_EXPROPRIATION,
            "title": "某地块旧城区改建",
            "department_id": 1,
            "opened_on": "2026-07-01",
            "party_ids": [],
            "officer_ids": [],
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["field"] == "kind"
    assert "登记征收项目" in response.json()["message"]
    assert CaseKind.HOUSING_EXPROPRIATION not in dict(stages.generic_opening_kinds())
    assert CaseKind.LEVY in dict(stages.generic_opening_kinds())


def test_household_remedy_end_through_api(gov: support.Bureau) -> None:
    project = support.new_project(gov, support.housing_bureau(), households=1)
    client = Client()
    client.force_login(gov.user)
    when = "2026-05-20T10:00:00+08:00"
    fields = {"household": "001", "concluded_on": "2026-05-20", "remedy_outcome": "upheld"}

    refused = post_step(client, project.case.pk, "household_remedy_concluded", when, fields)

    assert refused.status_code == 400
    assert "没有尚未结束的复议或诉讼" in refused.json()["message"]
    assert refused.json()["field"] == "household"
    unknown = {**fields, "remedy_outcome": "withdrawn"}
    response = post_step(client, project.case.pk, "household_remedy_concluded", when, unknown)
    assert response.json()["field"] == "remedy_outcome"

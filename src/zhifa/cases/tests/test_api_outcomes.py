"""No-penalty outcomes and the transfer to the judiciary recorded through the case API."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import (
    World,
    advance_to_decision,
    build_world,
    cover_next_year,
    open_ordinary,
    person_id,
)
from zhifa.cases.tests.test_outcomes import COMPLETE, MISSING_LABELS, UNDER_AGE

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
DECIDED_ON = "2026-10-30"


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
def case(world: World) -> Case:
    case = open_ordinary(world)
    advance_to_decision(world, case)
    return case


@pytest.fixture
def child_case(world: World) -> Case:
    """A case at the decision stage whose only party was 11 on the violation date."""
    child = actions.find_or_register_party(
        world.officer_user,
        actions.PartyInput(
            kind="natural_person",
            name="李小明",
            id_number=person_id(41, "20150501"),
            address="上海市青浦区朱家角镇新风路3号",
        ),
    ).party
    case = open_ordinary(world, party_ids=[child.pk])
    advance_to_decision(world, case)
    return case


def outcome_payload(code: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "step": code,
        "occurred_at": "2026-10-30T10:00:00+08:00",
        "summary": "作出决定",
        "fields": fields,
    }


def post_outcome(client: Client, case: Case, code: str, fields: dict[str, Any]) -> Any:
    return client.post(
        f"/api/cases/{case.pk}/steps",
        data=outcome_payload(code, fields),
        content_type="application/json",
    )


def without(fields: dict[str, Any], name: str) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if key != name}


@pytest.mark.parametrize("code", sorted(COMPLETE))
def test_outcome_recorded_through_api(
    login: Callable[[User], Client], world: World, case: Case, code: str
) -> None:
    client = login(world.officer_user)

    response = post_outcome(client, case, code, {**COMPLETE[code], "decided_on": DECIDED_ON})

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["step"] == code
    assert body["stage"] == "decision"
    assert body["details"]["decided_on"] == DECIDED_ON
    assert case.steps.filter(step=code, pk=body["id"]).exists()


def test_transfer_records_organ_and_date(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    fields = {**COMPLETE["transfer_to_judiciary"], "decided_on": DECIDED_ON}

    response = post_outcome(login(world.officer_user), case, "transfer_to_judiciary", fields)

    assert response.status_code == 201, response.json()
    details = response.json()["details"]
    assert details["receiving_organ"] == "上海市公安局青浦分局"
    assert details["transferred_on"] == DECIDED_ON


def test_under_age_outcome_recorded_for_child(
    login: Callable[[User], Client], world: World, child_case: Case
) -> None:
    fields = {**UNDER_AGE, "decided_on": DECIDED_ON}

    response = post_outcome(login(world.officer_user), child_case, "no_penalty_under_age", fields)

    assert response.status_code == 201, response.json()
    step = child_case.steps.get(step="no_penalty_under_age")
    assert step.details["guardian_discipline"] == UNDER_AGE["guardian_discipline"]


@pytest.mark.parametrize(
    ("code", "name"),
    [(code, name) for code, fields in sorted(COMPLETE.items()) for name in fields],
)
def test_missing_field_named_in_chinese(
    login: Callable[[User], Client], world: World, case: Case, code: str, name: str
) -> None:
    fields = {**without(COMPLETE[code], name), "decided_on": DECIDED_ON}

    response = post_outcome(login(world.officer_user), case, code, fields)

    assert response.status_code == 400
    assert MISSING_LABELS[name] in response.json()["message"]
    assert not case.steps.filter(step=code).exists()


@pytest.mark.parametrize(
    ("code", "label"),
    [("no_penalty_minor", "决定日期"), ("transfer_to_judiciary", "移送日期")],
)
def test_missing_date_named(
    login: Callable[[User], Client], world: World, case: Case, code: str, label: str
) -> None:
    response = post_outcome(login(world.officer_user), case, code, COMPLETE[code])

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "decided_on"
    assert label in body["message"]


def test_invalid_date_named(login: Callable[[User], Client], world: World, case: Case) -> None:
    fields = {**COMPLETE["no_penalty_minor"], "decided_on": "2026年10月30日"}

    response = post_outcome(login(world.officer_user), case, "no_penalty_minor", fields)

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "fields.decided_on"
    assert "2026-12-04" in body["message"]


def test_child_transfer_refused(
    login: Callable[[User], Client], world: World, child_case: Case
) -> None:
    fields = {**COMPLETE["transfer_to_judiciary"], "decided_on": DECIDED_ON}

    response = post_outcome(login(world.officer_user), child_case, "transfer_to_judiciary", fields)

    assert response.status_code == 400
    assert "不满十四周岁" in response.json()["message"]
    assert not child_case.steps.filter(step="transfer_to_judiciary").exists()


def test_adult_under_age_outcome_refused(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    fields = {**UNDER_AGE, "decided_on": DECIDED_ON}

    response = post_outcome(login(world.officer_user), case, "no_penalty_under_age", fields)

    assert response.status_code == 400
    assert "不满十四周岁的当事人" in response.json()["message"]


def test_second_outcome_refused(login: Callable[[User], Client], world: World, case: Case) -> None:
    client = login(world.officer_user)
    fields = {**COMPLETE["no_penalty_minor"], "decided_on": DECIDED_ON}
    assert post_outcome(client, case, "no_penalty_minor", fields).status_code == 201

    response = post_outcome(client, case, "no_penalty_minor", fields)

    assert response.status_code == 409
    assert case.steps.filter(step="no_penalty_minor").count() == 1


def test_other_agency_case_not_found(
    login: Callable[[User], Client], world: World, agency_b: Agency, other_agency_user: User
) -> None:
    other_world = build_world(agency_b, other_agency_user, other_agency_user, prefix="B")
    other_case = open_ordinary(other_world)
    advance_to_decision(other_world, other_case)
    fields = {**COMPLETE["no_penalty_minor"], "decided_on": DECIDED_ON}

    response = post_outcome(login(world.officer_user), other_case, "no_penalty_minor", fields)

    assert response.status_code == 404
    assert not other_case.steps.filter(step="no_penalty_minor").exists()


def test_outcome_requires_login(client: Client, world: World, case: Case) -> None:
    fields = {**COMPLETE["no_penalty_minor"], "decided_on": DECIDED_ON}

    response = post_outcome(client, case, "no_penalty_minor", fields)

    assert response.status_code == 401
    assert not case.steps.filter(step="no_penalty_minor").exists()


def test_fields_not_object_rejected(
    login: Callable[[User], Client], world: World, case: Case
) -> None:
    response = post_outcome(login(world.officer_user), case, "no_penalty_minor", "不予处罚")  # type: ignore[arg-type]

    assert response.status_code == 422
    assert not case.steps.filter(step="no_penalty_minor").exists()


def test_openapi_documents_step_fields(client: Client, db: None) -> None:
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    fields = schemas["StepIn"]["properties"]["fields"]

    refs = {option["$ref"].rsplit("/", 1)[-1] for option in fields["anyOf"]}
    assert {"NoPenaltyMinorFields", "TransferToJudiciaryFields", "PriorNoticeFields"} <= refs
    assert "no_penalty_minor 用 NoPenaltyMinorFields" in fields["description"]
    assert "education" in schemas["NoPenaltyMinorFields"]["properties"]
    assert "receiving_organ" in schemas["TransferToJudiciaryFields"]["properties"]

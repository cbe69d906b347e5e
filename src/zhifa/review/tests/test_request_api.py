"""The review loop API: rounds, opinions, objections, extensions and flags as JSON.

Refusals come back as ``{code, message, field}`` with the actions' Chinese messages, and a
round or case outside the caller's scope is a 404 like a missing one.
"""

from typing import Any

import pytest
from django.test import Client

from zhifa.accounts.models import ApiToken, User
from zhifa.review import actions
from zhifa.review.lists import checklist_for, materials_for
from zhifa.review.models import MajorDecisionFlag, RequestState, ReviewOpinion, ReviewRequest
from zhifa.review.status import assess
from zhifa.review.tests.support import (
    LEGALITY,
    REASONABLENESS,
    ReviewWorld,
    no_pdf,
    opinion,
    review_world,
    submission,
)
from zhifa.review.tests.test_request_pages import client_of

__all__ = ["no_pdf", "review_world"]  # fixtures used by name

BASE = "/api/review/requests"
CASES = "/api/review/cases"


def post(client: Client, url: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(url, body, content_type="application/json", **extra)


def submission_body(review_world: ReviewWorld, **fields: Any) -> dict[str, Any]:
    case = review_world.case
    kind = assess(case, None).proposal.kind
    materials = [
        {"code": row.code, "provided": True} for row in materials_for(kind, case.agency_id)
    ]
    return {"summary": "拟对当事人罚款2000元，请予审核。", "materials": materials, **fields}


def opinion_body(review_id: int, conclusion: str = "approved", **fields: Any) -> dict[str, Any]:
    review = ReviewRequest.objects.get(pk=review_id)
    checklist = [
        {"code": item.code, "result": "pass", "note": ""}
        for item in checklist_for(review.decision_kind)
    ]
    return {
        "conclusion": conclusion,
        "legality": LEGALITY,
        "reasonableness": REASONABLENESS,
        "checklist": checklist,
        **fields,
    }


def submitted(review_world: ReviewWorld) -> ReviewRequest:
    return actions.submit(
        review_world.officer_user, review_world.case, submission(review_world.case)
    )


@pytest.mark.django_db
def test_submit_route_opens_round(review_world: ReviewWorld) -> None:
    client = client_of(review_world.officer_user)

    response = post(
        client, f"{CASES}/{review_world.case.pk}/requests", submission_body(review_world)
    )

    assert response.status_code == 201
    body = response.json()
    assert body["round_number"] == 1
    assert body["state"] == "submitted"
    assert body["body"] == "区市场监管局法制科"
    assert body["opinion"] is None


@pytest.mark.django_db
def test_submit_route_names_missing_materials(review_world: ReviewWorld) -> None:
    client = client_of(review_world.officer_user)

    response = post(
        client,
        f"{CASES}/{review_world.case.pk}/requests",
        submission_body(review_world, materials=[]),
    )

    assert response.status_code == 400
    assert response.json()["code"] == "validation_failed"
    assert response.json()["field"] == "materials"
    assert "缺少必须提交的送审材料" in response.json()["message"]
    assert not ReviewRequest.objects.filter(case=review_world.case).exists()


@pytest.mark.django_db
def test_list_and_detail_for_reviewer(review_world: ReviewWorld) -> None:
    review = submitted(review_world)
    client = client_of(review_world.reviewer_user)

    listing = client.get(BASE).json()
    filtered = client.get(BASE, {"state": "approved"}).json()
    detail = client.get(f"{BASE}/{review.pk}").json()

    assert [row["id"] for row in listing["items"]] == [review.pk]
    assert filtered["count"] == 0
    assert detail["case_number"] == review_world.case.number
    assert detail["changes"] == []


@pytest.mark.django_db
def test_list_rejects_unknown_state(review_world: ReviewWorld) -> None:
    client = client_of(review_world.reviewer_user)

    response = client.get(BASE, {"state": "done"})

    assert response.status_code == 400
    assert response.json()["field"] == "state"


@pytest.mark.django_db
def test_opinion_route_refuses_bare_agreement(review_world: ReviewWorld) -> None:
    review = submitted(review_world)
    client = client_of(review_world.reviewer_user)

    response = post(client, f"{BASE}/{review.pk}/opinion", opinion_body(review.pk, legality="同意"))

    assert response.status_code == 400
    assert response.json()["field"] == "legality"
    assert not ReviewOpinion.objects.filter(request=review).exists()


@pytest.mark.django_db
def test_opinion_route_approves_with_token(review_world: ReviewWorld, no_pdf: None) -> None:
    review = submitted(review_world)
    _, key = ApiToken.issue(review_world.reviewer_user, "审核接口")
    client = Client()

    response = post(
        client,
        f"{BASE}/{review.pk}/opinion",
        opinion_body(review.pk),
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    assert response.status_code == 200
    assert response.json()["state"] == "approved"
    assert response.json()["opinion"]["conclusion_label"] == "同意"


@pytest.mark.django_db
def test_session_post_needs_csrf(review_world: ReviewWorld) -> None:
    review = submitted(review_world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(review_world.reviewer_user)

    response = post(client, f"{BASE}/{review.pk}/opinion", opinion_body(review.pk))

    assert response.status_code in {401, 403}
    assert not ReviewOpinion.objects.filter(request=review).exists()


@pytest.mark.django_db
def test_objection_and_decision_routes(review_world: ReviewWorld, no_pdf: None) -> None:
    review = submitted(review_world)
    actions.issue_opinion(review_world.reviewer_user, review, opinion(review, "disapproved"))
    officer = client_of(review_world.officer_user)
    head = client_of(review_world.head)

    raised = post(officer, f"{BASE}/{review.pk}/objection", {"reasons": "审核意见认定事实有误"})
    again = post(officer, f"{BASE}/{review.pk}/objection", {"reasons": "再次提出"})
    bad = post(head, f"{BASE}/{review.pk}/objection/decision", {"decision": "x", "reasons": "理由"})
    decided = post(
        head,
        f"{BASE}/{review.pk}/objection/decision",
        {"decision": "new_review", "reasons": "异议理由成立，重新审核"},
    )

    assert raised.status_code == 200
    assert raised.json()["objection"]["decision"] == ""
    assert again.status_code == 409
    assert bad.status_code == 400
    assert bad.json()["field"] == "decision"
    assert decided.status_code == 200
    assert decided.json()["objection"]["decision"] == "new_review"
    assert ReviewRequest.objects.filter(case=review.case, round_number=2).exists()


@pytest.mark.django_db
def test_extension_route_once(review_world: ReviewWorld) -> None:
    review = submitted(review_world)
    head = client_of(review_world.head)
    officer = client_of(review_world.officer_user)

    rejected = post(officer, f"{BASE}/{review.pk}/extension", {"reasons": "案情复杂"})
    first = post(head, f"{BASE}/{review.pk}/extension", {"reasons": "案情复杂"})
    second = post(head, f"{BASE}/{review.pk}/extension", {"reasons": "仍需时间"})

    assert rejected.status_code == 403
    assert first.status_code == 200
    assert first.json()["extension_days"] > 0
    assert second.status_code == 409


@pytest.mark.django_db
def test_withdraw_route(review_world: ReviewWorld) -> None:
    review = submitted(review_world)
    client = client_of(review_world.officer_user)

    empty = post(client, f"{BASE}/{review.pk}/withdraw", {"reasons": ""})
    done = post(client, f"{BASE}/{review.pk}/withdraw", {"reasons": "需要补充调查"})

    assert empty.status_code == 400
    assert done.status_code == 200
    assert done.json()["state"] == RequestState.WITHDRAWN


@pytest.mark.django_db
def test_flag_routes(review_world: ReviewWorld) -> None:
    case = review_world.case
    client = client_of(review_world.officer_user)

    added = post(client, f"{CASES}/{case.pk}/flags", {"code": "new_domain", "reason": "新业态"})
    duplicate = post(client, f"{CASES}/{case.pk}/flags", {"code": "new_domain", "reason": "重复"})
    flag_id = added.json()["id"]
    no_reason = post(client, f"{CASES}/{case.pk}/flags/{flag_id}/clear", {"reason": ""})
    cleared = post(client, f"{CASES}/{case.pk}/flags/{flag_id}/clear", {"reason": "经核实不属于"})

    assert added.status_code == 201
    assert duplicate.status_code == 409
    assert no_reason.status_code == 400
    assert cleared.status_code == 200
    assert MajorDecisionFlag.objects.get(pk=flag_id).cleared_at is not None


@pytest.mark.django_db
def test_other_agency_gets_404(review_world: ReviewWorld, officer_user: User) -> None:
    review = submitted(review_world)
    client = client_of(officer_user)

    assert client.get(BASE).json()["count"] == 0
    assert client.get(f"{BASE}/{review.pk}").status_code == 404
    objection = post(client, f"{BASE}/{review.pk}/objection", {"reasons": "异议"})
    submit = post(client, f"{CASES}/{review_world.case.pk}/requests", submission_body(review_world))
    flag = post(client, f"{CASES}/{review_world.case.pk}/flags", {"code": "complex", "reason": "x"})

    assert objection.status_code == 404
    assert submit.status_code == 404
    assert flag.status_code == 404
    assert ReviewRequest.objects.filter(case=review_world.case).count() == 1

"""The decision gate holds on the case page and the API, not only in the actions."""

from django.urls import reverse

from zhifa.cases.models import CaseStep
from zhifa.cases.tests.pages_support import client_for
from zhifa.cases.tests.test_pages import step_post
from zhifa.review.tests.support import ReviewWorld, approve_review, no_pdf, review_world

__all__ = ["no_pdf", "review_world"]  # fixtures used by name

DECISION_FIELDS = {
    "decided_on": "2026-11-05",
    "facts_and_evidence": "现场检查笔录、询问笔录",
    "penalty_basis": "《上海市市容环境卫生管理条例》第四十九条",
    "performance_manner": "银行缴纳",
    "performance_deadline": "2026-11-25",
    "remedy_channels": "向青浦区人民政府申请行政复议，或者向人民法院提起行政诉讼",
    "remedy_deadlines": "六十日内申请复议，六个月内起诉",
}


def _api_payload() -> dict[str, object]:
    return {
        "step": "penalty_decision",
        "occurred_at": "2026-11-05T10:00:00+08:00",
        "summary": "作出处罚决定",
        "fields": {**DECISION_FIELDS, "penalty": {"types": ["fine"], "fine": "2000"}},
    }


def _post_api(review_world: ReviewWorld) -> object:
    return client_for(review_world.head).post(
        f"/api/cases/{review_world.case.pk}/steps",
        data=_api_payload(),
        content_type="application/json",
    )


def test_api_refuses_major_decision_until_approved(review_world: ReviewWorld, no_pdf: None) -> None:
    refused = _post_api(review_world)

    assert refused.status_code == 409  # type: ignore[attr-defined]
    body = refused.json()  # type: ignore[attr-defined]
    assert body["field"] == "legal_review_state"
    assert "未经法制审核不得作出决定" in body["message"]
    assert not CaseStep.objects.filter(step="penalty_decision").exists()

    approve_review(review_world.case, review_world.officer_user, review_world.reviewer_user)
    accepted = _post_api(review_world)

    assert accepted.status_code == 201  # type: ignore[attr-defined]
    assert CaseStep.objects.filter(step="penalty_decision").count() == 1


def test_case_page_refuses_major_decision(review_world: ReviewWorld) -> None:
    response = client_for(review_world.head).post(
        reverse("cases:step_record", args=[review_world.case.pk]),
        step_post("penalty_decision", penalty_types=["fine"], fine="2000", **DECISION_FIELDS),
        follow=True,
    )

    assert "未经法制审核不得作出决定" in response.content.decode()
    assert not CaseStep.objects.filter(step="penalty_decision").exists()


def test_legal_review_step_is_not_recorded_by_hand(review_world: ReviewWorld) -> None:
    client = client_for(review_world.officer_user)
    page = client.get(reverse("cases:case_detail", args=[review_world.case.pk])).content.decode()
    payload = {
        "step": "legal_review",
        "occurred_at": "2026-11-02T10:00:00+08:00",
        "summary": "第1轮法制审核：同意（自行记录）",
    }

    response = client.post(
        f"/api/cases/{review_world.case.pk}/steps", data=payload, content_type="application/json"
    )

    assert 'value="legal_review"' not in page
    assert response.status_code == 400
    assert "自动记录" in response.json()["message"]
    assert not CaseStep.objects.filter(step="legal_review").exists()

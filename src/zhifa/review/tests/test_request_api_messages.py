"""Review API: a missing text field is named in Chinese by the action, not by a generic 422."""

import pytest

from zhifa.review import actions
from zhifa.review.models import ReviewOpinion
from zhifa.review.tests.support import ReviewWorld, no_pdf, opinion, review_world, submission
from zhifa.review.tests.test_request_api import BASE, opinion_body, post
from zhifa.review.tests.test_request_pages import client_of

__all__ = ["no_pdf", "review_world"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def test_missing_legality_is_named(review_world: ReviewWorld) -> None:
    review = actions.submit(
        review_world.officer_user, review_world.case, submission(review_world.case)
    )
    body = opinion_body(review.pk)
    del body["legality"]

    response = post(client_of(review_world.reviewer_user), f"{BASE}/{review.pk}/opinion", body)

    assert response.status_code == 400
    assert response.json()["field"] == "legality"
    assert "合法性审核意见" in response.json()["message"]
    assert "payload" not in response.json()["message"]
    assert not ReviewOpinion.objects.filter(request=review).exists()


def test_missing_objection_reasons_is_named(review_world: ReviewWorld, no_pdf: None) -> None:
    review = actions.submit(
        review_world.officer_user, review_world.case, submission(review_world.case)
    )
    actions.issue_opinion(review_world.reviewer_user, review, opinion(review, "disapproved"))

    response = post(client_of(review_world.officer_user), f"{BASE}/{review.pk}/objection", {})

    assert response.status_code == 400
    assert response.json()["field"] == "reasons"
    assert "异议理由" in response.json()["message"]

"""Round form pages: scope is checked before the role, and the opinion form before signing."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability, Role
from zhifa.agencies.models import Agency
from zhifa.review import actions
from zhifa.review.models import ReviewRequest
from zhifa.review.tests.support import (
    ReviewWorld,
    link_reviewer,
    no_pdf,
    opinion,
    review_world,
    submission,
    town_review_world,
)

__all__ = ["no_pdf", "review_world", "town_review_world"]  # fixtures used by name

pytestmark = pytest.mark.django_db


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submitted(world: ReviewWorld) -> ReviewRequest:
    return actions.submit(world.officer_user, world.case, submission(world.case))


def test_other_agency_head_gets_404_on_town_opinion(
    town_review_world: ReviewWorld, other_agency_user: User
) -> None:
    review = submitted(town_review_world)
    url = reverse("review:opinion_create", args=[review.pk])

    assert client_of(other_agency_user).get(url).status_code == 404
    assert client_of(other_agency_user).post(url, {}).status_code == 404


def test_judicial_office_gets_404_on_district_objection(
    review_world: ReviewWorld, judicial_office_user: User, no_pdf: None
) -> None:
    review = submitted(review_world)
    actions.issue_opinion(
        review_world.reviewer_user, review, opinion(review, "revise_and_resubmit")
    )
    actions.object_to_opinion(review_world.officer_user, review, "复核材料已随卷提交")
    url = reverse("review:objection_decide", args=[review.pk])

    assert client_of(judicial_office_user).get(url).status_code == 404


def test_in_scope_without_role_gets_403(review_world: ReviewWorld, no_pdf: None) -> None:
    review = submitted(review_world)
    actions.issue_opinion(
        review_world.reviewer_user, review, opinion(review, "revise_and_resubmit")
    )
    actions.object_to_opinion(review_world.officer_user, review, "复核材料已随卷提交")
    url = reverse("review:objection_decide", args=[review.pk])

    response = client_of(review_world.officer_user).get(url)

    assert response.status_code == 403
    assert Capability.APPROVE_AS_AGENCY_HEAD.label in response.content.decode()


def test_town_agency_reviewer_sees_reason_on_get(
    town_review_world: ReviewWorld, make_user: Any, agency_a: Agency, agency_head_user: User
) -> None:
    review = submitted(town_review_world)
    own = make_user("fazhi_town", Role.REVIEWER, agency=agency_a)
    link_reviewer(agency_head_user, agency_a, own, "赵审核")

    response = client_of(own).get(reverse("review:opinion_create", args=[review.pk]))

    assert response.status_code == 403
    assert "司法所" in response.content.decode()


def test_office_reviewer_still_gets_form(town_review_world: ReviewWorld) -> None:
    review = submitted(town_review_world)

    response = client_of(town_review_world.reviewer_user).get(
        reverse("review:opinion_create", args=[review.pk])
    )

    assert response.status_code == 200

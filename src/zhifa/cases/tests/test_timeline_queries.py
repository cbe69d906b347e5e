"""The case timeline page reads each thing once, however long the case gets."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.cases.tests import pages_support
from zhifa.cases.tests.pages_support import client_for
from zhifa.cases.tests.steps_support import World, advance_to_decision, at, office, open_ordinary

world = pages_support.world


@pytest.fixture
def officer_client(world: World) -> Client:
    return client_for(world.officer_user)


def _calendar_reads(queries: list[dict[str, Any]]) -> int:
    return sum('FROM "core_calendarday"' in query["sql"] for query in queries)


def test_query_count_does_not_grow_with_steps(
    world: World, officer_client: Client, django_assert_max_num_queries: Any
) -> None:
    case = advance_to_decision(world, open_ordinary(world))
    url = reverse("cases:case_detail", kwargs={"pk": case.pk})
    # The review panel adds a fixed number: the major-decision check reads flags, thresholds,
    # the catalog in force, rule parameters and the review rounds once each.
    # The guiding-case panel reads five of them (codes, domains, candidates and their items).
    with django_assert_max_num_queries(45) as before:
        officer_client.get(url)

    for hour in range(9, 17):
        actions.record_step(
            world.officer_user, case, office("electronic_service_consent", at(11, 2, hour))
        )
    with django_assert_max_num_queries(len(before.captured_queries)) as after:
        response = officer_client.get(url)

    assert response.status_code == 200
    assert len(response.context["timeline"]) == Case.objects.get(pk=case.pk).steps.count()
    # Every deadline on the page is counted on one reading of the year's schedule.
    assert _calendar_reads(after.captured_queries) == 1

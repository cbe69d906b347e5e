"""Legal education on the portal (以案释法): snapshots, no party data, publish history."""

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import World
from zhifa.core.errors import InvalidTransition
from zhifa.supervision.guidance.actions import explained, guiding_cases
from zhifa.supervision.guidance.models import ExplainedCase, GuidingCase
from zhifa.supervision.guidance.tests.support import PARTY_ADDRESS, PARTY_NAME, guiding_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_library(world: World, case_closed: Case, supervisor_user: User) -> GuidingCase:
    guiding = guiding_cases.create_guiding_case(
        supervisor_user, case_closed.pk, guiding_input(world)
    )
    return guiding_cases.release_guiding_case(supervisor_user, guiding.pk)


def test_portal_shows_no_party_data(
    world: World, in_library: GuidingCase, supervisor_user: User
) -> None:
    snapshot = explained.publish_on_portal(supervisor_user, in_library.pk)
    client = Client()

    listing = client.get(reverse("public_guidance:explained_list")).content.decode()
    detail = client.get(
        reverse("public_guidance:explained_detail", args=[snapshot.pk])
    ).content.decode()

    for page in (listing, detail):
        assert PARTY_NAME not in page
        assert world.party.id_number not in page
        assert world.party.id_number[6:14] not in page
        assert PARTY_ADDRESS not in page
    assert "张某某擅自占用道路堆放物料案" in listing
    assert "裁量基准" in detail


def test_party_added_later_still_masked(
    world: World, in_library: GuidingCase, supervisor_user: User
) -> None:
    # Publishing masks the stored texts again, so a name that escaped masking is caught there.
    GuidingCase.objects.filter(pk=in_library.pk).update(key_points=f"{PARTY_NAME}应当先改正。")

    snapshot = explained.publish_on_portal(supervisor_user, in_library.pk)

    assert PARTY_NAME not in snapshot.key_points


def test_unpublish_keeps_history(in_library: GuidingCase, supervisor_user: User) -> None:
    first = explained.publish_on_portal(supervisor_user, in_library.pk)
    explained.unpublish_from_portal(supervisor_user, in_library.pk, "案例所依据的规定已修订")
    second = explained.publish_on_portal(supervisor_user, in_library.pk)
    first.refresh_from_db()

    assert ExplainedCase.objects.filter(guiding_case=in_library).count() == 2
    assert first.unpublished_at is not None
    assert first.unpublish_reason == "案例所依据的规定已修订"
    assert second.is_public
    client = Client()
    unpublished_page = client.get(reverse("public_guidance:explained_detail", args=[first.pk]))
    public_page = client.get(reverse("public_guidance:explained_detail", args=[second.pk]))
    assert unpublished_page.status_code == 404
    assert public_page.status_code == 200


def test_publish_twice_refused(in_library: GuidingCase, supervisor_user: User) -> None:
    explained.publish_on_portal(supervisor_user, in_library.pk)

    with pytest.raises(InvalidTransition):
        explained.publish_on_portal(supervisor_user, in_library.pk)


def test_draft_cannot_be_published(world: World, case_closed: Case, supervisor_user: User) -> None:
    guiding = guiding_cases.create_guiding_case(
        supervisor_user, case_closed.pk, guiding_input(world)
    )

    with pytest.raises(InvalidTransition):
        explained.publish_on_portal(supervisor_user, guiding.pk)


def test_withdraw_ends_portal_publication(in_library: GuidingCase, supervisor_user: User) -> None:
    snapshot = explained.publish_on_portal(supervisor_user, in_library.pk)

    guiding_cases.withdraw_guiding_case(supervisor_user, in_library.pk, "撤出")
    snapshot.refresh_from_db()

    assert not snapshot.is_public
    listing = Client().get(reverse("public_guidance:explained_list")).content.decode()
    assert snapshot.title not in listing


def test_portal_list_skips_unpublished(in_library: GuidingCase, supervisor_user: User) -> None:
    explained.publish_on_portal(supervisor_user, in_library.pk)
    explained.unpublish_from_portal(supervisor_user, in_library.pk, "撤下")

    listing = Client().get(reverse("public_guidance:explained_list")).content.decode()

    assert "暂无案例" in listing

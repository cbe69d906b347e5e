"""Guiding-case pages: the preview before saving, the library for every agency, refusals."""

from typing import Any

import pytest
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.cases.models import Case
from zhifa.cases.tests.pages_support import client_for
from zhifa.cases.tests.steps_support import World
from zhifa.supervision.guidance.actions import guiding_cases
from zhifa.supervision.guidance.models import GuidingCase
from zhifa.supervision.guidance.tests.support import PARTY_NAME, guiding_input

pytestmark = pytest.mark.django_db


def form_values(world: World) -> dict[str, Any]:
    data = guiding_input(world)
    return {
        "kind": data.kind,
        "title": data.title,
        "issue_tags": data.issue_tags,
        "summary": data.summary,
        "facts": data.facts,
        "reasoning": data.reasoning,
        "key_points": data.key_points,
        "extra_masks": "",
    }


def test_save_needs_preview(world: World, case_closed: Case, supervisor_user: User) -> None:
    client = client_for(supervisor_user)
    url = reverse("guidance:guiding_case_create", args=[case_closed.pk])
    values = form_values(world)

    skipped = client.post(url, {**values, "action": "save", "previewed": "0" * 64})
    assert skipped.status_code == 200
    assert not GuidingCase.objects.exists()
    content = skipped.content.decode()
    assert "隐名处理对照" in content
    assert PARTY_NAME in content
    assert "张某某擅自占用道路堆放物料案" in content

    digest = skipped.context["previewed"]
    saved = client.post(url, {**values, "action": "save", "previewed": digest})
    assert saved.status_code == 302
    assert GuidingCase.objects.get().title == "张某某擅自占用道路堆放物料案"


def test_changed_text_needs_new_preview(
    world: World, case_closed: Case, supervisor_user: User
) -> None:
    client = client_for(supervisor_user)
    url = reverse("guidance:guiding_case_create", args=[case_closed.pk])
    values = form_values(world)
    digest = client.post(url, {**values, "action": "preview"}).context["previewed"]

    changed = client.post(
        url, {**values, "facts": values["facts"] + "补充。", "action": "save", "previewed": digest}
    )

    assert changed.status_code == 200
    assert not GuidingCase.objects.exists()


def test_select_by_case_number(case_closed: Case, supervisor_user: User) -> None:
    response = client_for(supervisor_user).get(
        reverse("guidance:guiding_case_select"), {"number": case_closed.number}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("guidance:guiding_case_create", args=[case_closed.pk])


def test_agency_head_refused(case_closed: Case, agency_head_user: User) -> None:
    client = client_for(agency_head_user)

    create = client.get(reverse("guidance:guiding_case_create", args=[case_closed.pk]))

    assert create.status_code == 403


def test_draft_hidden_from_officers(
    world: World, case_closed: Case, supervisor_user: User, officer_user: User
) -> None:
    guiding = guiding_cases.create_guiding_case(
        supervisor_user, case_closed.pk, guiding_input(world)
    )
    url = reverse("guidance:guiding_case_detail", args=[guiding.pk])

    draft = client_for(officer_user).get(url)
    guiding_cases.release_guiding_case(supervisor_user, guiding.pk)
    released = client_for(officer_user).get(url)
    listing = client_for(officer_user).get(reverse("guidance:guiding_case_list"))

    assert draft.status_code == 404
    assert released.status_code == 200
    assert guiding.title in listing.content.decode()


def test_officer_cannot_publish(
    world: World, case_closed: Case, supervisor_user: User, officer_user: User
) -> None:
    guiding = guiding_cases.create_guiding_case(
        supervisor_user, case_closed.pk, guiding_input(world)
    )
    guiding_cases.release_guiding_case(supervisor_user, guiding.pk)

    response = client_for(officer_user).post(
        reverse("guidance:guiding_case_publish", args=[guiding.pk])
    )

    assert response.status_code == 403
    assert not guiding.explained_versions.exists()


def test_publish_and_unpublish_pages(
    world: World, case_closed: Case, supervisor_user: User
) -> None:
    guiding = guiding_cases.create_guiding_case(
        supervisor_user, case_closed.pk, guiding_input(world)
    )
    client = client_for(supervisor_user)
    client.post(reverse("guidance:guiding_case_release", args=[guiding.pk]))
    client.post(reverse("guidance:guiding_case_publish", args=[guiding.pk]))
    client.post(
        reverse("guidance:guiding_case_unpublish", args=[guiding.pk]), {"reason": "内容调整"}
    )

    detail = client.get(reverse("guidance:guiding_case_detail", args=[guiding.pk]))

    content = detail.content.decode()
    assert "内容调整" in content
    assert guiding.explained_versions.count() == 1


def test_bureau_pages_render(world: World, case_closed: Case, supervisor_user: User) -> None:
    guiding = guiding_cases.create_guiding_case(
        supervisor_user, case_closed.pk, guiding_input(world)
    )
    client = client_for(supervisor_user)
    urls = [
        reverse("guidance:guiding_case_list") + "?kind=guiding&q=物料",
        reverse("guidance:guiding_case_edit", args=[guiding.pk]),
        reverse("guidance:guiding_case_detail", args=[guiding.pk]),
        reverse("guidance:rule_type_list"),
        reverse("guidance:rule_type_create"),
        reverse("guidance:circular_create"),
        reverse("cases:case_detail", args=[case_closed.pk]),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    edit_page = client.get(urls[1]).content.decode()
    assert "张某某擅自占用道路堆放物料案" in edit_page

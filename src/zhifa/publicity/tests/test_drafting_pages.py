"""The publication pages: list, detail, the approver screen, manual entry and the rules."""

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.accounts.roles import Role
from zhifa.publicity.models import PublicationRule, PublicationStatus, PublishedItem
from zhifa.publicity.tests.drafting_support import decided_case, numbered_case

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def approver(make_user, agency_a):
    return make_user("fabu_a", Role.PUBLICATION_APPROVER, agency=agency_a)


def test_list_detail_and_review_render(agency_a, agency_head_user, officer_user, approver) -> None:
    _, _, publication = decided_case(agency_a, agency_head_user, officer_user)
    client = login(approver)

    listing = client.get(reverse("publicity:publication_list"), {"status": "draft"})
    assert listing.status_code == 200
    assert publication.title in listing.content.decode()

    detail = client.get(reverse("publicity:publication_detail", args=[publication.pk]))
    assert detail.status_code == 200
    review = client.get(reverse("publicity:publication_review", args=[publication.pk]))
    page = review.content.decode()
    assert review.status_code == 200
    assert "<mark title=" in page
    assert "张某某" in page


def test_approver_publishes_from_screen(agency_a, agency_head_user, officer_user, approver) -> None:
    _, _, publication = numbered_case(agency_a, agency_head_user, officer_user)
    client = login(approver)
    url = reverse("publicity:publication_review", args=[publication.pk])

    masked = client.post(url, {"operation": "masks", "add": "擅自占用道路"})
    assert masked.status_code == 302
    response = client.post(url, {"operation": "approve"})
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PUBLISHED
    assert PublishedItem.objects.filter(publication=publication).exists()


def test_published_detail_offers_withdraw_and_repair(
    agency_a, agency_head_user, officer_user, approver
) -> None:
    _, _, publication = numbered_case(agency_a, agency_head_user, officer_user)
    client = login(approver)
    client.post(
        reverse("publicity:publication_review", args=[publication.pk]), {"operation": "approve"}
    )

    page = client.get(reverse("publicity:publication_detail", args=[publication.pk]))
    text = page.content.decode()
    assert reverse("publicity:withdraw", args=[publication.pk]) in text
    assert f"{reverse('publicity:repair_create')}?publication={publication.pk}" in text


def test_review_refused_without_capability(agency_a, agency_head_user, officer_user) -> None:
    _, _, publication = decided_case(agency_a, agency_head_user, officer_user)
    response = login(officer_user).get(
        reverse("publicity:publication_review", args=[publication.pk])
    )
    assert response.status_code == 403


def test_other_agency_gets_404(agency_a, agency_head_user, officer_user, other_agency_user) -> None:
    _, _, publication = decided_case(agency_a, agency_head_user, officer_user)
    client = login(other_agency_user)
    assert (
        client.get(reverse("publicity:publication_detail", args=[publication.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("publicity:publication_review", args=[publication.pk])).status_code
        == 404
    )


def test_manual_entry_form_shows_chinese_error(agency_a, officer_user) -> None:
    client = login(officer_user)
    url = reverse("publicity:publication_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "agency": agency_a.pk,
            "kind": "penalty",
            "document_number": "青税罚〔2026〕9号",
            "decided_on": "2026-11-03",
            "party_kind": "natural_person",
            "party_name": "王五",
            "party_id_number": "310118123",
            "text": "行政处罚决定书全文",
        },
    )
    assert response.status_code == 200
    assert "身份证号" in response.content.decode()


def test_rules_page_and_supervisor_edit(supervisor_user, officer_user) -> None:
    rule = PublicationRule.objects.get(code="warning-only-excluded")
    assert login(officer_user).get(reverse("publicity:rule_list")).status_code == 200
    assert (
        login(officer_user).get(reverse("publicity:rule_edit", args=[rule.pk])).status_code == 403
    )

    client = login(supervisor_user)
    response = client.post(
        reverse("publicity:rule_edit", args=[rule.pk]),
        {
            "position": rule.position,
            "kind": "penalty",
            "condition": "warning_only",
            "action": "exclude",
            "description": rule.description,
            "source": rule.source,
            "confirmed": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.is_active

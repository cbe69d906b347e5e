"""The publicity demo on top of the full demo: published items, drafts left, a correction.

This loads the whole demo twice, which is slow, so every check of the publications demo
lives in this one test, and so do the crawl of the portal for parties' personal data and the
check of the command's output. Documents stay Word only: converting the demo's review
opinions to PDF would take minutes, and the PDF tests of the documents cover conversion.
"""

from collections import Counter

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.cases.documents import rendering
from zhifa.demo.people import DEMO_PASSWORD
from zhifa.portal.tests.privacy_crawl import assert_portal_shows_no_party_data
from zhifa.publicity.drafting.demo import (
    APPROVER_USERNAME,
    CORRECTION_REASON,
    MANUAL_COMPANY,
    MANUAL_CORRECTED,
    MANUAL_DOCUMENT_NUMBER,
)
from zhifa.publicity.models import (
    ChangeKind,
    Publication,
    PublicationSource,
    PublicationStatus,
    PublicationVersion,
    PublishedItem,
)


def publicity_counts() -> dict[str, int]:
    statuses = Counter(Publication.objects.values_list("status", flat=True))
    return {
        **{f"status_{status}": count for status, count in statuses.items()},
        "versions": PublicationVersion.objects.count(),
        "snapshots": PublishedItem.objects.count(),
        "users": User.objects.count(),
    }


@pytest.mark.django_db
def test_demo_publishes_and_loads_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(rendering, "soffice_command", lambda: None)
    call_command("demo", "load")
    output = capsys.readouterr().out
    assert "执法主体 47 个" in output
    assert "演示账号的密码" in output
    first = publicity_counts()

    published = Publication.objects.filter(status=PublicationStatus.PUBLISHED)
    assert published.count() > 0
    assert PublishedItem.objects.filter(is_public=True).count() > 0
    drafts = Publication.objects.filter(status=PublicationStatus.DRAFT)
    assert 2 <= drafts.count() <= 3, list(drafts.values_list("pk", "agency__short_name"))
    assert published.count() > drafts.count()
    for reason in Publication.objects.filter(status=PublicationStatus.EXCLUDED).values_list(
        "exclusion_reason", flat=True
    ):
        assert reason

    approver = User.objects.get(username=APPROVER_USERNAME)
    assert Role.PUBLICATION_APPROVER in approver.roles
    assert not approver.must_change_password
    approved_by_demo_approver = PublicationVersion.objects.filter(approved_by=approver)
    assert approved_by_demo_approver.count() > 0

    manual = Publication.objects.get(document_number=MANUAL_DOCUMENT_NUMBER)
    assert manual.source == PublicationSource.MANUAL
    assert manual.agency.short_name == "区税务局"
    assert manual.status == PublicationStatus.PUBLISHED
    corrections = PublicationVersion.objects.filter(change=ChangeKind.CORRECTION)
    assert corrections.count() == 1
    correction = corrections.get()
    assert correction.publication_id == manual.pk
    assert correction.reason == CORRECTION_REASON
    item = PublishedItem.objects.get(publication=manual)
    assert item.corrected_on is not None
    assert item.fields["CF_NR"] == MANUAL_CORRECTED
    assert item.party_name == MANUAL_COMPANY

    call_command("demo", "load")

    assert publicity_counts() == first
    assert_portal_shows_no_party_data(Client())

    client = Client()
    login = client.post(
        reverse("accounts:login"), {"username": APPROVER_USERNAME, "password": DEMO_PASSWORD}
    )
    assert login.status_code == 302
    # A demo account goes straight to the back office, not to the forced password change.
    home = client.get(reverse("backoffice:home"))
    assert home.status_code == 200
    listed = client.get(reverse("publicity:publication_list"))
    assert listed.status_code == 200

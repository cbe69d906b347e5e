"""Mask edits on the approver screen: protected party data, suspected names, the buttons."""

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from zhifa.accounts.roles import Role
from zhifa.core.errors import ValidationFailed
from zhifa.publicity.models import PublishedItem
from zhifa.publicity.publishing import approval
from zhifa.publicity.publishing.masking import _suspects
from zhifa.publicity.publishing.protection import REFUSAL
from zhifa.publicity.tests.drafting_support import (
    PERSON,
    PERSON_ID_NUMBER,
    PERSON_PHONE,
    person_penalty,
)

pytestmark = pytest.mark.django_db

# The kept strings that would publish protected data: the name itself, part of it, text that
# contains it, text overlapping it, the ID number, part of it, the phone and the address.
PROTECTED_REMOVALS = [
    PERSON,
    "建国",
    f"当事人：{PERSON}",
    "国，身份证",
    PERSON_ID_NUMBER,
    PERSON_ID_NUMBER[6:14],
    PERSON_PHONE,
    "华腾路1号",
]


@pytest.fixture
def approver(make_user, agency_a):
    return make_user("fabu_a", Role.PUBLICATION_APPROVER, agency=agency_a)


@pytest.fixture
def draft(agency_a, officer_user):
    return person_penalty(agency_a, officer_user)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("kept", PROTECTED_REMOVALS)
def test_removing_party_mask_refused(draft, approver, kept) -> None:
    with pytest.raises(ValidationFailed) as caught:
        approval.edit_masks(approver, draft, remove=[kept])

    assert caught.value.field == "remove"
    assert REFUSAL in caught.value.message
    draft.refresh_from_db()
    assert draft.mask_edits == {}


def test_removing_witness_mask_allowed(draft, approver) -> None:
    approval.edit_masks(approver, draft, remove=["赵丽华"])

    draft.refresh_from_db()
    assert draft.mask_edits["removed"] == ["赵丽华"]


def test_stored_party_removal_ignored_at_approval(draft, approver) -> None:
    # An edit stored before the check existed must not publish the name either.
    draft.mask_edits = {"added": [], "removed": [PERSON]}
    draft.save()

    approval.approve(approver, draft)

    item = PublishedItem.objects.get(publication=draft)
    assert PERSON not in item.text
    assert "王某某" in item.text


def test_review_page_refuses_unmasking_name(draft, approver) -> None:
    url = reverse("publicity:publication_review", args=[draft.pk])

    response = login(approver).post(url, {"operation": "masks", "remove": PERSON})

    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    draft.refresh_from_db()
    assert draft.mask_edits == {}


def test_api_refuses_unmasking_phone(draft, approver) -> None:
    response = login(approver).post(
        f"/api/publicity/publications/{draft.pk}/masks",
        json.dumps({"remove": [PERSON_PHONE]}),
        content_type="application/json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "remove"
    assert REFUSAL in body["message"]


@dataclass
class ScanResult:
    """The part of a redaction result that ``_suspects`` reads."""

    suspects: tuple[str, ...]


def test_suspects_listed_once_without_added() -> None:
    results = [ScanResult(("赵丽华", "孙立新")), ScanResult(("赵丽华",)), object()]

    assert _suspects(results, added=["孙立新"]) == ["赵丽华"]


def test_review_page_unmask_button_visible(draft, approver) -> None:
    page = login(approver).get(reverse("publicity:publication_review", args=[draft.pk]))
    html = page.content.decode()
    assert 'class="link unmask"' in html

    rules = Path(settings.BASE_DIR, "static", "css", "office.css").read_text(encoding="utf-8")
    unmask_rule = next(line for line in rules.splitlines() if line.startswith("button.unmask {"))
    assert "color: var(--blue)" in unmask_rule
    assert "background: #fff" in unmask_rule
    assert "button.unmask:focus-visible" in rules


def test_review_page_lists_suspects_to_mask(agency_a, officer_user, approver) -> None:
    draft = person_penalty(
        agency_a, officer_user, text=f"行政处罚决定书\n当事人：{PERSON}。\n李四已将款项退还。"
    )
    client = login(approver)
    url = reverse("publicity:publication_review", args=[draft.pk])

    html = client.get(url).content.decode()
    assert "疑似人名（未遮蔽）" in html
    assert '<input type="hidden" name="add" value="李四">' in html

    client.post(url, {"operation": "masks", "add": "李四"})
    draft.refresh_from_db()
    assert draft.mask_edits["added"] == ["李四"]
    shown = approval.preview(draft)
    assert "李四" not in shown.masked_text
    assert "李四" not in shown.suspects

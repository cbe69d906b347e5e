"""Withdrawal: through a real correcting remedy outcome, by hand, and drafts excluded instead."""

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.cases.models import Case
from zhifa.cases.tests.steps_support import World, build_world, cover_next_year
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.publicity.changes import listeners
from zhifa.publicity.changes.withdrawal import withdraw, withdraw_corrected
from zhifa.publicity.models import (
    ChangeKind,
    Publication,
    PublicationStatus,
    PublishedItem,
)
from zhifa.remedies.signals import decision_corrected
from zhifa.remedies.tests.support import conclude, file, served_case

NOV = 11


def day(month: int, number: int) -> datetime.date:
    return datetime.date(2026, month, number)


@pytest.fixture
def connected() -> Iterator[None]:
    listeners.connect()
    yield
    decision_corrected.disconnect(dispatch_uid=listeners.DISPATCH_UID)


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def case(world: World) -> Case:
    return served_case(world)


@pytest.fixture
def approver(make_user: Callable[..., User], agency_a: Agency) -> User:
    return make_user("approver_a", "publication_approver", agency=agency_a)


def test_revoked_outcome_withdraws_every_publication_of_case(
    connected: None,
    world: World,
    case: Case,
    make_publication: Callable[..., Publication],
    django_capture_on_commit_callbacks: Any,
) -> None:
    Publication.objects.filter(case=case).delete()
    published = make_publication(case=case, published_on=day(NOV, 10))
    draft = make_publication(case=case, document_number="青朱综执罚〔2026〕2号")
    file(world, case, day(NOV, 9))

    with django_capture_on_commit_callbacks(execute=True):
        conclude(world, case, day(NOV, 26), "revoked")

    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.status == PublicationStatus.WITHDRAWN
    assert draft.status == PublicationStatus.EXCLUDED
    assert "被撤销" in draft.exclusion_reason

    newest = published.versions.order_by("-number").first()
    assert newest is not None
    assert newest.change == ChangeKind.WITHDRAWAL
    assert newest.number == 2
    assert "2026年11月26日经行政复议被撤销" in newest.reason
    assert "青府复字〔2026〕1号" in newest.reason

    item = PublishedItem.objects.get(publication=published)
    assert item.is_public is False
    assert item.withdrawal_reason == newest.reason
    assert item.text == ""
    assert item.fields == {}

    entry = AuditEntry.objects.get(action="publication_withdrawn")
    # Thursday 26 November: the 3 working days end on Tuesday 1 December.
    assert entry.detail["withdraw_by"] == "2026-12-01"
    assert entry.detail["triggered_on"] == "2026-11-26"


def test_upheld_outcome_leaves_publication(
    connected: None,
    world: World,
    case: Case,
    make_publication: Callable[..., Publication],
    django_capture_on_commit_callbacks: Any,
) -> None:
    published = make_publication(case=case, published_on=day(NOV, 10))
    file(world, case, day(NOV, 9))

    with django_capture_on_commit_callbacks(execute=True):
        conclude(world, case, day(NOV, 26), "upheld")

    published.refresh_from_db()
    assert published.status == PublicationStatus.PUBLISHED
    assert PublishedItem.objects.get(publication=published).is_public


def test_later_decision_not_withdrawn_by_earlier_outcome(
    world: World,
    case: Case,
    make_publication: Callable[..., Publication],
    django_capture_on_commit_callbacks: Any,
) -> None:
    file(world, case, day(NOV, 9))
    with django_capture_on_commit_callbacks(execute=True):
        conclude(world, case, day(NOV, 20), "revoked")
    remade = make_publication(
        case=case, decided_on=day(NOV, 25), document_number="青朱综执罚〔2026〕9号"
    )
    earlier_draft = make_publication(case=case, document_number="青朱综执罚〔2026〕3号")

    assert withdraw_corrected() >= 1

    remade.refresh_from_db()
    earlier_draft.refresh_from_db()
    assert remade.status == PublicationStatus.DRAFT
    assert earlier_draft.status == PublicationStatus.EXCLUDED


def test_manual_withdrawal_by_approver(
    approver: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(published_on=day(NOV, 10))

    withdraw(approver, publication, "该决定已被本机关依法撤销。", day(NOV, 20))

    publication.refresh_from_db()
    assert publication.status == PublicationStatus.WITHDRAWN
    item = PublishedItem.objects.get(publication=publication)
    assert item.withdrawal_reason == "该决定已被本机关依法撤销。"
    entry = AuditEntry.objects.get(action="publication_withdrawn")
    assert entry.actor == approver


def test_manual_withdrawal_requires_reason(
    approver: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(published_on=day(NOV, 10))
    with pytest.raises(ValidationFailed) as error:
        withdraw(approver, publication, "  ", day(NOV, 20))
    assert error.value.field == "reason"
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PUBLISHED


def test_manual_withdrawal_date_checks(
    approver: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(published_on=day(NOV, 10))
    with pytest.raises(ValidationFailed) as before:
        withdraw(approver, publication, "理由", day(NOV, 1))
    assert before.value.field == "triggered_on"
    with pytest.raises(ValidationFailed) as future:
        withdraw(approver, publication, "理由", datetime.date(2099, 1, 1))
    assert future.value.field == "triggered_on"


def test_officer_cannot_withdraw(
    officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(published_on=day(NOV, 10))
    with pytest.raises(NotPermitted):
        withdraw(officer_user, publication, "理由", day(NOV, 20))


def test_other_agency_cannot_withdraw(
    other_agency_user: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(published_on=day(NOV, 10))
    with pytest.raises(NotFound):
        withdraw(other_agency_user, publication, "理由", day(NOV, 20))


def test_withdrawn_item_cannot_be_withdrawn_again(
    approver: User, make_publication: Callable[..., Publication]
) -> None:
    publication = make_publication(published_on=day(NOV, 10))
    withdraw(approver, publication, "理由一", day(NOV, 20))
    with pytest.raises(InvalidTransition):
        withdraw(approver, publication, "理由二", day(NOV, 20))
    assert publication.versions.count() == 2


def test_demo_withdraws_and_requests_repair_once(
    connected: None,
    world: World,
    case: Case,
    make_publication: Callable[..., Publication],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from zhifa.publicity.changes import demo

    Publication.objects.filter(case=case).delete()
    revoked = make_publication(case=case, published_on=day(NOV, 10))
    other = make_publication(published_on=day(NOV, 10), document_number="青朱综执罚〔2026〕5号")
    today = datetime.date(2026, 12, 4)

    with django_capture_on_commit_callbacks(execute=True):
        first = demo.load(today)
    with django_capture_on_commit_callbacks(execute=True):
        second = demo.load(today)

    revoked.refresh_from_db()
    other.refresh_from_db()
    assert first["demo_revocations"] == 1
    assert first["credit_repairs_pending"] == 1
    assert second["demo_revocations"] == 0
    assert second["credit_repairs_pending"] == 0
    assert revoked.status == PublicationStatus.WITHDRAWN
    assert "青府复字〔演示〕9号" in PublishedItem.objects.get(publication=revoked).withdrawal_reason
    assert other.repairs.count() == 1


def test_withdraw_page(
    approver: User, officer_user: User, make_publication: Callable[..., Publication]
) -> None:
    from django.test import Client
    from django.urls import reverse

    publication = make_publication(published_on=day(NOV, 10))
    url = reverse("publicity:withdraw", args=[publication.pk])
    officer = Client()
    officer.force_login(officer_user)
    assert officer.get(url).status_code == 403

    client = Client()
    client.force_login(approver)
    missing = client.post(url, {"reason": "", "triggered_on": "2026-11-20"})
    done = client.post(url, {"reason": "该决定已被依法撤销。", "triggered_on": "2026-11-20"})

    assert missing.status_code == 200
    assert "撤回理由" in missing.content.decode()
    assert done.status_code == 302
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.WITHDRAWN

"""Expiry: items past their 公示截止期 leave the portal; the history stays in the versions."""

import datetime
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import AuditEntry
from zhifa.publicity.changes.expiry import expire_due
from zhifa.publicity.models import (
    ChangeKind,
    EndReason,
    Publication,
    PublicationStatus,
    PublishedItem,
)


def test_expire_due_removes_only_ended_items(
    make_publication: Callable[..., Publication],
) -> None:
    ended = make_publication(
        published_on=datetime.date(2026, 11, 10), ends_on=datetime.date(2026, 12, 3)
    )
    last_day = make_publication(
        published_on=datetime.date(2026, 11, 10),
        ends_on=datetime.date(2026, 12, 4),
        document_number="青朱综执罚〔2026〕2号",
    )
    no_end = make_publication(
        published_on=datetime.date(2026, 11, 10), document_number="青朱综执罚〔2026〕3号"
    )

    assert expire_due(datetime.date(2026, 12, 4)) == 1

    ended.refresh_from_db()
    assert ended.status == PublicationStatus.EXPIRED
    tombstone = PublishedItem.objects.get(publication=ended)
    assert tombstone.end_reason == EndReason.EXPIRY
    assert tombstone.ended_on is not None
    assert tombstone.is_public is False
    newest = ended.versions.order_by("-number").first()
    assert newest is not None
    assert newest.change == ChangeKind.EXPIRY
    assert "2026年12月3日届满" in newest.reason
    assert newest.fields == ended.versions.get(number=1).fields

    for unexpired in (last_day, no_end):
        unexpired.refresh_from_db()
        assert unexpired.status == PublicationStatus.PUBLISHED
        assert PublishedItem.objects.get(publication=unexpired).ended_on is None
    assert AuditEntry.objects.filter(action="publication_expired").count() == 1


def test_expire_due_runs_once(make_publication: Callable[..., Publication]) -> None:
    make_publication(published_on=datetime.date(2026, 11, 10), ends_on=datetime.date(2026, 12, 1))
    assert expire_due(datetime.date(2026, 12, 4)) == 1
    assert expire_due(datetime.date(2026, 12, 5)) == 0


def test_withdrawn_and_draft_items_do_not_expire(
    make_publication: Callable[..., Publication],
) -> None:
    draft = make_publication(ends_on=datetime.date(2026, 12, 1))
    assert expire_due(datetime.date(2026, 12, 4)) == 0
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT


def test_expired_tombstone_has_no_content(
    make_publication: Callable[..., Publication],
) -> None:
    publication = make_publication(
        published_on=datetime.date(2026, 11, 10), ends_on=datetime.date(2026, 12, 1)
    )
    before = PublishedItem.objects.get(publication=publication)

    expire_due(datetime.date(2026, 12, 4))

    tombstone = PublishedItem.objects.get(publication=publication)
    assert tombstone.pk == before.pk
    assert tombstone.document_number == before.document_number
    assert tombstone.fields == {}
    assert tombstone.text == ""
    assert tombstone.search_text == ""
    assert tombstone.party_name == ""
    assert tombstone.party_kind == ""
    assert tombstone.version_number == 2


def test_expired_item_not_on_portal(
    make_publication: Callable[..., Publication],
) -> None:
    publication = make_publication(
        published_on=datetime.date(2026, 11, 10), ends_on=datetime.date(2026, 12, 1)
    )
    item = PublishedItem.objects.get(publication=publication)
    client = Client()
    assert client.get(reverse("portal:decision_detail", args=[item.pk])).status_code == 200

    expire_due(datetime.date(2026, 12, 4))

    assert client.get(reverse("portal:decision_detail", args=[item.pk])).status_code == 404
    home = client.get(reverse("portal:home"))
    assert home.context["latest"] == []

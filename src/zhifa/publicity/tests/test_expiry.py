"""Expiry: items past their 公示截止期 leave the portal; the history stays in the versions."""

import datetime
from collections.abc import Callable

from zhifa.accounts.models import AuditEntry
from zhifa.publicity.changes.expiry import expire_due
from zhifa.publicity.models import ChangeKind, Publication, PublicationStatus, PublishedItem


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
    assert not PublishedItem.objects.filter(publication=ended).exists()
    newest = ended.versions.order_by("-number").first()
    assert newest is not None
    assert newest.change == ChangeKind.EXPIRY
    assert "2026年12月3日届满" in newest.reason
    assert newest.fields == ended.versions.get(number=1).fields

    for unexpired in (last_day, no_end):
        unexpired.refresh_from_db()
        assert unexpired.status == PublicationStatus.PUBLISHED
        assert PublishedItem.objects.filter(publication=unexpired).exists()
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

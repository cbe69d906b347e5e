"""``zhifa ledger sync``: records written without a ledger entry get one, once."""

import io

from django.core.management import call_command

from zhifa.evidence.ledger.verify import verify_ledger
from zhifa.evidence.models import AvRecord, LedgerEntry, StoredContent
from zhifa.evidence.tests.ledger_support import make_av_record, store_content


def test_sync_appends_bulk_created_rows_in_pk_order(db):
    store_content(b"already in the ledger")
    rows = [
        StoredContent(digest=f"sm3:{index:064x}", size=index, storage_name=f"sm3/x/{index}")
        for index in (3, 1, 2)
    ]
    StoredContent.objects.bulk_create(rows)
    output = io.StringIO()

    call_command("ledger", "sync", stdout=output)

    added = list(LedgerEntry.objects.filter(position__gte=1).values_list("ref", flat=True))
    assert added == [f"content:sm3:{index:064x}" for index in (1, 2, 3)]
    assert "补记 存证内容 3 条" in output.getvalue()


def test_sync_is_idempotent(db):
    StoredContent.objects.create(digest=f"sm3:{7:064x}", size=7, storage_name="sm3/x/7")
    call_command("ledger", "sync", stdout=io.StringIO())
    count = LedgerEntry.objects.count()
    output = io.StringIO()

    call_command("ledger", "sync", stdout=output)

    assert LedgerEntry.objects.count() == count == 1
    assert "所有记录均已记入账本" in output.getvalue()


def test_sync_ledgers_av_record_and_links(agency_a, officer_user):
    record = make_av_record(agency_a, officer_user, b"clip")
    ledgered = LedgerEntry.objects.count()
    copy = AvRecord.objects.get(pk=record.pk)
    copy.pk = None
    AvRecord.objects.bulk_create([copy])
    copy = AvRecord.objects.exclude(pk=record.pk).get()

    report = verify_ledger()
    assert set(report.unledgered) == {
        ("av_record", str(copy.pk)),
        ("av_record_links", str(copy.pk)),
    }

    call_command("ledger", "sync", stdout=io.StringIO())

    refs = list(LedgerEntry.objects.filter(position__gte=ledgered).values_list("ref", flat=True))
    assert refs == [f"av_record:{copy.pk}", f"av_record_links:{copy.pk}"]
    assert verify_ledger().ok

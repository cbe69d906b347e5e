"""The database itself refuses UPDATE and DELETE on ledger entries, tree heads and AV records."""

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from zhifa.evidence.ledger import heads
from zhifa.evidence.models import AvRecord, LedgerEntry, Sensitivity, TreeHead
from zhifa.evidence.tests.ledger_support import make_av_record, store_content


@pytest.fixture
def purge_closed(settings):
    # Test teardown opens the delete door on SQLite; close it as in production.
    settings.ZHIFA_ALLOW_PURGE = False


@pytest.fixture
def head(settings, tmp_path, db):
    settings.ZHIFA_LEDGER_KEY_FILE = tmp_path / "ledger.key"
    call_command("ledger", "keygen", stdout=io.StringIO())
    store_content(b"evidence")
    return heads.sign_tree_head()


def run_closed(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL zhifa.allow_purge = off")
        cursor.execute(sql, params)


ENTRY = LedgerEntry._meta.db_table
HEAD = TreeHead._meta.db_table


def test_entry_update_refused(head, purge_closed):
    entry = LedgerEntry.objects.get()
    with pytest.raises(DatabaseError):
        run_closed(f"UPDATE {ENTRY} SET payload = %s WHERE id = %s", ["{}", entry.pk])  # noqa: S608
    assert LedgerEntry.objects.get().payload == entry.payload


def test_entry_delete_refused(head, purge_closed):
    entry = LedgerEntry.objects.get()
    with pytest.raises(DatabaseError):
        run_closed(f"DELETE FROM {ENTRY} WHERE id = %s", [entry.pk])  # noqa: S608
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_head_update_refused(head, purge_closed):
    with pytest.raises(DatabaseError):
        run_closed(f"UPDATE {HEAD} SET tree_size = %s WHERE id = %s", [99, head.pk])  # noqa: S608
    assert TreeHead.objects.get().tree_size == 1


def test_head_delete_refused(head, purge_closed):
    with pytest.raises(DatabaseError):
        run_closed(f"DELETE FROM {HEAD} WHERE id = %s", [head.pk])  # noqa: S608
    assert TreeHead.objects.filter(pk=head.pk).exists()


def test_insert_still_allowed(head, purge_closed):
    store_content(b"more evidence")
    assert LedgerEntry.objects.count() == 2


AV_RECORD = AvRecord._meta.db_table


@pytest.fixture
def av_record(agency_a, officer_user):
    return make_av_record(agency_a, officer_user, b"recorded", note="当事人拒绝签字")


@pytest.mark.parametrize(
    ("column", "value"),
    [("note", "改过的说明"), ("note", ""), ("place", "别处"), ("duration_seconds", 1.0)],
)
def test_av_record_fact_update_refused(av_record, purge_closed, column, value):
    with pytest.raises(DatabaseError):
        run_closed(
            f"UPDATE {AV_RECORD} SET {column} = %s WHERE id = %s",  # noqa: S608
            [value, av_record.pk],
        )
    assert AvRecord.objects.get(pk=av_record.pk).note == "当事人拒绝签字"


def test_av_record_marking_update_allowed(av_record, purge_closed):
    run_closed(
        f"UPDATE {AV_RECORD} SET sensitivity = %s WHERE id = %s",  # noqa: S608
        [Sensitivity.TRADE_SECRET, av_record.pk],
    )
    assert AvRecord.objects.get(pk=av_record.pk).sensitivity == Sensitivity.TRADE_SECRET


def test_av_record_delete_refused(av_record, purge_closed):
    with pytest.raises(DatabaseError):
        run_closed(f"DELETE FROM {AV_RECORD} WHERE id = %s", [av_record.pk])  # noqa: S608
    assert AvRecord.objects.filter(pk=av_record.pk).exists()

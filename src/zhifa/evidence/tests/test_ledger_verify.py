"""``zhifa ledger verify``: an untouched store passes, and every kind of tampering is reported."""

import datetime
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhifa.cases.models import CaseStep, Document, DocumentOriginal, DocumentStatus
from zhifa.cases.tests.steps_support import build_world, cover_next_year, open_ordinary
from zhifa.evidence.ledger import heads
from zhifa.evidence.ledger.verify import verify_ledger
from zhifa.evidence.models import AvRecord, LedgerEntry, StoredContent
from zhifa.evidence.tests.ledger_support import (
    make_av_record,
    run_sql,
    triggers_dropped,
)

ENTRY_TABLE = LedgerEntry._meta.db_table


@pytest.fixture
def signing_key(settings, tmp_path: Path) -> Path:
    settings.ZHIFA_LEDGER_KEY_FILE = tmp_path / "keys" / "ledger.key"
    settings.ZHIFA_LEDGER_SIGNATURE = "sm2"
    call_command("ledger", "keygen", stdout=io.StringIO())
    return settings.ZHIFA_LEDGER_KEY_FILE


@pytest.fixture
def store(agency_a, agency_head_user, officer_user, signing_key):
    """A case with its opening step, a final document, two AV records and a signed tree head."""
    cover_next_year()
    world = build_world(agency_a, agency_head_user, officer_user)
    case = open_ordinary(world)
    document = make_final_document(case)
    first = make_av_record(agency_a, officer_user, b"video bytes one", officers=world.officers)
    second = make_av_record(agency_a, officer_user, b"video bytes two")
    heads.sign_tree_head()
    return {"case": case, "document": document, "records": [first, second], "world": world}


def make_final_document(case) -> Document:
    data = b"PK final document bytes"
    name = default_storage.save(f"documents/{case.pk}/decision.docx", ContentFile(data))
    return Document.objects.create(
        case=case,
        doc_type="penalty_decision",
        title="行政处罚决定书",
        number="朱罚决〔2026〕1号",
        status=DocumentStatus.FINAL,
        data={"fine": "2000"},
        docx_file=name,
        docx_digest="sha256:" + hashlib.sha256(data).hexdigest(),
        finalised_at=timezone.now(),
    )


def last_step() -> CaseStep:
    step = CaseStep.objects.order_by("pk").last()
    assert step is not None
    return step


def messages(report) -> list[str]:
    return [f"{problem.ref} {problem.message}" for problem in report.problems]


def entry_of(ref: str) -> LedgerEntry:
    return LedgerEntry.objects.get(ref=ref)


def test_untouched_store_verifies(store):
    report = verify_ledger()

    assert report.problems == []
    assert report.unledgered == []
    assert report.entries == LedgerEntry.objects.count()
    assert report.heads == 1
    assert report.files == 3  # two AV contents and the document


def test_untouched_store_command_passes(store):
    output = io.StringIO()
    call_command("ledger", "verify", stdout=output)

    assert "账本核验通过" in output.getvalue()


def test_byte_flipped_in_stored_file(store):
    content = store["records"][0].content
    path = Path(storages["evidence"].path(content.storage_name))
    data = bytearray(path.read_bytes())
    data[0] ^= 0x01
    path.write_bytes(bytes(data))

    report = verify_ledger()

    entry = entry_of(f"content:{content.pk}")
    assert [(p.position, p.ref) for p in report.problems] == [(entry.position, entry.ref)]
    assert "内容已被改动" in report.problems[0].message


def test_stored_file_removed(store):
    content = store["records"][1].content
    storages["evidence"].delete(content.storage_name)

    report = verify_ledger()

    assert len(report.problems) == 1
    assert report.problems[0].ref == f"content:{content.pk}"
    assert "已缺失" in report.problems[0].message


def test_document_file_changed(store):
    document = store["document"]
    Path(default_storage.path(document.docx_file.name)).write_bytes(b"PK forged document")

    report = verify_ledger()

    assert len(report.problems) == 1
    assert report.problems[0].ref == f"document:{document.pk}"
    assert "内容已被改动" in report.problems[0].message


def test_scanned_original_ledgered_and_checked(store, officer_user):
    document = store["document"]
    data = b"%PDF-1.4 signed and sealed scan"
    name = default_storage.save(f"documents/{document.case_id}/scan.pdf", ContentFile(data))
    original = DocumentOriginal.objects.create(
        document=document,
        file=name,
        digest="sha256:" + hashlib.sha256(data).hexdigest(),
        size=len(data),
        content_type="application/pdf",
        original_name="决定书签收件.pdf",
        uploaded_by=officer_user,
    )
    assert verify_ledger().problems == []

    Path(default_storage.path(name)).write_bytes(b"%PDF-1.4 signed and sealed SCAN")
    report = verify_ledger()

    assert [problem.ref for problem in report.problems] == [f"document_original:{original.pk}"]
    assert "内容已被改动" in report.problems[0].message


def test_case_step_row_changed(store):
    step = last_step()
    with triggers_dropped(CaseStep._meta.db_table):
        run_sql(
            f"UPDATE {CaseStep._meta.db_table} SET summary = %s WHERE id = %s",  # noqa: S608
            ["内容已改", step.pk],
        )

    report = verify_ledger()

    assert messages(report) == [f"case_step:{step.pk} 记录已被改动（与账本不符的字段：summary）"]
    assert report.problems[0].position == entry_of(f"case_step:{step.pk}").position


def test_ledger_payload_changed(store):
    entry = entry_of(f"case_step:{last_step().pk}")
    forged = entry.payload.replace('"summary":"', '"summary":"改', 1)
    assert forged != entry.payload
    with triggers_dropped(ENTRY_TABLE):
        run_sql(f"UPDATE {ENTRY_TABLE} SET payload = %s WHERE id = %s", [forged, entry.pk])  # noqa: S608

    report = verify_ledger()

    at_entry = [p.message for p in report.problems if p.position == entry.position]
    assert "叶子摘要与账本内容不符（内容或叶子摘要被改动）" in at_entry
    assert "链摘要不符（条目被改动、删除或调换了顺序）" in at_entry
    assert any(p.message.startswith("记录已被改动") for p in report.problems)
    assert any(p.ref.startswith("tree_head:") for p in report.problems)


def test_forged_entry_breaks_next_chain(store):
    """A forger who also rewrites the leaf and chain hash is caught by the next entry."""
    from zhifa.evidence.ledger import chain

    entry = LedgerEntry.objects.get(position=3)
    forged = entry.payload.replace('"place":"', '"place":"改', 1)
    assert forged != entry.payload
    previous = LedgerEntry.objects.get(position=entry.position - 1)
    leaf = chain.leaf_hash(forged)
    chained = chain.chain_hash(bytes.fromhex(previous.chain_hash), leaf)
    with triggers_dropped(ENTRY_TABLE):
        run_sql(
            f"UPDATE {ENTRY_TABLE} SET payload = %s, leaf_hash = %s, chain_hash = %s "  # noqa: S608
            "WHERE id = %s",
            [forged, leaf.hex(), chained.hex(), entry.pk],
        )

    report = verify_ledger()

    chain_failures = {p.position for p in report.problems if "链摘要不符" in p.message}
    assert chain_failures == {entry.position + 1}
    assert any(p.ref.startswith("tree_head:") for p in report.problems)


def test_ledger_row_deleted(store):
    step = last_step()
    entry = entry_of(f"case_step:{step.pk}")
    with triggers_dropped(ENTRY_TABLE):
        run_sql(f"DELETE FROM {ENTRY_TABLE} WHERE id = %s", [entry.pk])  # noqa: S608

    report = verify_ledger()

    assert any(p.position == entry.position and "缺失" in p.message for p in report.problems), (
        messages(report)
    )
    assert ("case_step", str(step.pk)) in report.unledgered
    assert any(p.ref.startswith("tree_head:") for p in report.problems)


def test_entries_reordered(store):
    first, second = LedgerEntry.objects.order_by("position")[1:3]
    with triggers_dropped(ENTRY_TABLE):
        run_sql(f"UPDATE {ENTRY_TABLE} SET position = %s WHERE id = %s", [10**9, first.pk])  # noqa: S608
        run_sql(
            f"UPDATE {ENTRY_TABLE} SET position = %s WHERE id = %s",  # noqa: S608
            [first.position, second.pk],
        )
        run_sql(
            f"UPDATE {ENTRY_TABLE} SET position = %s WHERE id = %s",  # noqa: S608
            [second.position, first.pk],
        )

    report = verify_ledger()

    # The entry after the pair fails too: its predecessor in the chain is no longer there.
    chain_failures = {p.position for p in report.problems if "链摘要不符" in p.message}
    assert chain_failures == {first.position, second.position, second.position + 1}
    assert any(p.ref.startswith("tree_head:") for p in report.problems)


def test_av_record_row_changed(store):
    record = store["records"][0]
    with triggers_dropped(AvRecord._meta.db_table):
        run_sql(
            f"UPDATE {AvRecord._meta.db_table} SET place = %s WHERE id = %s",  # noqa: S608
            ["别处", record.pk],
        )

    report = verify_ledger()

    assert messages(report) == [f"av_record:{record.pk} 记录已被改动（与账本不符的字段：place）"]


def test_older_link_entries_are_history(store, officer_user):
    record = store["records"][1]
    record.sensitivity = "private"
    record.save(update_fields=["sensitivity"])
    from zhifa.evidence.ledger import entries

    entries.av_record_links_changed(record)

    assert verify_ledger().problems == []


def test_record_row_deleted(store):
    record = store["records"][1]
    with triggers_dropped(AvRecord._meta.db_table):
        run_sql(f"DELETE FROM {AvRecord._meta.db_table} WHERE id = %s", [record.pk])  # noqa: S608

    report = verify_ledger()

    assert {p.ref for p in report.problems} == {
        f"av_record:{record.pk}",
        f"av_record_links:{record.pk}",
    }
    assert {p.message for p in report.problems} == {"记录已被删除"}


def test_record_without_entry_reported(store):
    StoredContent.objects.create(digest="sm3:" + "a" * 64, size=1, storage_name="sm3/aa/aa/x")

    report = verify_ledger()

    assert report.problems == []
    assert report.unledgered == [("content", "sm3:" + "a" * 64)]


def test_failing_command_names_entry_and_exits_1(store):
    content = store["records"][0].content
    storages["evidence"].delete(content.storage_name)
    output = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("ledger", "verify", stdout=output)

    assert raised.value.returncode == 1
    position = entry_of(f"content:{content.pk}").position
    assert f"不符：序号 {position} content:{content.pk}：存储的文件" in output.getvalue()


def test_chain_only_skips_records(store):
    record = store["records"][0]
    with triggers_dropped(AvRecord._meta.db_table):
        run_sql(
            f"UPDATE {AvRecord._meta.db_table} SET place = %s WHERE id = %s",  # noqa: S608
            ["别处", record.pk],
        )

    assert verify_ledger(chain_only=True).ok
    assert not verify_ledger().ok


def test_tree_head_signature_forged(store):
    head = heads.TreeHead.objects.get()
    table = head._meta.db_table
    with triggers_dropped(table):
        run_sql(
            f"UPDATE {table} SET signed_on = %s WHERE id = %s",  # noqa: S608
            [datetime.date(2026, 1, 1), head.pk],
        )

    report = verify_ledger()

    assert [p.message for p in report.problems] == ["树头签名验证失败"]


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("not json", "不是有效的 JSON 对象"),
        ("[1, 2]", "不是有效的 JSON 对象"),
        ('{"digest": 5}', "缺少存储位置、摘要值或大小"),
        (
            '{"digest": "sm3:' + "0" * 64 + '", "size": 1, "storage_name": "../../outside"}',
            "不在存储目录内",
        ),
    ],
)
def test_content_payload_garbled(store, payload, expected):
    content = store["records"][0].content
    entry = entry_of(f"content:{content.pk}")
    with triggers_dropped(ENTRY_TABLE):
        run_sql(f"UPDATE {ENTRY_TABLE} SET payload = %s WHERE id = %s", [payload, entry.pk])  # noqa: S608

    report = verify_ledger()

    at_entry = [p.message for p in report.problems if p.position == entry.position]
    assert any(expected in message for message in at_entry), at_entry


def set_av_record_column(record: AvRecord, column: str, value: object) -> None:
    with triggers_dropped(AvRecord._meta.db_table):
        run_sql(
            f"UPDATE {AvRecord._meta.db_table} SET {column} = %s WHERE id = %s",  # noqa: S608
            [value, record.pk],
        )


def test_av_record_payload_carries_note(store):
    record = store["records"][0]
    payload = json.loads(entry_of(f"av_record:{record.pk}").payload)

    assert payload["v"] == 2
    assert payload["note"] == ""
    assert "duration_seconds" in payload


def test_av_record_note_changed(store):
    record = store["records"][0]
    set_av_record_column(record, "note", "事后补写的说明")

    report = verify_ledger()

    assert messages(report) == [f"av_record:{record.pk} 记录已被改动（与账本不符的字段：note）"]


def test_av_record_duration_changed(store):
    record = store["records"][1]
    set_av_record_column(record, "duration_seconds", 61.5)

    report = verify_ledger()

    assert messages(report) == [
        f"av_record:{record.pk} 记录已被改动（与账本不符的字段：duration_seconds）"
    ]


def test_int_duration_verifies_after_reload(agency_a, officer_user, signing_key):
    make_av_record(agency_a, officer_user, b"whole seconds", duration_seconds=12)

    assert verify_ledger().problems == []


def test_version_1_entry_verifies(agency_a, officer_user, signing_key):
    record = make_av_record(agency_a, officer_user, b"before v2", payload_version=1, note="旧说明")

    payload = json.loads(entry_of(f"av_record:{record.pk}").payload)
    assert "v" not in payload
    assert "note" not in payload
    assert verify_ledger().problems == []


def test_version_1_entry_still_checks_facts(agency_a, officer_user, signing_key):
    record = make_av_record(agency_a, officer_user, b"before v2", payload_version=1)
    set_av_record_column(record, "place", "别处")

    report = verify_ledger()

    assert messages(report) == [f"av_record:{record.pk} 记录已被改动（与账本不符的字段：place）"]


@pytest.mark.parametrize("version", [3, "2", True, None])
def test_unknown_payload_version_reported(agency_a, officer_user, signing_key, version):
    record = make_av_record(agency_a, officer_user, b"odd version")
    entry = entry_of(f"av_record:{record.pk}")
    payload = json.loads(entry.payload)
    payload["v"] = version
    with triggers_dropped(ENTRY_TABLE):
        run_sql(
            f"UPDATE {ENTRY_TABLE} SET payload = %s WHERE id = %s",  # noqa: S608
            [json.dumps(payload, ensure_ascii=False), entry.pk],
        )

    report = verify_ledger()

    at_entry = [p.message for p in report.problems if p.position == entry.position]
    assert any("无法识别" in message for message in at_entry), at_entry


def run_verify() -> str:
    output = io.StringIO()
    with pytest.raises(CommandError):
        call_command("ledger", "verify", stdout=output)
    return output.getvalue()


def test_unledgered_only_suggests_sync(store):
    StoredContent.objects.create(digest="sm3:" + "b" * 64, size=1, storage_name="sm3/bb/bb/x")

    text = run_verify()

    assert "可运行 zhifa ledger sync 补记" in text
    assert "不得用 zhifa ledger sync 重新记入" not in text


def test_tampering_never_suggests_sync(store):
    set_av_record_column(store["records"][0], "place", "别处")

    text = run_verify()

    assert "须调查原因" in text
    assert "不得用 zhifa ledger sync 重新记入" in text
    assert "可运行 zhifa ledger sync" not in text


def test_deleted_entries_with_unledgered_warn_against_sync(store):
    record = store["records"][1]
    with triggers_dropped(ENTRY_TABLE):
        run_sql(
            f"DELETE FROM {ENTRY_TABLE} WHERE ref = %s",  # noqa: S608
            [f"av_record:{record.pk}"],
        )

    text = run_verify()

    assert f"未记入账本：音像记录 av_record:{record.pk}" in text
    assert "查明不符之处之前，不要运行 zhifa ledger sync" in text
    assert "可运行 zhifa ledger sync" not in text

"""Destruction: the tombstone, removal of content, shared content, holds and ledger verification."""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from zhifa.archives.casefiles.models import CaseFileStatus
from zhifa.archives.disposition.actions import appraisals, destruction
from zhifa.archives.disposition.models import AppraisalKind, AppraisalStatus, Verdict
from zhifa.archives.disposition.tests.conftest import TODAY, expired_case_file
from zhifa.archives.retention.models import HoldReason, LegalHold
from zhifa.archives.tests.support import minimal_pdf
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.evidence.ledger.verify import verify_ledger
from zhifa.evidence.models import LedgerEntry, StoredContent
from zhifa.evidence.tests.ledger_support import make_av_record

REASON = "保管期限已满，案件已执行完毕，无复议诉讼，无继续保存价值"


def approved_destruction(archivist, head, case_files):
    appraisal = appraisals.open_appraisal(archivist, AppraisalKind.CASE_FILES, "张三、李四")
    entries = appraisals.add_entries(archivist, appraisal.pk, [cf.pk for cf in case_files], TODAY)
    appraisals.record_verdicts(
        archivist,
        appraisal.pk,
        [entry.pk for entry in entries],
        Verdict.DESTROY,
        REASON,
        today=TODAY,
    )
    appraisals.update_appraisal(archivist, appraisal.pk, "张三、李四", "经鉴定，均无保存价值。")
    appraisals.submit_appraisal(archivist, appraisal.pk)
    appraisals.approve_appraisal(head, appraisal.pk, today=TODAY)
    return appraisal


def own_files(case_file, label):
    """Return files unique to ``label``, so that no other record refers to their digests."""
    return [
        ("行政处罚决定书", minimal_pdf(f"Decision {label}"), "pdf", "application/pdf", "document"),
        ("办案过程记录", f"<steps>{label}</steps>".encode(), "xml", "application/xml", "other"),
    ]


def exists(item) -> bool:
    return storages[item.storage].exists(item.storage_name)


@pytest.fixture
def own(agency_a, officer_user):
    return expired_case_file(
        agency_a, officer_user, "青市监罚〔2026〕7号", files=own_files(None, "seven")
    )


@pytest.mark.django_db
def test_destroy_writes_tombstone_and_removes_content(
    archivist, agency_head_user, own, django_capture_on_commit_callbacks
) -> None:
    appraisal = approved_destruction(archivist, agency_head_user, [own])
    items = list(own.items.all())

    with django_capture_on_commit_callbacks(execute=True):
        result = destruction.destroy_approved(archivist, appraisal.pk, "王五、赵六")

    [entry] = result.destroyed
    own.refresh_from_db()
    assert own.status == CaseFileStatus.DESTROYED
    assert entry.witnesses == "王五、赵六"
    tombstone = LedgerEntry.objects.get(ref=f"tombstone:{entry.pk}")
    assert tombstone.position == entry.tombstone_position
    payload = json.loads(tombstone.payload)
    assert payload["subject"]["archive_code"] == own.archive_code
    assert payload["subject"]["case_number"] == "青市监罚〔2026〕7号"
    assert payload["decision"]["approved_by"] == agency_head_user.pk
    assert payload["decision"]["reason"] == REASON
    assert [f["digest"] for f in payload["files"]] == [item.digest for item in items]
    assert not any(exists(item) for item in items)
    # The append-only rows stay.
    assert own.items.count() == 2
    assert StoredContent.objects.filter(pk__in=[item.digest for item in items]).count() == 2


@pytest.mark.django_db
def test_verify_passes_after_destruction(
    archivist, agency_head_user, own, django_capture_on_commit_callbacks
) -> None:
    appraisal = approved_destruction(archivist, agency_head_user, [own])
    with django_capture_on_commit_callbacks(execute=True):
        destruction.destroy_approved(archivist, appraisal.pk, "王五、赵六")

    report = verify_ledger()

    assert report.problems == []
    assert report.ok
    assert sorted(report.destroyed_files) == sorted(i.storage_name for i in own.items.all())


@pytest.mark.django_db
def test_verify_reports_uncovered_missing_and_altered(
    archivist, agency_head_user, own, agency_a, officer_user, django_capture_on_commit_callbacks
) -> None:
    live = expired_case_file(
        agency_a, officer_user, "青市监罚〔2026〕8号", files=own_files(None, "eight")
    )
    appraisal = approved_destruction(archivist, agency_head_user, [own])
    with django_capture_on_commit_callbacks(execute=True):
        destruction.destroy_approved(archivist, appraisal.pk, "王五、赵六")
    missing, altered = live.items.all()
    storage = storages["evidence"]
    storage.delete(missing.storage_name)
    storage.delete(altered.storage_name)
    storage.save(altered.storage_name, ContentFile(b"<steps>changed</steps>"))

    report = verify_ledger()

    messages = [problem.message for problem in report.problems]
    assert any(missing.storage_name in m and "已缺失" in m for m in messages)
    assert any(altered.storage_name in m and ("已被改动" in m or "大小" in m) for m in messages)
    assert not report.ok


@pytest.mark.django_db
def test_content_shared_with_live_file_is_kept(
    archivist, agency_head_user, agency_a, officer_user, django_capture_on_commit_callbacks
) -> None:
    shared = own_files(None, "shared")
    doomed = expired_case_file(agency_a, officer_user, "青市监罚〔2026〕9号", files=shared)
    live = expired_case_file(
        agency_a,
        officer_user,
        "青市监罚〔2026〕10号",
        files=shared,
        ends_on=TODAY.replace(year=2056),
    )
    appraisal = approved_destruction(archivist, agency_head_user, [doomed])

    with django_capture_on_commit_callbacks(execute=True):
        destruction.destroy_approved(archivist, appraisal.pk, "王五、赵六")

    assert all(exists(item) for item in live.items.all())
    report = verify_ledger()
    assert report.ok
    assert report.destroyed_files == []


@pytest.mark.django_db
def test_shared_content_removed_behind_our_back_is_reported(
    archivist, agency_head_user, agency_a, officer_user, django_capture_on_commit_callbacks
) -> None:
    shared = own_files(None, "shared-two")
    doomed = expired_case_file(agency_a, officer_user, "青市监罚〔2026〕11号", files=shared)
    live = expired_case_file(
        agency_a,
        officer_user,
        "青市监罚〔2026〕12号",
        files=shared,
        ends_on=TODAY.replace(year=2056),
    )
    appraisal = approved_destruction(archivist, agency_head_user, [doomed])
    with django_capture_on_commit_callbacks(execute=True):
        destruction.destroy_approved(archivist, appraisal.pk, "王五、赵六")
    item = live.items.all()[0]
    storages["evidence"].delete(item.storage_name)

    report = verify_ledger()

    assert any(
        item.storage_name in problem.message and "在用记录" in problem.message
        for problem in report.problems
    )


@pytest.mark.django_db
def test_tombstone_rederives_and_detects_changes(
    archivist, agency_head_user, own, django_capture_on_commit_callbacks
) -> None:
    appraisal = approved_destruction(archivist, agency_head_user, [own])
    with django_capture_on_commit_callbacks(execute=True):
        [entry] = destruction.destroy_approved(archivist, appraisal.pk, "王五、赵六").destroyed
    assert verify_ledger().ok

    type(entry).objects.filter(pk=entry.pk).update(reason="事后改写的理由，与账本不符")

    report = verify_ledger()
    [problem] = [p for p in report.problems if p.ref == f"tombstone:{entry.pk}"]
    assert "reason" in problem.message or "decision" in problem.message


@pytest.mark.django_db
def test_hold_after_approval_refuses_destruction(
    archivist, agency_head_user, officer_user, own, django_capture_on_commit_callbacks
) -> None:
    appraisal = approved_destruction(archivist, agency_head_user, [own])
    LegalHold.objects.create(
        case=own.case,
        reason_kind=HoldReason.RECONSIDERATION,
        reason="当事人申请行政复议",
        placed_by=officer_user,
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = destruction.destroy_approved(archivist, appraisal.pk, "王五、赵六")

    assert result.destroyed == []
    [(_entry, reason)] = result.rejected
    assert "行政复议" in reason
    own.refresh_from_db()
    assert own.status == CaseFileStatus.ARCHIVED
    assert all(exists(item) for item in own.items.all())
    assert not LedgerEntry.objects.filter(ref__startswith="tombstone:").exists()


@pytest.mark.django_db
def test_destruction_needs_approval_and_witnesses(archivist, own) -> None:
    appraisal = appraisals.open_appraisal(archivist, AppraisalKind.CASE_FILES, "张三、李四")
    with pytest.raises(InvalidTransition):
        destruction.destroy_approved(archivist, appraisal.pk, "王五、赵六")
    with pytest.raises(ValidationFailed) as raised:
        destruction.destroy_approved(archivist, appraisal.pk, "王五")
    assert raised.value.field == "witnesses"


@pytest.mark.django_db
def test_routine_av_bulk_appraisal_and_destruction(
    archivist, agency_head_user, agency_a, officer_user, django_capture_on_commit_callbacks
) -> None:
    old = [make_av_record(agency_a, officer_user, f"patrol {n}".encode()) for n in range(3)]
    recent = make_av_record(
        agency_a,
        officer_user,
        b"recent patrol",
        started_at=old[0].started_at.replace(year=2037, month=2),
    )
    due_ids = {record.pk for record in appraisals.due.due_av_records(agency_a, TODAY)}
    assert due_ids == {record.pk for record in old}
    assert recent.pk not in due_ids

    appraisal = appraisals.open_appraisal(archivist, AppraisalKind.ROUTINE_AV, "张三、李四")
    entries = appraisals.add_entries(archivist, appraisal.pk, sorted(due_ids), TODAY)
    keep, *rest = entries
    appraisals.record_verdicts(
        archivist,
        appraisal.pk,
        [e.pk for e in rest],
        Verdict.DESTROY,
        "日常巡查录像，未作为证据，已保存满六个月",
        today=TODAY,
    )
    appraisals.record_verdicts(
        archivist,
        appraisal.pk,
        [keep.pk],
        Verdict.KEEP,
        "记录了道路塌陷现场，可能用于后续调查",
        new_retention_months=240,
        today=TODAY,
    )
    appraisals.update_appraisal(archivist, appraisal.pk, "张三、李四", "批量鉴定日常音像记录。")
    appraisals.submit_appraisal(archivist, appraisal.pk)
    appraisals.approve_appraisal(agency_head_user, appraisal.pk, today=TODAY)

    with django_capture_on_commit_callbacks(execute=True):
        result = destruction.destroy_approved(archivist, appraisal.pk, "王五、赵六")

    assert len(result.destroyed) == 2
    storage = storages["evidence"]
    by_pk = {record.pk: record for record in old}
    for entry in rest:
        assert not storage.exists(by_pk[entry.av_record_id or 0].content.storage_name)
    assert storage.exists(by_pk[keep.av_record_id or 0].content.storage_name)
    assert appraisals.due.due_av_records(agency_a, TODAY) == []
    report = verify_ledger()
    assert report.ok, report.problems
    assert len(report.destroyed_files) == 2
    appraisal.refresh_from_db()
    assert appraisal.status == AppraisalStatus.APPROVED

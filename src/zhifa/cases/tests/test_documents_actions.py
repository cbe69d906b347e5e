"""Document actions: drafts, finalising, immutability, corrections, originals, templates."""

import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.http import Http404
from django.test import RequestFactory

from zhifa.accounts.models import AuditEntry, User
from zhifa.cases.documents import actions, serving, templates
from zhifa.cases.models import Case, Document, DocumentOriginal, DocumentStatus
from zhifa.cases.tests import documents_support
from zhifa.cases.tests.documents_support import (
    FAKE_PDF,
    PENALTY_DATA,
    PERSON_ID,
    PNG_BYTES,
    docx_text,
    replace_in_docx,
)
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed

# Fixtures shared by the document tests.
case_a = documents_support.case_a
case_b = documents_support.case_b
fake_pdf = documents_support.fake_pdf
person_party = documents_support.person_party

pytestmark = pytest.mark.usefixtures("fake_pdf")


def sha256(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def stored_bytes(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def stored_names(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def final_decision(user: User, case: Case) -> Document:
    draft = actions.create_draft(user, case, "penalty_decision", PENALTY_DATA)
    return actions.finalise(user, draft)


# --- Drafts and permissions --------------------------------------------------------------------


def test_create_draft_records_audit(officer_user: User, case_a: Case) -> None:
    draft = actions.create_draft(officer_user, case_a, "inquiry_record", {"place": " 执法队 "})

    assert draft.status == DocumentStatus.DRAFT
    assert draft.title == "询问笔录"
    assert draft.data == {"place": "执法队"}
    assert AuditEntry.objects.filter(action="document_drafted", target_id=str(draft.pk)).exists()


def test_create_draft_rejects_unknown_field(officer_user: User, case_a: Case) -> None:
    with pytest.raises(ValidationFailed) as raised:
        actions.create_draft(officer_user, case_a, "inquiry_record", {"colour": "红"})
    assert raised.value.field == "colour"


def test_create_draft_rejects_unknown_type(officer_user: User, case_a: Case) -> None:
    with pytest.raises(ValidationFailed) as raised:
        actions.create_draft(officer_user, case_a, "love_letter", {})
    assert raised.value.field == "doc_type"


def test_user_without_capability_is_refused(supervisor_user: User, case_a: Case) -> None:
    with pytest.raises(NotPermitted):
        actions.create_draft(supervisor_user, case_a, "inquiry_record", {})


def test_other_agency_case_is_not_found(other_agency_user: User, case_a: Case) -> None:
    with pytest.raises(NotFound):
        actions.create_draft(other_agency_user, case_a, "inquiry_record", {})


def test_other_agency_document_is_not_found(
    officer_user: User, other_agency_user: User, case_a: Case
) -> None:
    draft = actions.create_draft(officer_user, case_a, "inquiry_record", {})
    with pytest.raises(NotFound):
        actions.update_draft(other_agency_user, draft, {"place": "别处"})
    with pytest.raises(NotFound):
        actions.finalise(other_agency_user, draft)


# --- Finalising --------------------------------------------------------------------------------


def test_finalise_numbers_renders_and_stores(
    officer_user: User, case_a: Case, fake_pdf: list[bytes]
) -> None:
    document = final_decision(officer_user, case_a)

    assert document.status == DocumentStatus.FINAL
    assert document.finalised_at is not None
    assert document.number == f"朱家角镇罚决〔{document.finalised_at.year}〕1号"
    assert document.finalised_by == officer_user
    docx_content = stored_bytes(document.docx_file.name)
    assert document.docx_digest == sha256(docx_content)
    assert document.pdf_digest == sha256(FAKE_PDF)
    assert stored_bytes(document.pdf_file.name) == FAKE_PDF
    assert fake_pdf == [docx_content]

    text = docx_text(docx_content)
    assert document.number in text
    assert "王某某" in text
    assert PERSON_ID in text  # a decision served on the party carries the full ID number
    assert PENALTY_DATA["facts"] in text
    assert "上海市青浦区朱家角镇人民政府" in text
    assert AuditEntry.objects.filter(
        action="document_finalised", target_id=str(document.pk)
    ).exists()


def test_second_decision_takes_next_number(officer_user: User, case_a: Case) -> None:
    first = final_decision(officer_user, case_a)
    second = final_decision(officer_user, case_a)
    assert first.number.endswith("〕1号")
    assert second.number.endswith("〕2号")


def test_records_are_not_numbered(officer_user: User, case_a: Case) -> None:
    draft = actions.create_draft(
        officer_user,
        case_a,
        "inquiry_record",
        {
            "started_at": "2026年3月3日9时",
            "place": "执法队",
            "interviewee": "王某某",
            "content": "问：……",
        },
    )
    document = actions.finalise(officer_user, draft)
    assert document.number == ""
    assert "张执法" in docx_text(stored_bytes(document.docx_file.name))


def test_approval_form_masks_id_number(officer_user: User, case_a: Case) -> None:
    draft = actions.create_draft(
        officer_user,
        case_a,
        "case_approval",
        {"source": "巡查发现", "summary": "占道堆物", "handler_opinion": "建议立案"},
    )
    text = docx_text(stored_bytes(actions.finalise(officer_user, draft).docx_file.name))
    assert PERSON_ID not in text
    assert PERSON_ID[:6] in text


def test_finalise_refuses_missing_art59_items(officer_user: User, case_a: Case) -> None:
    data = {key: value for key, value in PENALTY_DATA.items() if key not in {"evidence", "court"}}
    draft = actions.create_draft(officer_user, case_a, "penalty_decision", data)
    case_a.party_links.get().party.__class__.objects.update(address="")

    with pytest.raises(ValidationFailed) as raised:
        actions.finalise(officer_user, draft)

    message = raised.value.message
    assert "第五十九条" in message
    assert "当事人的地址" in message
    assert "违法证据" in message
    assert "提起行政诉讼的途径" in message
    assert "行政处罚的种类" not in message
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT
    assert draft.number == ""


def test_finalise_refuses_missing_required_field(officer_user: User, case_a: Case) -> None:
    draft = actions.create_draft(officer_user, case_a, "hearing_notice", {"hearing_time": "3月9日"})
    with pytest.raises(ValidationFailed) as raised:
        actions.finalise(officer_user, draft)
    assert "听证地点" in raised.value.message


def test_failed_finalise_rolls_back(
    officer_user: User, case_a: Case, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    draft = actions.create_draft(officer_user, case_a, "penalty_decision", PENALTY_DATA)

    def broken_record(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(actions.audit, "record", broken_record)
    with pytest.raises(RuntimeError):
        actions.finalise(officer_user, draft)
    monkeypatch.undo()

    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or stored_names(media) == set()
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT
    assert actions.finalise(officer_user, draft).number.endswith("〕1号")


# --- A final version never changes -------------------------------------------------------------


def test_final_document_refuses_changes(officer_user: User, case_a: Case) -> None:
    document = final_decision(officer_user, case_a)

    with pytest.raises(InvalidTransition):
        actions.update_draft(officer_user, document, {"facts": "改写"})
    with pytest.raises(InvalidTransition):
        actions.finalise(officer_user, document)
    document.refresh_from_db()
    assert document.data["facts"] == PENALTY_DATA["facts"]


def test_database_refuses_update_of_final_row(officer_user: User, case_a: Case) -> None:
    document = final_decision(officer_user, case_a)

    with pytest.raises(DatabaseError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(title="篡改")
    with pytest.raises(DatabaseError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(status=DocumentStatus.DRAFT)
    document.refresh_from_db()
    assert document.title == "行政处罚决定书"
    assert document.status == DocumentStatus.FINAL


def test_database_allows_update_of_draft_row(officer_user: User, case_a: Case) -> None:
    draft = actions.create_draft(officer_user, case_a, "inquiry_record", {})
    Document.objects.filter(pk=draft.pk).update(data={"place": "执法队"})
    draft.refresh_from_db()
    assert draft.data == {"place": "执法队"}


# --- Corrections -------------------------------------------------------------------------------


def test_correction_is_a_new_version(officer_user: User, case_a: Case) -> None:
    original = final_decision(officer_user, case_a)

    with pytest.raises(ValidationFailed):
        actions.correct_document(officer_user, original, "  ")
    correction = actions.correct_document(
        officer_user,
        original,
        "罚款金额大写有误",
        {**PENALTY_DATA, "penalty": "罚款人民币贰仟元整（2000元）"},
    )

    assert correction.version == 2
    assert correction.previous == original
    assert correction.status == DocumentStatus.DRAFT
    assert correction.correction_reason == "罚款金额大写有误"

    corrected = actions.finalise(officer_user, correction)
    assert corrected.number == original.number
    assert "（2000元）" in docx_text(stored_bytes(corrected.docx_file.name))
    original.refresh_from_db()
    assert original.status == DocumentStatus.FINAL
    assert original.data["penalty"] == PENALTY_DATA["penalty"]


def test_version_is_corrected_only_once(officer_user: User, case_a: Case) -> None:
    original = final_decision(officer_user, case_a)
    actions.correct_document(officer_user, original, "笔误")
    with pytest.raises(InvalidTransition):
        actions.correct_document(officer_user, original, "再次更正")


def test_draft_is_not_corrected(officer_user: User, case_a: Case) -> None:
    draft = actions.create_draft(officer_user, case_a, "inquiry_record", {})
    with pytest.raises(InvalidTransition):
        actions.correct_document(officer_user, draft, "笔误")


# --- Scanned originals -------------------------------------------------------------------------


def test_scanned_original_is_hashed_and_stored(officer_user: User, case_a: Case) -> None:
    document = final_decision(officer_user, case_a)
    upload = SimpleUploadedFile("签收件.png", PNG_BYTES, content_type="image/png")

    original = actions.attach_scanned_original(officer_user, document, upload)

    assert original.digest == sha256(PNG_BYTES)
    assert original.size == len(PNG_BYTES)
    assert original.content_type == "image/png"
    assert stored_bytes(original.file.name) == PNG_BYTES
    assert AuditEntry.objects.filter(action="document_original_attached").exists()
    with pytest.raises(DatabaseError), transaction.atomic():
        DocumentOriginal.objects.filter(pk=original.pk).update(digest="sha256:00")


def test_scanned_original_only_for_final_version(officer_user: User, case_a: Case) -> None:
    draft = actions.create_draft(officer_user, case_a, "inquiry_record", {})
    upload = SimpleUploadedFile("scan.png", PNG_BYTES)
    with pytest.raises(InvalidTransition):
        actions.attach_scanned_original(officer_user, draft, upload)


def test_scanned_original_rejects_other_formats(
    officer_user: User, case_a: Case, settings: Any
) -> None:
    document = final_decision(officer_user, case_a)
    before = stored_names(Path(settings.MEDIA_ROOT))

    for content in (b"<html>not a scan</html>", b""):
        with pytest.raises(ValidationFailed):
            actions.attach_scanned_original(
                officer_user, document, SimpleUploadedFile("scan.pdf", content)
            )

    assert stored_names(Path(settings.MEDIA_ROOT)) == before
    assert not DocumentOriginal.objects.exists()


def test_failed_original_leaves_no_file(
    officer_user: User, case_a: Case, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = final_decision(officer_user, case_a)
    before = stored_names(Path(settings.MEDIA_ROOT))

    def broken_record(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(actions.audit, "record", broken_record)
    with pytest.raises(RuntimeError):
        actions.attach_scanned_original(
            officer_user, document, SimpleUploadedFile("a.png", PNG_BYTES)
        )

    assert stored_names(Path(settings.MEDIA_ROOT)) == before
    assert not DocumentOriginal.objects.exists()


# --- Agency templates --------------------------------------------------------------------------


def bundled(doc_type: str) -> bytes:
    return templates.bundled_path(doc_type).read_bytes()


def test_agency_template_overrides_default(
    officer_user: User, other_agency_user: User, case_a: Case, case_b: Case
) -> None:
    content = replace_in_docx(bundled("penalty_decision"), "履行方式和期限：", "缴款方式和期限：")
    template = actions.upload_agency_template(
        officer_user,
        case_a.agency,
        "penalty_decision",
        SimpleUploadedFile("决定书.docx", content),
        guidance="本镇决定书须写明缴款银行。",
    )
    assert template.version == 1
    assert template.digest == sha256(content)

    own = final_decision(officer_user, case_a)
    other = final_decision(other_agency_user, case_b)

    assert own.template == template
    assert own.template_digest == sha256(content)
    assert "缴款方式和期限：" in docx_text(stored_bytes(own.docx_file.name))
    assert other.template is None
    assert "履行方式和期限：" in docx_text(stored_bytes(other.docx_file.name))
    assert (
        templates.resolve_template(case_a.agency, "penalty_decision").guidance
        == "本镇决定书须写明缴款银行。"
    )


def test_second_upload_is_next_version(officer_user: User, case_a: Case) -> None:
    for expected in (1, 2):
        template = actions.upload_agency_template(
            officer_user,
            case_a.agency,
            "inquiry_record",
            SimpleUploadedFile("笔录.docx", bundled("inquiry_record")),
        )
        assert template.version == expected


def test_template_missing_placeholder_is_rejected(officer_user: User, case_a: Case) -> None:
    content = replace_in_docx(bundled("penalty_decision"), "{{ doc.evidence }}", "")
    with pytest.raises(ValidationFailed) as raised:
        actions.upload_agency_template(
            officer_user, case_a.agency, "penalty_decision", SimpleUploadedFile("a.docx", content)
        )
    assert "{{ doc.evidence }}" in raised.value.message


def test_template_that_is_not_docx_is_rejected(officer_user: User, case_a: Case) -> None:
    with pytest.raises(ValidationFailed):
        actions.upload_agency_template(
            officer_user,
            case_a.agency,
            "inquiry_record",
            SimpleUploadedFile("a.docx", b"plain text"),
        )


def test_unsafe_template_is_rejected(officer_user: User, case_a: Case) -> None:
    content = replace_in_docx(
        bundled("inquiry_record"), "{{ doc.place }}", "{{ doc.place }}{{ doc.__class__ }}"
    )
    with pytest.raises(ValidationFailed):
        actions.upload_agency_template(
            officer_user, case_a.agency, "inquiry_record", SimpleUploadedFile("a.docx", content)
        )


def test_template_for_other_agency_is_not_found(other_agency_user: User, case_a: Case) -> None:
    with pytest.raises(NotFound):
        actions.upload_agency_template(
            other_agency_user,
            case_a.agency,
            "inquiry_record",
            SimpleUploadedFile("a.docx", bundled("inquiry_record")),
        )


# --- Serving files -----------------------------------------------------------------------------


def download(user: User, document: Document, which: str) -> Any:
    request = RequestFactory().get("/")
    request.user = user
    return serving.document_file_response(request, document, which)


def test_file_response_headers(officer_user: User, case_a: Case) -> None:
    document = final_decision(officer_user, case_a)

    response = download(officer_user, document, "pdf")

    assert b"".join(response.streaming_content) == FAKE_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Content-Digest"] == document.pdf_digest
    assert response["Repr-Digest"].startswith("sha-256=:")
    expected_name = quote(f"行政处罚决定书（{document.number}）.pdf")
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{expected_name}"
    assert AuditEntry.objects.filter(action="document_file_downloaded").exists()


def test_file_response_serves_original(officer_user: User, case_a: Case) -> None:
    document = final_decision(officer_user, case_a)
    with pytest.raises(Http404):
        download(officer_user, document, "original")
    actions.attach_scanned_original(officer_user, document, SimpleUploadedFile("a.png", PNG_BYTES))

    response = download(officer_user, document, "original")
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert response["Content-Type"] == "image/png"


def test_file_response_scope_and_capability(
    officer_user: User,
    other_agency_user: User,
    supervisor_user: User,
    security_admin_user: User,
    case_a: Case,
) -> None:
    document = final_decision(officer_user, case_a)

    with pytest.raises(Http404):
        download(other_agency_user, document, "docx")
    with pytest.raises(PermissionDenied):
        download(security_admin_user, document, "docx")
    assert download(supervisor_user, document, "docx").status_code == 200


def test_file_response_for_draft_is_not_found(officer_user: User, case_a: Case) -> None:
    draft = actions.create_draft(officer_user, case_a, "inquiry_record", {})
    with pytest.raises(Http404):
        download(officer_user, draft, "pdf")

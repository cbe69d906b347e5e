"""The document template page: listing, upload, download and who may open them."""

from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.cases.documents import actions, templates
from zhifa.cases.documents.registry import DOC_TYPES
from zhifa.cases.models import Case, DocumentTemplate
from zhifa.cases.tests import documents_support
from zhifa.cases.tests.documents_support import PENALTY_DATA

case_a = documents_support.case_a
case_b = documents_support.case_b
fake_pdf = documents_support.fake_pdf
person_party = documents_support.person_party

pytestmark = pytest.mark.usefixtures("fake_pdf")

PAGE = "cases:document_templates"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bundled(doc_type: str) -> bytes:
    return templates.bundled_path(doc_type).read_bytes()


def test_list_shows_every_type(officer_user: User, case_a: Case) -> None:
    response = client_for(officer_user).get(reverse(PAGE))

    assert response.status_code == 200
    body = response.content.decode()
    for spec in DOC_TYPES.values():
        assert spec.title in body
    assert "全区默认模板" in body


def test_upload_creates_version_used_by_next_draft(officer_user: User, case_a: Case) -> None:
    actions.upload_agency_template(
        officer_user,
        case_a.agency,
        "penalty_decision",
        SimpleUploadedFile("旧.docx", bundled("penalty_decision")),
    )
    client = client_for(officer_user)

    response = client.post(
        reverse(PAGE),
        {
            "doc_type": "penalty_decision",
            "file": SimpleUploadedFile("决定书.docx", bundled("penalty_decision")),
            "guidance": "本镇决定书须写明缴款银行。",
        },
    )

    assert response.status_code == 302
    newest = DocumentTemplate.objects.get(
        agency=case_a.agency, doc_type="penalty_decision", version=2
    )
    assert newest.guidance == "本镇决定书须写明缴款银行。"
    draft = actions.create_draft(officer_user, case_a, "penalty_decision", PENALTY_DATA)
    final = actions.finalise(officer_user, draft)
    assert final.template == newest
    listing = client.get(reverse(PAGE)).content.decode()
    assert "第2版" in listing
    assert "本镇决定书须写明缴款银行。" in listing


def test_upload_of_non_docx_shows_error(officer_user: User, case_a: Case) -> None:
    response = client_for(officer_user).post(
        reverse(PAGE),
        {"doc_type": "inquiry_record", "file": SimpleUploadedFile("a.docx", b"plain text")},
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "模板必须是 Word（.docx）文件" in body
    assert "模板文件" in body
    assert not DocumentTemplate.objects.exists()


def test_upload_without_file_names_field(officer_user: User, case_a: Case) -> None:
    response = client_for(officer_user).post(reverse(PAGE), {"doc_type": "inquiry_record"})

    assert response.status_code == 400
    assert "请选择要上传的“模板文件”。" in response.content.decode()


def test_page_refused_without_capability(make_user: Any, case_a: Case) -> None:
    reviewer = make_user("reviewer_a", Role.REVIEWER, agency=case_a.agency)
    client = client_for(reviewer)

    assert client.get(reverse(PAGE)).status_code == 403
    upload = {"doc_type": "inquiry_record", "file": SimpleUploadedFile("a.docx", b"x")}
    assert client.post(reverse(PAGE), upload).status_code == 403
    default_url = reverse("cases:document_template_default", kwargs={"doc_type": "inquiry_record"})
    assert client.get(default_url).status_code == 403


def test_download_own_template(officer_user: User, case_a: Case) -> None:
    content = bundled("inquiry_record")
    template = actions.upload_agency_template(
        officer_user, case_a.agency, "inquiry_record", SimpleUploadedFile("a.docx", content)
    )

    response = client_for(officer_user).get(
        reverse("cases:document_template_download", kwargs={"pk": template.pk})
    )

    assert response.status_code == 200
    assert response.getvalue() == content
    assert response["X-Content-Type-Options"] == "nosniff"
    expected = quote("询问笔录（第1版）.docx")
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{expected}"


def test_download_default_streams_bundled_file(officer_user: User, case_a: Case) -> None:
    response = client_for(officer_user).get(
        reverse("cases:document_template_default", kwargs={"doc_type": "inquiry_record"})
    )

    assert response.status_code == 200
    assert response.getvalue() == bundled("inquiry_record")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def test_download_of_other_agency_template_is_404(
    officer_user: User, other_agency_user: User, case_a: Case, case_b: Case
) -> None:
    template = actions.upload_agency_template(
        other_agency_user,
        case_b.agency,
        "inquiry_record",
        SimpleUploadedFile("b.docx", bundled("inquiry_record")),
    )
    url = reverse("cases:document_template_download", kwargs={"pk": template.pk})

    assert client_for(officer_user).get(url).status_code == 404
    other_page = f"{reverse(PAGE)}?agency={case_b.agency_id}"
    assert client_for(officer_user).get(other_page).status_code == 404

"""Downloads of document templates write an audit entry, and refused downloads write none."""

import hashlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import Role
from zhifa.cases.documents import actions, storage, templates
from zhifa.cases.documents.actions import TEMPLATE_FOLDER
from zhifa.cases.documents.registry import DOC_TYPES
from zhifa.cases.models import Case, DocumentTemplate
from zhifa.cases.tests import documents_support

case_a = documents_support.case_a
case_b = documents_support.case_b
person_party = documents_support.person_party

ACTION = "document_template_downloaded"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bundled(doc_type: str) -> bytes:
    return templates.bundled_path(doc_type).read_bytes()


def own_url(template: DocumentTemplate) -> str:
    return reverse("cases:document_template_download", kwargs={"pk": template.pk})


def default_url(doc_type: str) -> str:
    return reverse("cases:document_template_default", kwargs={"doc_type": doc_type})


def upload(user: User, case: Case, doc_type: str) -> DocumentTemplate:
    return actions.upload_agency_template(
        user, case.agency, doc_type, SimpleUploadedFile("a.docx", bundled(doc_type))
    )


def district_default(doc_type: str, version: int) -> DocumentTemplate:
    """Store a district default template row directly, because no action creates one."""
    content = bundled(doc_type)
    stored = storage.store_bytes(content, f"{TEMPLATE_FOLDER}district/{doc_type}-v{version}.docx")
    return DocumentTemplate.objects.create(
        doc_type=doc_type,
        title=DOC_TYPES[doc_type].title,
        agency=None,
        file=stored.name,
        digest=stored.digest,
        version=version,
    )


# --- Logged downloads --------------------------------------------------------------------------


def test_own_template_download_logged(officer_user: User, case_a: Case) -> None:
    upload(officer_user, case_a, "inquiry_record")
    template = upload(officer_user, case_a, "inquiry_record")

    response = client_for(officer_user).get(own_url(template))

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=ACTION)
    assert entry.actor == officer_user
    assert entry.target_type == "cases.documenttemplate"
    assert entry.target_id == str(template.pk)
    assert entry.agency_id == case_a.agency_id
    assert entry.detail["doc_type"] == "inquiry_record"
    assert entry.detail["version"] == 2
    assert entry.detail["template"] == str(template)
    assert entry.detail["digest"] == template.digest


def test_bundled_default_download_logged(officer_user: User, case_a: Case) -> None:
    response = client_for(officer_user).get(default_url("no_penalty_decision"))

    assert response.status_code == 200
    assert response.getvalue() == bundled("no_penalty_decision")
    entry = AuditEntry.objects.get(action=ACTION)
    assert entry.actor == officer_user
    assert entry.target_id == ""
    assert entry.agency_id == officer_user.agency_id
    assert entry.detail["doc_type"] == "no_penalty_decision"
    assert entry.detail["template"] == "平台内置模板"
    assert entry.detail["version"] is None
    expected = "sha256:" + hashlib.sha256(bundled("no_penalty_decision")).hexdigest()
    assert entry.detail["digest"] == expected


def test_district_default_download_logged(officer_user: User, case_a: Case) -> None:
    district_default("inquiry_record", 1)
    row = district_default("inquiry_record", 2)

    response = client_for(officer_user).get(default_url("inquiry_record"))

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=ACTION)
    assert entry.target_id == str(row.pk)
    assert entry.agency_id == officer_user.agency_id
    assert entry.detail["version"] == 2
    assert entry.detail["template"] == str(row)
    assert entry.detail["digest"] == row.digest


def test_each_download_gets_own_entry(officer_user: User, case_a: Case) -> None:
    client = client_for(officer_user)

    client.get(default_url("criminal_transfer"))
    client.get(default_url("criminal_transfer"))

    assert AuditEntry.objects.filter(action=ACTION).count() == 2


# --- Refused downloads -------------------------------------------------------------------------


def test_download_without_capability_not_logged(
    make_user: Any, officer_user: User, case_a: Case
) -> None:
    reviewer = make_user("reviewer_a", Role.REVIEWER, agency=case_a.agency)
    template = upload(officer_user, case_a, "inquiry_record")
    client = client_for(reviewer)

    assert client.get(own_url(template)).status_code == 403
    assert client.get(default_url("inquiry_record")).status_code == 403
    assert not AuditEntry.objects.filter(action=ACTION).exists()


def test_other_agency_download_not_logged(
    officer_user: User, other_agency_user: User, case_a: Case, case_b: Case
) -> None:
    template = upload(other_agency_user, case_b, "inquiry_record")

    assert client_for(officer_user).get(own_url(template)).status_code == 404
    assert not AuditEntry.objects.filter(action=ACTION).exists()


def test_unknown_doc_type_not_logged(officer_user: User, case_a: Case) -> None:
    assert client_for(officer_user).get(default_url("no_such_type")).status_code == 404
    assert not AuditEntry.objects.filter(action=ACTION).exists()


def test_missing_file_not_logged(officer_user: User, case_a: Case) -> None:
    template = upload(officer_user, case_a, "inquiry_record")
    template.file.storage.delete(template.file.name)

    response = client_for(officer_user).get(own_url(template))

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=ACTION).exists()

"""Remedy pages: the step form on the case page, the list with filters and scope, the detail page
and the outcome document."""

import datetime
import hashlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import Role
from zhifa.cases.models import Case
from zhifa.cases.tests import pages_support
from zhifa.cases.tests.pages_support import client_for
from zhifa.cases.tests.steps_support import World
from zhifa.remedies.models import Remedy, RemedyStatus
from zhifa.remedies.tests.support import conclude, file, served_case

world = pages_support.world
world_b = pages_support.world_b

PDF_BYTES = b"%PDF-1.4\n% remedy outcome\n%%EOF\n"


def day(month: int, number: int) -> datetime.date:
    return datetime.date(2026, month, number)


@pytest.fixture
def case(world: World) -> Case:
    return served_case(world)


@pytest.fixture
def remedy(world: World, case: Case) -> Remedy:
    file(world, case, day(11, 9))
    return Remedy.objects.get(case=case)


@pytest.fixture
def remedy_b(world_b: World) -> Remedy:
    case_b = served_case(world_b)
    file(world_b, case_b, day(11, 9), reference="乙复字1号")
    conclude(world_b, case_b, day(11, 20), "revoked")
    return Remedy.objects.get(case=case_b)


def test_step_form_records_remedy(world: World, case: Case) -> None:
    client = client_for(world.officer_user)
    response = client.post(
        reverse("cases:step_record", args=[case.pk]),
        {
            "step": "remedy_filed",
            "occurred_at": "2026-11-09T10:00",
            "summary": "收到复议机关的答复通知书",
            "kind": "reconsideration",
            "filed_on": "2026-11-09",
            "body": "上海市青浦区人民政府",
            "reference": "青府复字〔2026〕7号",
            "party_id": str(world.party.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    remedy = Remedy.objects.get(case=case)
    assert remedy.reference == "青府复字〔2026〕7号"

    timeline = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "复议或诉讼案号" in timeline
    assert "青府复字〔2026〕7号" in timeline


def test_step_form_shows_field_error(world: World, case: Case) -> None:
    client = client_for(world.officer_user)
    response = client.post(
        reverse("cases:step_record", args=[case.pk]),
        {
            "step": "remedy_concluded",
            "occurred_at": "2026-11-20T10:00",
            "summary": "收到复议决定书",
            "outcome": "upheld",
            "concluded_on": "2026-11-20",
        },
    )
    assert "本案没有尚未结束的行政复议或行政诉讼" in response.content.decode()
    assert not Remedy.objects.exists()


def test_list_scoped_and_filtered(
    world: World, remedy: Remedy, remedy_b: Remedy, make_user: Any
) -> None:
    officer = client_for(world.officer_user)
    body = officer.get(reverse("remedies:remedy_list")).content.decode()
    assert remedy.reference in body
    assert "乙复字1号" not in body

    supervisor = client_for(make_user("jiandu", Role.SUPERVISOR))
    everything = supervisor.get(reverse("remedies:remedy_list")).content.decode()
    assert remedy.reference in everything
    assert "乙复字1号" in everything

    pending = supervisor.get(reverse("remedies:remedy_list"), {"status": "pending"})
    assert "乙复字1号" not in pending.content.decode()
    assert remedy.reference in pending.content.decode()
    revoked = supervisor.get(reverse("remedies:remedy_list"), {"outcome": "revoked"})
    assert "乙复字1号" in revoked.content.decode()
    assert remedy.reference not in revoked.content.decode()
    litigation = supervisor.get(reverse("remedies:remedy_list"), {"kind": "litigation"})
    assert "没有符合条件的复议或诉讼" in litigation.content.decode()


def test_detail_scope_and_refusals(
    world: World, remedy: Remedy, remedy_b: Remedy, make_user: Any
) -> None:
    officer = client_for(world.officer_user)
    page = officer.get(reverse("remedies:remedy_detail", args=[remedy.pk]))
    assert page.status_code == 200
    assert "尚不确定" in page.content.decode()
    assert officer.get(reverse("remedies:remedy_detail", args=[remedy_b.pk])).status_code == 404

    audit_only = client_for(make_user("audit_only", Role.AUDIT_ADMIN))
    assert audit_only.get(reverse("remedies:remedy_list")).status_code == 403
    assert audit_only.get(reverse("remedies:remedy_detail", args=[remedy.pk])).status_code == 403

    withdrawal = client_for(make_user("jiandu", Role.SUPERVISOR)).get(
        reverse("remedies:remedy_detail", args=[remedy_b.pk])
    )
    assert "2026年11月25日" in withdrawal.content.decode()


def test_outcome_document_upload_and_download(
    world: World, case: Case, remedy: Remedy, make_user: Any
) -> None:
    officer = client_for(world.officer_user)
    upload_url = reverse("remedies:outcome_upload", args=[remedy.pk])
    pending = officer.post(upload_url, {"file": SimpleUploadedFile("决定书.pdf", PDF_BYTES)})
    assert pending.status_code == 302
    remedy.refresh_from_db()
    assert not remedy.outcome_file

    conclude(world, case, day(11, 20), "upheld")
    not_pdf = officer.post(upload_url, {"file": SimpleUploadedFile("a.txt", b"plain text")})
    assert not_pdf.status_code == 302
    remedy.refresh_from_db()
    assert not remedy.outcome_file

    reviewer = client_for(make_user("reviewer_a", Role.REVIEWER, agency=world.agency))
    refused = reviewer.post(upload_url, {"file": SimpleUploadedFile("决定书.pdf", PDF_BYTES)})
    assert refused.status_code == 403

    officer.post(upload_url, {"file": SimpleUploadedFile("复议决定书.pdf", PDF_BYTES)})
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.CONCLUDED
    assert remedy.outcome_digest == "sha256:" + hashlib.sha256(PDF_BYTES).hexdigest()
    assert remedy.outcome_original_name == "复议决定书.pdf"

    download = officer.get(reverse("remedies:outcome_file", args=[remedy.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    assert AuditEntry.objects.filter(action="remedy_outcome_document_downloaded").count() == 1


def test_outcome_file_other_agency_not_found(remedy_b: Remedy, officer_user: User) -> None:
    client: Client = client_for(officer_user)
    assert client.get(reverse("remedies:outcome_file", args=[remedy_b.pk])).status_code == 404

"""Handover pages: scope, creating a package, download logging and the receipt note."""

import re
import zipfile
from io import BytesIO

import pytest
from django.urls import reverse

from zhifa.accounts.models import AuditEntry
from zhifa.archives.handover import package
from zhifa.archives.handover.models import Handover
from zhifa.archives.handover.tests.support import signed_case_file


@pytest.fixture
def handover(archivist, agency_a, tmp_path, settings):
    settings.ZHIFA_ARCHIVE_EXPORT_DIR = tmp_path
    case_file = signed_case_file(agency_a, archivist)
    return package.write_package([case_file], tmp_path, user=archivist)


def test_list_shows_own_agency_only(client, archivist, other_archivist, handover):
    client.force_login(other_archivist)
    other = client.get(reverse("handover:handover_list"))
    client.force_login(archivist)
    own = client.get(reverse("handover:handover_list"))

    assert other.status_code == 200
    assert handover.package_name not in other.content.decode()
    assert handover.package_name in own.content.decode()


def test_other_agency_gets_404(client, other_archivist, handover):
    client.force_login(other_archivist)

    assert client.get(reverse("handover:handover_detail", args=[handover.pk])).status_code == 404
    assert client.get(reverse("handover:handover_download", args=[handover.pk])).status_code == 404


def test_create_page_writes_zip(client, archivist, agency_a, tmp_path, settings):
    settings.ZHIFA_ARCHIVE_EXPORT_DIR = tmp_path
    case_file = signed_case_file(agency_a, archivist)
    client.force_login(archivist)

    page = client.get(reverse("handover:handover_create"))
    response = client.post(
        reverse("handover:handover_create"),
        {"case_files": [case_file.pk], "profile": "national"},
    )

    assert case_file.archive_code in page.content.decode()
    assert response.status_code == 302
    assert sorted(path.suffix for path in tmp_path.iterdir()) == [".zip"]


def test_create_page_offers_checkboxes(client, archivist, agency_a, tmp_path, settings):
    """Submit the form the way a browser would: tick the box the page shows."""
    settings.ZHIFA_ARCHIVE_EXPORT_DIR = tmp_path
    case_file = signed_case_file(agency_a, archivist)
    client.force_login(archivist)

    page = client.get(reverse("handover:handover_create")).content.decode()
    boxes = re.findall(r'<input type="checkbox" name="case_files" value="(\d+)"', page)
    response = client.post(
        reverse("handover:handover_create"), {"case_files": boxes, "profile": "national"}
    )

    assert '<select name="case_files"' not in page
    assert boxes == [str(case_file.pk)]
    assert response.status_code == 302
    assert Handover.objects.get().case_files.get() == case_file


def test_detail_page_wraps_digest(client, archivist, handover):
    client.force_login(archivist)

    page = client.get(reverse("handover:handover_detail", args=[handover.pk])).content.decode()
    facts = page[page.index('<dl class="facts"') : page.index("</dl>")]

    assert "overflow-wrap:anywhere" in facts.split(">")[0]
    assert handover.package_digest in facts


def test_create_page_shows_refusal(client, archivist, agency_a, tmp_path, settings):
    from zhifa.archives.handover.tests.support import ledgered_case_file

    settings.ZHIFA_ARCHIVE_EXPORT_DIR = tmp_path
    case_file = ledgered_case_file(agency_a, archivist)
    client.force_login(archivist)

    response = client.post(
        reverse("handover:handover_create"),
        {"case_files": [case_file.pk], "profile": "national"},
    )

    assert response.status_code == 400
    assert "下一次每日签名后" in response.content.decode()


def test_officer_cannot_open_create_page(client, officer_user):
    client.force_login(officer_user)

    assert client.get(reverse("handover:handover_create")).status_code == 403


def test_download_is_zip_and_logged(client, archivist, handover):
    client.force_login(archivist)

    response = client.get(reverse("handover:handover_download", args=[handover.pk]))
    content = b"".join(response.streaming_content)

    assert response.status_code == 200
    names = zipfile.ZipFile(BytesIO(content)).namelist()
    assert f"{handover.package_name}/verify_package.py" in names
    assert AuditEntry.objects.filter(
        action="archive_handover_downloaded", target_id=str(handover.pk)
    ).exists()


def test_receipt_note_recorded(client, archivist, handover):
    client.force_login(archivist)

    response = client.post(
        reverse("handover:handover_receipt", args=[handover.pk]),
        {"receipt_note": "2026年12月8日区档案馆接收，离线核验通过。"},
    )

    handover.refresh_from_db()
    assert response.status_code == 302
    assert handover.receipt_note.startswith("2026年12月8日")
    assert AuditEntry.objects.filter(action="archive_handover_receipt_recorded").exists()
    page = client.get(reverse("handover:handover_detail", args=[handover.pk]))
    assert "离线核验通过" in page.content.decode()

"""The resumable upload protocol through the JSON API, with real files, storage and ffprobe."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import Role
from zhifa.evidence import contentstore
from zhifa.evidence.models import AvRecord, LedgerEntry, StoredContent, Upload, UploadStatus
from zhifa.evidence.tests.media_support import make_photo, make_video
from zhifa.evidence.tests.upload_support import (
    UploadWorld,
    api_create,
    api_send,
    api_upload,
    sm3_of,
    upload_world,
)
from zhifa.evidence.uploads import protocol
from zhifa.evidence.uploads.ingest import DIGEST_MISMATCH

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a: Any, agency_head_user: User, officer_user: User) -> UploadWorld:
    return upload_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def client(world: UploadWorld) -> Client:
    browser = Client()
    browser.force_login(world.officer_user)
    return browser


@pytest.fixture
def video(tmp_path: Path) -> Path:
    return make_video(tmp_path / "现场检查录像.mp4", 2, "2026-12-05T14:03:20.000000Z")


def stored_objects() -> list[Path]:
    root = Path(contentstore.storage().path(""))
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_upload_stores_record(
    client: Client, world: UploadWorld, video: Path, django_capture_on_commit_callbacks: Any
) -> None:
    response = api_upload(
        client,
        django_capture_on_commit_callbacks,
        video,
        world.metadata(),
        client_digest=sm3_of(video),
    )

    body = response.json()
    assert body["status"] == "stored", body
    record = AvRecord.objects.get(pk=body["record_id"])
    assert record.filename == "现场检查录像.mp4"
    assert record.content_id == sm3_of(video)
    assert record.size == video.stat().st_size
    assert record.media_kind == "video"
    assert record.case == world.case
    assert set(record.officers.all()) == set(world.officers)
    assert record.duration_seconds == pytest.approx(2, abs=0.2)
    assert record.session_id is not None
    assert LedgerEntry.objects.filter(ref=f"av_record:{record.pk}").exists()
    assert LedgerEntry.objects.filter(ref=f"content:{record.content_id}").exists()
    assert AuditEntry.objects.filter(action="av_record_uploaded", target_id=str(record.pk)).exists()
    with contentstore.open(record.content_id) as handle:
        assert handle.read() == video.read_bytes()
    assert not protocol.part_path(Upload.objects.get(pk=body["id"])).exists()


def test_chunk_cut_short_resumes(world: UploadWorld, tmp_path: Path) -> None:
    data = make_video(tmp_path / "a.mp4", 2, "2026-12-05T14:03:20Z").read_bytes()
    upload = protocol.create(
        world.officer_user, "a.mp4", len(data), "video/mp4", "", world.metadata()
    )
    half = len(data) // 2
    protocol.receive(world.officer_user, upload.pk, 0, io.BytesIO(data[:1000]), 1000)

    # The connection drops after 3000 of the 5000 bytes announced.
    with pytest.raises(protocol.ValidationFailed, match="分片传输中断"):
        protocol.receive(world.officer_user, upload.pk, 1000, io.BytesIO(data[1000:4000]), 5000)

    assert protocol.part_path(upload).stat().st_size == 1000
    status = protocol.status(world.officer_user, upload.pk)
    assert status.received == 1000
    protocol.receive(world.officer_user, upload.pk, 1000, io.BytesIO(data[1000:half]), half - 1000)
    rest = len(data) - half
    protocol.receive(world.officer_user, upload.pk, half, io.BytesIO(data[half:]), rest)
    assert protocol.part_path(upload).read_bytes() == data


def test_status_truncates_longer_part(world: UploadWorld) -> None:
    upload = protocol.create(world.officer_user, "a.mp4", 100, "video/mp4", "", world.metadata())
    protocol.receive(world.officer_user, upload.pk, 0, io.BytesIO(b"x" * 40), 40)
    with protocol.part_path(upload).open("ab") as handle:
        handle.write(b"y" * 25)

    status = protocol.status(world.officer_user, upload.pk)

    assert status.received == 40
    assert protocol.part_path(upload).stat().st_size == 40


def test_wrong_offset_conflicts(client: Client, world: UploadWorld, video: Path) -> None:
    upload_id = api_create(client, video, world.metadata()).json()["id"]
    assert api_send(client, upload_id, 0, b"\0" * 100).status_code == 200

    response = api_send(client, upload_id, 50, b"\0" * 100)

    assert response.status_code == 409
    assert response.json()["code"] == "offset_mismatch"
    assert response.json()["offset"] == 100
    assert Upload.objects.get(pk=upload_id).received == 100


def test_missing_offset_header_rejected(client: Client, world: UploadWorld, video: Path) -> None:
    upload_id = api_create(client, video, world.metadata()).json()["id"]
    response = client.put(
        f"/api/evidence/uploads/{upload_id}/content",
        b"abc",
        content_type="application/offset+octet-stream",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "Upload-Offset"


def test_chunk_size_limit(client: Client, world: UploadWorld, tmp_path: Path) -> None:
    size = protocol.MAX_CHUNK_BYTES + 1
    upload = protocol.create(world.officer_user, "big.mp4", size, "video/mp4", "", world.metadata())

    too_big = api_send(client, str(upload.pk), 0, b"\0" * size)
    past_end = api_send(client, str(upload.pk), 0, b"\0" * 10)
    assert too_big.status_code == 400
    assert past_end.status_code == 200

    assert Upload.objects.get(pk=upload.pk).received == 10
    assert api_send(client, str(upload.pk), 10, b"\0" * (size - 9)).status_code == 400
    assert api_send(client, str(upload.pk), 10, b"\0" * (size - 10)).status_code == 200


def test_digest_mismatch_leaves_nothing(
    client: Client, world: UploadWorld, video: Path, django_capture_on_commit_callbacks: Any
) -> None:
    wrong = "sm3:" + "0" * 64
    before = len(stored_objects())

    body = api_upload(
        client, django_capture_on_commit_callbacks, video, world.metadata(), client_digest=wrong
    ).json()

    assert body["status"] == "failed"
    assert body["error"] == DIGEST_MISMATCH
    assert AvRecord.objects.count() == 0
    assert StoredContent.objects.count() == 0
    assert len(stored_objects()) == before
    assert not protocol.part_path(Upload.objects.get(pk=body["id"])).exists()


def test_sha256_client_digest_accepted(
    client: Client, world: UploadWorld, video: Path, django_capture_on_commit_callbacks: Any
) -> None:
    import hashlib

    digest = "sha256:" + hashlib.sha256(video.read_bytes()).hexdigest()
    body = api_upload(
        client, django_capture_on_commit_callbacks, video, world.metadata(), client_digest=digest
    ).json()
    assert body["status"] == "stored", body
    assert AvRecord.objects.get(pk=body["record_id"]).content_id.startswith("sm3:")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"size": 0}, "size", "文件为空"),
        ({"filename": "录像/现场.mp4"}, "filename", "路径分隔符"),
        ({"filename": "..\\现场.mp4"}, "filename", "路径分隔符"),
        ({"filename": "a..mp4"}, "filename", "“..”"),
        ({"filename": "a\x00.mp4"}, "filename", "空字符"),
        ({"filename": "笔录.pdf"}, "filename", "不支持文件"),
        ({"declared_type": "application/pdf"}, "declared_type", "声明的格式"),
        ({"client_digest": "md5:abc"}, "client_digest", "摘要值格式不正确"),
    ],
)
def test_create_rejects_bad_file(
    client: Client,
    world: UploadWorld,
    video: Path,
    fields: dict[str, Any],
    field: str,
    message: str,
) -> None:
    response = api_create(client, video, world.metadata(), **fields)

    assert response.status_code == 400
    assert response.json()["field"] == field
    assert message in response.json()["message"]
    assert Upload.objects.count() == 0


def test_generic_declared_type_accepted(client: Client, world: UploadWorld, video: Path) -> None:
    response = api_create(client, video, world.metadata(), declared_type="application/octet-stream")
    assert response.status_code == 201
    assert Upload.objects.get().declared_type == "video/mp4"


def test_content_mismatch_rejected(
    client: Client, world: UploadWorld, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    disguised = tmp_path / "录像.mp4"
    disguised.write_bytes(make_photo(tmp_path / "p.png").read_bytes())

    body = api_upload(
        client, django_capture_on_commit_callbacks, disguised, world.metadata()
    ).json()

    assert body["status"] == "failed"
    assert "文件内容与声明的格式不符" in body["error"]
    assert AvRecord.objects.count() == 0
    assert StoredContent.objects.count() == 0


def test_same_file_stored_once(
    client: Client,
    world: UploadWorld,
    video: Path,
    agency_b: Any,
    make_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = api_upload(client, django_capture_on_commit_callbacks, video, world.metadata()).json()
    again = api_upload(client, django_capture_on_commit_callbacks, video, world.metadata()).json()

    head_b = make_user("head_b2", Role.AGENCY_HEAD, agency=agency_b)
    officer_b = make_user("officer_b2", Role.OFFICER, agency=agency_b)
    world_b = upload_world(agency_b, head_b, officer_b, prefix="B")
    client_b = Client()
    client_b.force_login(officer_b)
    other = api_upload(
        client_b, django_capture_on_commit_callbacks, video, world_b.metadata()
    ).json()

    assert first["status"] == "stored"
    assert again["status"] == "failed"
    assert "无需重复上传" in again["error"]
    assert other["status"] == "stored", other
    assert StoredContent.objects.count() == 1
    assert AvRecord.objects.filter(content_id=sm3_of(video)).count() == 2
    assert LedgerEntry.objects.filter(kind="content").count() == 1


def test_other_user_cannot_send(
    client: Client, world: UploadWorld, video: Path, make_user: Any
) -> None:
    upload_id = api_create(client, video, world.metadata()).json()["id"]
    colleague = Client()
    colleague.force_login(make_user("officer_a2", Role.OFFICER, agency=world.agency))

    assert api_send(colleague, upload_id, 0, b"abc").status_code == 404
    assert colleague.get(f"/api/evidence/uploads/{upload_id}").status_code == 404


def test_abandon_deletes_part(client: Client, world: UploadWorld, video: Path) -> None:
    upload_id = api_create(client, video, world.metadata()).json()["id"]
    api_send(client, upload_id, 0, b"abc")
    upload = Upload.objects.get(pk=upload_id)
    assert protocol.part_path(upload).exists()

    response = client.delete(f"/api/evidence/uploads/{upload_id}")

    assert response.json()["status"] == UploadStatus.ABANDONED
    assert not protocol.part_path(upload).exists()
    assert api_send(client, upload_id, 3, b"d").status_code == 409


def test_complete_before_end_refused(client: Client, world: UploadWorld, video: Path) -> None:
    upload_id = api_create(client, video, world.metadata()).json()["id"]
    api_send(client, upload_id, 0, b"abc")

    response = client.post(f"/api/evidence/uploads/{upload_id}/complete")

    assert response.status_code == 400
    assert "尚未传完" in response.json()["message"]


def test_anonymous_rejected(world: UploadWorld, video: Path) -> None:
    assert api_create(Client(), video, world.metadata()).status_code == 401

"""Limits checked when an upload starts: size, free space, names, times, headers and bodies."""

import datetime
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.evidence.models import Upload, UploadStatus
from zhifa.evidence.tests.media_support import make_audio, make_video
from zhifa.evidence.tests.upload_support import UploadWorld, api_create, api_send, upload_world
from zhifa.evidence.uploads import cleanup, protocol

pytestmark = pytest.mark.django_db

GIB = 1024**3


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
    return make_video(tmp_path / "现场检查录像.mp4", 1, "2026-12-05T14:03:20Z")


def assert_rejected(response: Any, field: str, message: str) -> None:
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "validation_failed"
    assert response.json()["field"] == field
    assert message in response.json()["message"]
    assert Upload.objects.count() == 0


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (9223372036854775808, "超过上限"),
        (10**30, "超过上限"),
        (-1, "不能为负数"),
    ],
)
def test_create_rejects_size(
    client: Client, world: UploadWorld, video: Path, size: int, message: str
) -> None:
    assert_rejected(api_create(client, video, world.metadata(), size=size), "size", message)


def test_create_rejects_float_size(client: Client, world: UploadWorld, video: Path) -> None:
    body = (
        '{"filename": "a.mp4", "size": 1e30, "metadata": {"scene": "on_site_inspection", '
        f'"case": {world.case.pk}, "officers": {[o.pk for o in world.officers]}, '
        '"place": "门前", "party_informed": true}}'
    )
    response = client.post("/api/evidence/uploads", body, content_type="application/json")

    assert response.status_code == 422, response.content
    assert response.json()["field"] == "payload.size"
    assert Upload.objects.count() == 0


def test_size_limit_edge(client: Client, world: UploadWorld, video: Path, settings: Any) -> None:
    settings.ZHIFA_UPLOAD_MAX_BYTES = 1000

    at_limit = api_create(client, video, world.metadata(), size=1000)
    over = api_create(client, video, world.metadata(), size=1001)

    assert at_limit.status_code == 201, at_limit.json()
    assert over.status_code == 400
    assert "超过上限 1000 字节" in over.json()["message"]


def test_create_rejects_over_free_space(
    client: Client, world: UploadWorld, video: Path, settings: Any
) -> None:
    folder = Path(settings.ZHIFA_UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(folder).free
    settings.ZHIFA_UPLOAD_MAX_BYTES = free + 2 * GIB

    response = api_create(client, video, world.metadata(), size=free + GIB)

    assert_rejected(response, "size", "存储空间不足")


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        (".mp4", "只有扩展名"),
        ("  .mp4", "只有扩展名"),
        ("CON", "没有扩展名"),
        ("现场\r\n录像.mp4", "控制字符"),
        ("现场\t录像.mp4", "控制字符"),
        ("录像\u202e4pm.exe.mp4", "控制字符"),
    ],
)
def test_create_rejects_filename(
    client: Client, world: UploadWorld, video: Path, filename: str, message: str
) -> None:
    response = api_create(client, video, world.metadata(), filename=filename)

    assert_rejected(response, "filename", message)


def test_short_filename_accepted(client: Client, world: UploadWorld, video: Path) -> None:
    assert api_create(client, video, world.metadata(), filename="a.mp4").status_code == 201


def _shanghai_text(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone(datetime.timedelta(hours=8))).isoformat()


def test_start_in_future_rejected(client: Client, world: UploadWorld, video: Path) -> None:
    ahead = timezone.now() + datetime.timedelta(minutes=11)

    response = api_create(client, video, world.metadata(started_at=_shanghai_text(ahead)))

    assert_rejected(response, "started_at", "晚于当前时间 10 分钟以上")


def test_start_slightly_ahead_accepted(client: Client, world: UploadWorld, video: Path) -> None:
    ahead = timezone.now() + datetime.timedelta(minutes=9)

    response = api_create(client, video, world.metadata(started_at=_shanghai_text(ahead)))

    assert response.status_code == 201, response.json()


def test_end_before_start_rejected(client: Client, world: UploadWorld, video: Path) -> None:
    metadata = world.metadata(started_at="2026-12-04T14:03:20", ended_at="2026-12-04T14:03:19")

    assert_rejected(api_create(client, video, metadata), "ended_at", "不能早于")


@pytest.mark.parametrize("name", ["询问录音.wav", "询问录音.mp3"])
def test_timeless_format_needs_start(
    client: Client, world: UploadWorld, tmp_path: Path, name: str
) -> None:
    audio = make_audio(tmp_path / name, 1)

    missing = api_create(client, audio, world.metadata())
    assert_rejected(missing, "started_at", "不含录制时间")

    entered = api_create(client, audio, world.metadata(started_at="2026-12-04T14:03:20"))
    assert entered.status_code == 201, entered.json()


def test_png_needs_start(client: Client, world: UploadWorld, video: Path) -> None:
    response = api_create(client, video, world.metadata(), filename="现场照片.png")

    assert_rejected(response, "started_at", "“.png”格式的文件不含录制时间")


def test_mp4_without_start_accepted(client: Client, world: UploadWorld, video: Path) -> None:
    assert api_create(client, video, world.metadata()).status_code == 201


def _created(client: Client, world: UploadWorld, video: Path) -> str:
    response = api_create(client, video, world.metadata())
    assert response.status_code == 201, response.json()
    return str(response.json()["id"])


@pytest.mark.parametrize(
    ("offset", "environ", "field"),
    [
        ("²", {}, "Upload-Offset"),
        ("٣", {}, "Upload-Offset"),
        ("-1", {}, "Upload-Offset"),
        ("0", {"CONTENT_LENGTH": "³"}, "Content-Length"),
    ],
)
def test_chunk_header_not_ascii_digits(
    client: Client,
    world: UploadWorld,
    video: Path,
    offset: str,
    environ: dict[str, Any],
    field: str,
) -> None:
    upload_id = _created(client, world, video)

    # CONTENT_LENGTH goes into the WSGI environment, replacing the length the client computed.
    response = client.put(
        f"/api/evidence/uploads/{upload_id}/content",
        b"abc",
        content_type="application/offset+octet-stream",
        headers={"Upload-Offset": offset},
        **environ,
    )

    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert "只能由 0-9 组成" in response.json()["message"]


def test_chunk_ascii_offset_accepted(client: Client, world: UploadWorld, video: Path) -> None:
    upload_id = _created(client, world, video)

    response = api_send(client, upload_id, 0, video.read_bytes()[:100])

    assert response.status_code == 200, response.json()
    assert response.json()["received"] == 100


@pytest.mark.parametrize("body", ["{", '{"filename": "a.mp4",}', "\udcff"])
def test_invalid_json_body(client: Client, body: str) -> None:
    data = body.encode("utf-8", "surrogateescape")

    response = client.post("/api/evidence/uploads", data, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_failed"
    assert response.json()["message"].startswith("请求内容不是有效的 JSON：")
    assert response.json()["field"] is None


def test_chunk_refreshes_updated_at(client: Client, world: UploadWorld, video: Path) -> None:
    upload_id = _created(client, world, video)
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    Upload.objects.filter(pk=upload_id).update(updated_at=three_days_ago)

    assert api_send(client, upload_id, 0, video.read_bytes()[:100]).status_code == 200
    report = cleanup.cleanup(older_than_days=2)

    assert report.abandoned == 0
    upload = Upload.objects.get(pk=upload_id)
    assert upload.status == UploadStatus.RECEIVING
    assert upload.updated_at > three_days_ago + datetime.timedelta(days=2)
    assert protocol.part_path(upload).exists()


def test_idle_upload_still_abandoned(client: Client, world: UploadWorld, video: Path) -> None:
    upload_id = _created(client, world, video)
    three_days_ago = timezone.now() - datetime.timedelta(days=3)
    Upload.objects.filter(pk=upload_id).update(updated_at=three_days_ago)

    assert cleanup.cleanup(older_than_days=2).abandoned == 1
    assert Upload.objects.get(pk=upload_id).status == UploadStatus.ABANDONED


def test_abandon_refreshes_updated_at(client: Client, world: UploadWorld, video: Path) -> None:
    upload_id = _created(client, world, video)
    long_ago = timezone.now() - datetime.timedelta(days=3)
    Upload.objects.filter(pk=upload_id).update(updated_at=long_ago)

    assert client.delete(f"/api/evidence/uploads/{upload_id}").status_code == 200

    assert Upload.objects.get(pk=upload_id).updated_at > long_ago + datetime.timedelta(days=2)


def test_complete_and_store_refresh_updated_at(
    client: Client, world: UploadWorld, video: Path, django_capture_on_commit_callbacks: Any
) -> None:
    upload_id = _created(client, world, video)
    assert api_send(client, upload_id, 0, video.read_bytes()).status_code == 200
    long_ago = timezone.now() - datetime.timedelta(days=3)
    Upload.objects.filter(pk=upload_id).update(updated_at=long_ago)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert client.post(f"/api/evidence/uploads/{upload_id}/complete").status_code == 200
    verifying = Upload.objects.get(pk=upload_id)
    assert verifying.status == UploadStatus.VERIFYING
    assert verifying.updated_at > long_ago + datetime.timedelta(days=2)

    Upload.objects.filter(pk=upload_id).update(updated_at=long_ago)
    for callback in queued:
        callback()
    stored = Upload.objects.get(pk=upload_id)
    assert stored.status == UploadStatus.STORED, stored.error
    assert stored.updated_at > long_ago + datetime.timedelta(days=2)

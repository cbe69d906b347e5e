"""The player page, stream and download: scope, purpose, sensitive records and the access log."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.evidence.access.requests import decide_request, request_access
from zhifa.evidence.models import (
    AccessAction,
    AccessLog,
    AccessRequest,
    AvRecord,
    LedgerEntry,
    MediaKind,
    Sensitivity,
)
from zhifa.evidence.tests.access_support import logged_client, record_from_file
from zhifa.evidence.tests.media_support import make_audio, make_photo, make_video

PURPOSE = "复核现场检查过程是否规范"


@pytest.fixture
def video(agency_a: Agency, officer_user: User, tmp_path: Path) -> AvRecord:
    path = make_video(tmp_path / "clip.mp4", 2)
    return record_from_file(agency_a, officer_user, path, filename="现场检查.mp4")


def _open_player(client: Client, record: AvRecord, purpose: str = PURPOSE) -> Any:
    return client.post(reverse("evidence:record_player", args=[record.pk]), {"purpose": purpose})


def test_player_asks_for_purpose_first(video: AvRecord, officer_user: User) -> None:
    client = logged_client(officer_user)

    page = client.get(reverse("evidence:record_player", args=[video.pk]))

    assert page.status_code == 200
    assert "调阅事由" in page.content.decode()
    assert "stream_url" not in page.context or not page.context.get("stream_url")
    assert not AccessLog.objects.exists()


def test_short_purpose_refused(video: AvRecord, officer_user: User) -> None:
    page = _open_player(logged_client(officer_user), video, "查看")

    assert page.status_code == 200
    assert not page.context.get("stream_url")
    assert not AccessLog.objects.exists()


def test_one_stream_log_per_playback(video: AvRecord, officer_user: User) -> None:
    client = logged_client(officer_user)
    page = _open_player(client, video)
    stream_url = page.context["stream_url"]
    ledger_before = LedgerEntry.objects.count()

    first = client.get(stream_url, headers={"Range": "bytes=0-99"})
    second = client.get(stream_url, headers={"Range": "bytes=100-"})
    whole = client.get(stream_url)

    assert first.status_code == 206
    assert second.status_code == 206
    assert whole.status_code == 200
    assert first.getvalue() + second.getvalue() == whole.getvalue()
    entries = list(AccessLog.objects.all())
    assert len(entries) == 1
    assert entries[0].action == AccessAction.STREAM
    assert entries[0].purpose == PURPOSE
    assert entries[0].ip_address == "127.0.0.1"
    assert LedgerEntry.objects.count() == ledger_before
    assert LedgerEntry.objects.filter(ref=f"access:{entries[0].pk}").exists()


def test_second_playback_logs_again(video: AvRecord, officer_user: User) -> None:
    client = logged_client(officer_user)
    _open_player(client, video)
    _open_player(client, video)

    assert AccessLog.objects.filter(action=AccessAction.STREAM).count() == 2


def test_photo_player_logs_view(agency_a: Agency, officer_user: User, tmp_path: Path) -> None:
    photo = record_from_file(
        agency_a, officer_user, make_photo(tmp_path / "p.jpg"), media_kind=MediaKind.PHOTO
    )

    page = _open_player(logged_client(officer_user), photo)

    assert page.status_code == 200
    assert AccessLog.objects.get().action == AccessAction.VIEW
    # The player says that photo downloads are reduced and where the original is kept.
    assert "照片下载件为加注水印的缩小版" in page.content.decode()


def test_stream_needs_own_token(video: AvRecord, officer_user: User, make_user, agency_a) -> None:
    colleague = make_user("officer_a2", "officer", agency=agency_a)
    stream_url = _open_player(logged_client(officer_user), video).context["stream_url"]

    assert logged_client(colleague).get(stream_url).status_code == 403
    bare = reverse("evidence:record_stream", args=[video.pk])
    assert logged_client(officer_user).get(bare).status_code == 403
    assert logged_client(officer_user).get(bare + "?t=forged").status_code == 403


def test_token_bound_to_record(
    video: AvRecord, officer_user: User, agency_a: Agency, tmp_path: Path
) -> None:
    other = record_from_file(agency_a, officer_user, make_audio(tmp_path / "a.m4a"))
    client = logged_client(officer_user)
    token = _open_player(client, video).context["stream_url"].split("?t=")[1]

    response = client.get(reverse("evidence:record_stream", args=[other.pk]) + "?t=" + token)

    assert response.status_code == 403


def test_other_agency_gets_404(video: AvRecord, other_agency_user: User) -> None:
    client = logged_client(other_agency_user)

    assert client.get(reverse("evidence:record_player", args=[video.pk])).status_code == 404
    assert _open_player(client, video).status_code == 404
    assert not AccessLog.objects.exists()


def test_download_logged_each_time(video: AvRecord, officer_user: User) -> None:
    client = logged_client(officer_user)
    download_url = _open_player(client, video).context["download_url"]

    first = client.get(download_url)
    first.getvalue()
    client.get(download_url)

    assert first.status_code == 200
    assert "attachment" in first["Content-Disposition"]
    assert "%E6%B0%B4%E5%8D%B0" in first["Content-Disposition"]  # 水印
    downloads = AccessLog.objects.filter(action=AccessAction.DOWNLOAD)
    assert downloads.count() == 2
    assert {entry.purpose for entry in downloads} == {PURPOSE}


def test_audio_download_carries_header(
    agency_a: Agency, officer_user: User, tmp_path: Path
) -> None:
    audio = record_from_file(
        agency_a, officer_user, make_audio(tmp_path / "a.m4a"), media_kind=MediaKind.AUDIO
    )
    client = logged_client(officer_user)
    download_url = _open_player(client, audio).context["download_url"]

    response = client.get(download_url)

    assert response.status_code == 200
    assert response["X-Zhifa-Watermark"].startswith("UTF-8''officer_a")
    assert response.getvalue() == (tmp_path / "a.m4a").read_bytes()


@pytest.fixture
def secret_video(agency_a: Agency, officer_user: User, tmp_path: Path) -> AvRecord:
    path = make_video(tmp_path / "secret.mp4", 1)
    return record_from_file(agency_a, officer_user, path, sensitivity=Sensitivity.PRIVATE)


def test_sensitive_record_needs_approval(secret_video: AvRecord, officer_user: User) -> None:
    page = _open_player(logged_client(officer_user), secret_video)

    assert page.status_code == 200
    assert not page.context.get("stream_url")
    assert "提出调阅申请" in page.content.decode()
    assert not AccessLog.objects.exists()


def test_sensitive_record_uses_request_purpose(
    secret_video: AvRecord, officer_user: User, agency_head_user: User
) -> None:
    filed = request_access(officer_user, secret_video, "复核当事人隐私信息的处理")
    decide_request(agency_head_user, filed.pk, approve=True, hours=2)

    page = _open_player(logged_client(officer_user), secret_video, purpose="")

    entry = AccessLog.objects.get()
    assert page.context["stream_url"]
    assert entry.purpose == "复核当事人隐私信息的处理"
    assert entry.request_id == filed.pk


def test_stream_stops_when_approval_expires(
    secret_video: AvRecord, officer_user: User, agency_head_user: User
) -> None:
    filed = request_access(officer_user, secret_video, "复核当事人隐私信息的处理")
    decide_request(agency_head_user, filed.pk, approve=True, hours=2)
    client = logged_client(officer_user)
    stream_url = _open_player(client, secret_video).context["stream_url"]
    assert client.get(stream_url).status_code == 200

    AccessRequest.objects.filter(pk=filed.pk).update(
        valid_until=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert client.get(stream_url).status_code == 403


def test_player_needs_login(video: AvRecord) -> None:
    response = Client().get(reverse("evidence:record_player", args=[video.pk]))

    assert response.status_code == 302

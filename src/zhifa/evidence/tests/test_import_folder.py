"""``zhifa evidence import`` over a real docking-station folder, and ``zhifa evidence cleanup``."""

import datetime
import io
import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from zhifa.accounts.models import User
from zhifa.evidence.models import AvRecord, StoredContent, Upload, UploadStatus
from zhifa.evidence.tests.media_support import make_audio, make_photo, make_video
from zhifa.evidence.tests.upload_support import UploadWorld, upload_world
from zhifa.evidence.uploads import protocol

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a: Any, agency_head_user: User, officer_user: User) -> UploadWorld:
    return upload_world(agency_a, agency_head_user, officer_user)


def sidecar(world: UploadWorld, media: Path, **fields: Any) -> None:
    credentials = [officer.current_credential() for officer in world.officers]
    numbers = [credential.number for credential in credentials if credential is not None]
    data = {
        "officers": numbers,
        "place": "朱家角镇新风路1号门前",
        "case": world.case.number,
        "scene": "on_site_inspection",
        "party_informed": True,
        **fields,
    }
    media.with_suffix(".json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def station(world: UploadWorld, tmp_path: Path) -> Path:
    """A docking-station folder: one subfolder per camera serial number."""
    root = tmp_path / "station"
    camera = root / world.device.serial_number
    camera.mkdir(parents=True)
    video = make_video(camera / "REC0001.mp4", 2, "2026-12-05T14:03:20Z")
    sidecar(world, video)
    audio = make_audio(camera / "询问录音.m4a", 2, "2026-12-05T14:10:00Z")
    sidecar(world, audio)
    taken_at = datetime.datetime(2026, 12, 5, 14, 20)  # noqa: DTZ001 (EXIF has no zone)
    photo = make_photo(camera / "IMG0001.jpg", taken_at)
    sidecar(world, photo, scene="sampling")
    (camera / "EMPTY.mp4").write_bytes(b"")
    (camera / "readme.txt").write_text("采集站说明")
    make_video(camera / "NOSIDECAR.mp4", 1, "2026-12-05T15:00:00Z")
    stranger = root / "UNKNOWN-CAM"
    stranger.mkdir()
    make_video(stranger / "REC0009.mp4", 1, "2026-12-05T16:00:00Z")
    return root


def run(*arguments: str) -> str:
    output = io.StringIO()
    call_command("evidence", *arguments, stdout=output)
    return output.getvalue()


def run_with_rejections(*arguments: str) -> str:
    """Run a command that rejects some files; return its output after checking the failure."""
    output = io.StringIO()
    with pytest.raises(CommandError, match="个文件未导入"):
        call_command("evidence", *arguments, stdout=output)
    return output.getvalue()


def line_of(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if name in line)


def test_import_reports_each_file(world: UploadWorld, station: Path) -> None:
    output = run_with_rejections("import", str(station), "--user", world.officer_user.username)

    assert line_of(output, "REC0001.mp4").startswith("已导入")
    assert line_of(output, "询问录音.m4a").startswith("已导入")
    assert line_of(output, "IMG0001.jpg").startswith("已导入")
    assert "文件为空" in line_of(output, "EMPTY.mp4")
    assert line_of(output, "readme.txt").startswith("已跳过")
    assert "不是音像文件" in line_of(output, "readme.txt")
    assert "NOSIDECAR.json中填写“scene”" in line_of(output, "NOSIDECAR.mp4")
    assert "--scene" in line_of(output, "NOSIDECAR.mp4")
    assert "UNKNOWN-CAM" in line_of(output, "REC0009.mp4")
    assert line_of(output, "REC0009.mp4").startswith("未导入")
    assert "共 7 个文件：已导入 3 个，已跳过 1 个（其中非音像文件 1 个），未导入 3 个" in output

    records = AvRecord.objects.order_by("started_at")
    assert [record.filename for record in records] == ["REC0001.mp4", "询问录音.m4a", "IMG0001.jpg"]
    assert all(record.device == world.device for record in records)
    assert all(record.case == world.case for record in records)
    assert records[2].scene.code == "sampling"


def test_import_again_skips(world: UploadWorld, station: Path) -> None:
    run_with_rejections("import", str(station), "--user", world.officer_user.username)

    output = run_with_rejections("import", str(station), "--user", world.officer_user.username)

    assert line_of(output, "REC0001.mp4").startswith("已跳过")
    assert "已存证为音像记录" in line_of(output, "REC0001.mp4")
    assert "已导入 0 个，已跳过 4 个（其中非音像文件 1 个）" in output
    assert AvRecord.objects.count() == 3
    assert StoredContent.objects.count() == 3


def test_import_with_device_option(world: UploadWorld, tmp_path: Path) -> None:
    folder = tmp_path / "flat"
    folder.mkdir()
    video = make_video(folder / "A.mp4", 1, "2026-12-05T14:03:20Z")
    sidecar(world, video)

    output = run(
        "import",
        str(folder),
        "--user",
        world.officer_user.username,
        "--device",
        world.device.serial_number,
        "--agency",
        world.agency.short_name,
    )

    assert "已导入 1 个" in output
    assert AvRecord.objects.get().device == world.device


def test_import_leaves_out_symlinks(world: UploadWorld, tmp_path: Path) -> None:
    outside = make_video(tmp_path / "outside.mp4", 1, "2026-12-05T14:03:20Z")
    folder = tmp_path / "station"
    folder.mkdir()
    video = make_video(folder / "A.mp4", 1, "2026-12-04T14:03:20Z")
    sidecar(world, video)
    (folder / "B.mp4").symlink_to(outside)

    output = run("import", str(folder), "--user", world.officer_user.username)

    assert "B.mp4" not in output
    assert "已导入 1 个" in output
    assert AvRecord.objects.get().filename == "A.mp4"


def test_import_scene_option(world: UploadWorld, tmp_path: Path) -> None:
    folder = tmp_path / "flat"
    folder.mkdir()
    video = make_video(folder / "A.mp4", 1, "2026-12-05T14:03:20Z")
    sidecar(world, video, scene=None)
    user = world.officer_user.username

    assert "用 --scene 指定" in run_with_rejections("import", str(folder), "--user", user)
    run("import", str(folder), "--user", user, "--scene", "hearing")

    assert AvRecord.objects.get().scene.code == "hearing"


def test_import_unknown_credential(world: UploadWorld, tmp_path: Path) -> None:
    folder = tmp_path / "flat"
    folder.mkdir()
    sidecar(world, make_video(folder / "A.mp4", 1, "2026-12-05T14:03:20Z"), officers=["31999999"])

    output = run_with_rejections("import", str(folder), "--user", world.officer_user.username)

    assert "执法证号“31999999”不存在" in output


def test_import_all_imported_exits_zero(world: UploadWorld, tmp_path: Path) -> None:
    folder = tmp_path / "flat"
    folder.mkdir()
    sidecar(world, make_video(folder / "A.mp4", 1, "2026-12-05T09:03:20Z"))
    (folder / "notes.txt").write_text("交接记录")

    output = run("import", str(folder), "--user", world.officer_user.username)

    assert "已导入 1 个，已跳过 1 个（其中非音像文件 1 个），未导入 0 个" in output


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"officers": 3118000119}, "officers"),
        ({"officers": [{"number": "3118000119"}]}, "officers"),
        ({"officers": [True]}, "officers"),
        ({"place": 12}, "place"),
        ({"started_at": 20261205}, "started_at"),
        ({"scene": ["hearing"]}, "scene"),
        ({"party_informed": [1]}, "party_informed"),
        ({"step": 1.5}, "step"),
        ({"case": {"number": "1"}}, "case"),
    ],
)
def test_sidecar_wrong_type_rejects_file(
    world: UploadWorld, tmp_path: Path, fields: dict[str, Any], field: str
) -> None:
    folder = tmp_path / "flat"
    folder.mkdir()
    sidecar(world, make_video(folder / "A.mp4", 1, "2026-12-05T09:03:20Z"), **fields)
    sidecar(world, make_video(folder / "B.mp4", 1, "2026-12-05T09:13:20Z"))

    output = run_with_rejections("import", str(folder), "--user", world.officer_user.username)

    assert line_of(output, "A.mp4").startswith("未导入")
    assert f"A.json中“{field}”应为" in line_of(output, "A.mp4")
    assert line_of(output, "B.mp4").startswith("已导入")
    assert [record.filename for record in AvRecord.objects.all()] == ["B.mp4"]


def test_sidecar_officer_string_is_one_number(world: UploadWorld, tmp_path: Path) -> None:
    folder = tmp_path / "flat"
    folder.mkdir()
    sidecar(world, make_video(folder / "A.mp4", 1, "2026-12-05T09:03:20Z"), officers="31999999")

    output = run_with_rejections("import", str(folder), "--user", world.officer_user.username)

    assert "执法证号“31999999”不存在" in line_of(output, "A.mp4")


def test_sidecar_single_officer_string_imported(world: UploadWorld, tmp_path: Path) -> None:
    folder = tmp_path / "flat"
    folder.mkdir()
    credential = world.officers[0].current_credential()
    assert credential is not None
    video = make_video(folder / "A.mp4", 1, "2026-12-05T09:03:20Z")
    sidecar(
        world,
        video,
        officers=credential.number,
        recorder_kind="third_party",
        third_party_name="青浦区某技术服务公司",
    )

    run("import", str(folder), "--user", world.officer_user.username)

    assert list(AvRecord.objects.get().officers.all()) == [world.officers[0]]


def test_import_unknown_user(world: UploadWorld, station: Path) -> None:
    with pytest.raises(CommandError, match="nobody"):
        run("import", str(station), "--user", "nobody")


def test_cleanup_abandons_stale(world: UploadWorld, tmp_path: Path) -> None:
    fresh = protocol.create(world.officer_user, "a.mp4", 10, "", "", world.metadata())
    stale = protocol.create(world.officer_user, "b.mp4", 10, "", "", world.metadata())
    failed = protocol.create(world.officer_user, "c.mp4", 10, "", "", world.metadata())
    stuck = protocol.create(world.officer_user, "d.mp4", 10, "", "", world.metadata())
    old = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    Upload.objects.filter(pk=stale.pk).update(updated_at=old)
    Upload.objects.filter(pk=stuck.pk).update(updated_at=old, status=UploadStatus.VERIFYING)
    Upload.objects.filter(pk=failed.pk).update(status=UploadStatus.FAILED)
    orphan = protocol.part_path(fresh).with_name(f"{uuid.uuid4()}.part")
    orphan.write_bytes(b"left over")
    os.utime(orphan, (old.timestamp(), old.timestamp()))

    output = run("cleanup")

    assert "标为已放弃 1 个，存储超时 1 个" in output
    assert Upload.objects.get(pk=stuck.pk).status == UploadStatus.FAILED
    assert not protocol.part_path(stuck).exists()
    assert Upload.objects.get(pk=stale.pk).status == UploadStatus.ABANDONED
    assert Upload.objects.get(pk=fresh.pk).status == UploadStatus.RECEIVING
    assert protocol.part_path(fresh).exists()
    assert not protocol.part_path(stale).exists()
    assert not protocol.part_path(failed).exists()
    assert not orphan.exists()

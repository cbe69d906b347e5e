"""The pixel limit of photos, checked from the header when a photo is stored."""

from pathlib import Path
from typing import Any

import pytest

from zhifa.accounts.models import User
from zhifa.core.errors import ValidationFailed
from zhifa.evidence.models import AvRecord, StoredContent
from zhifa.evidence.tests.media_support import make_photo
from zhifa.evidence.tests.photo_support import write_blank_png
from zhifa.evidence.tests.upload_support import UploadWorld, upload_world
from zhifa.evidence.uploads.ingest import IncomingFile, ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a: Any, agency_head_user: User, officer_user: User) -> UploadWorld:
    return upload_world(agency_a, agency_head_user, officer_user)


def store(world: UploadWorld, path: Path) -> AvRecord:
    return ingest(
        IncomingFile(
            user=world.officer_user,
            path=path,
            filename=path.name,
            declared_type="",
            size=path.stat().st_size,
            client_digest="",
            metadata=world.metadata(scene="sampling", started_at="2026-12-04T14:03:20"),
        )
    )


def test_pixel_bomb_rejected(world: UploadWorld, tmp_path: Path) -> None:
    bomb = write_blank_png(tmp_path / "现场照片.png", 11000, 11000)

    with pytest.raises(ValidationFailed) as caught:
        store(world, bomb)

    assert caught.value.field == "file"
    assert "照片“现场照片.png”为 11000×11000 像素" in caught.value.message
    assert "超过像素上限 50,000,000" in caught.value.message
    assert StoredContent.objects.count() == 0


def test_pixel_limit_edge(world: UploadWorld, tmp_path: Path, settings: Any) -> None:
    photo = make_photo(tmp_path / "现场照片.jpg")

    settings.ZHIFA_PHOTO_MAX_PIXELS = 64 * 64 - 1
    with pytest.raises(ValidationFailed, match="64×64 像素"):
        store(world, photo)

    settings.ZHIFA_PHOTO_MAX_PIXELS = 64 * 64
    assert store(world, photo).media_kind == "photo"


def test_oversized_bomb_rejected(world: UploadWorld, tmp_path: Path) -> None:
    # Over twice Pillow's own limit, so Image.open raises before the size can be read.
    bomb = write_blank_png(tmp_path / "bomb.png", 20000, 10000)

    with pytest.raises(ValidationFailed) as caught:
        store(world, bomb)

    assert "照片“bomb.png”超过像素上限" in caught.value.message

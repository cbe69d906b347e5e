"""Board actions: windows, posts with validated photos, sample forms with digests, scope."""

import io
import zipfile
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.core import digests
from zhifa.core.errors import NotPermitted, ValidationFailed
from zhifa.publicity.boards.actions import (
    PostInput,
    add_sample_form,
    remove_post,
    save_post,
    save_window,
)
from zhifa.publicity.boards.tests.conftest import PDF_BYTES, WINDOW
from zhifa.publicity.models import ServiceWindow, WindowPost

ImageUpload = Callable[..., SimpleUploadedFile]


def _post(photo: SimpleUploadedFile | None = None) -> PostInput:
    return PostInput(name="张三", post="综合受理岗", duties="受理食品经营许可申请", photo=photo)


def test_save_window_creates_and_audits(window: ServiceWindow) -> None:
    assert window.name == "市场准入窗口"
    assert window.is_active
    audit = AuditEntry.objects.get(action="service_window_saved")
    assert audit.detail["change"] == "window_created"
    assert audit.agency_id == window.agency_id


def test_save_window_rejects_duplicate_name(
    agency_head_user: User, agency_a: Agency, window: ServiceWindow
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        save_window(agency_head_user, agency_a, WINDOW)

    assert caught.value.field == "name"


def test_save_window_names_missing_field(agency_head_user: User, agency_a: Agency) -> None:
    data = WINDOW.__class__(**{**WINDOW.__dict__, "complaint_contact": " "})

    with pytest.raises(ValidationFailed) as caught:
        save_window(agency_head_user, agency_a, data)

    assert caught.value.field == "complaint_contact"
    assert "投诉举报电话" in caught.value.message


def test_other_agency_window_is_rejected(
    agency_head_user: User, other_window: ServiceWindow
) -> None:
    with pytest.raises(NotPermitted):
        save_post(agency_head_user, other_window, _post())


def test_officer_cannot_save_window(officer_user: User, agency_a: Agency) -> None:
    with pytest.raises(NotPermitted):
        save_window(officer_user, agency_a, WINDOW)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_post_photo_formats_are_stored(
    agency_head_user: User, window: ServiceWindow, image_upload: ImageUpload, image_format: str
) -> None:
    post = save_post(agency_head_user, window, _post(image_upload(image_format)))

    assert post.photo.name.startswith("boards/photos/")
    assert "张三" not in post.photo.name
    assert post.photo.storage.exists(post.photo.name)


def test_gif_photo_is_rejected(
    agency_head_user: User, window: ServiceWindow, image_upload: ImageUpload
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        save_post(agency_head_user, window, _post(image_upload("GIF")))

    assert caught.value.field == "photo"
    assert "GIF" in caught.value.message
    assert not WindowPost.objects.exists()


def test_tiny_photo_is_rejected(
    agency_head_user: User, window: ServiceWindow, image_upload: ImageUpload
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        save_post(agency_head_user, window, _post(image_upload("PNG", (40, 40))))

    assert "尺寸过小" in caught.value.message


def test_huge_photo_is_rejected(
    agency_head_user: User, window: ServiceWindow, image_upload: ImageUpload
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        save_post(agency_head_user, window, _post(image_upload("PNG", (7000, 7000))))

    assert "像素过多" in caught.value.message


def test_non_image_photo_is_rejected(agency_head_user: User, window: ServiceWindow) -> None:
    upload = SimpleUploadedFile("photo.jpg", b"<html>not an image</html>")

    with pytest.raises(ValidationFailed) as caught:
        save_post(agency_head_user, window, _post(upload))

    assert "无法识别为图片" in caught.value.message


def test_new_photo_replaces_old(
    agency_head_user: User,
    window: ServiceWindow,
    image_upload: ImageUpload,
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[object]],
) -> None:
    post = save_post(agency_head_user, window, _post(image_upload("PNG")))
    old_name = post.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        save_post(agency_head_user, window, _post(image_upload("JPEG")), post=post)

    post.refresh_from_db()
    assert post.photo.name != old_name
    assert not post.photo.storage.exists(old_name)


def test_remove_post_deletes_row(
    agency_head_user: User, window: ServiceWindow, image_upload: ImageUpload
) -> None:
    post = save_post(agency_head_user, window, _post(image_upload("PNG")))

    remove_post(agency_head_user, post)

    assert not WindowPost.objects.exists()
    assert AuditEntry.objects.filter(detail__change="post_removed").count() == 1


def test_sample_form_pdf_gets_digest(agency_head_user: User, window: ServiceWindow) -> None:
    upload = SimpleUploadedFile("申请书.pdf", PDF_BYTES)

    form = add_sample_form(agency_head_user, window, "食品经营许可申请书", upload)

    assert form.digest == digests.of_bytes(PDF_BYTES)
    assert form.file.name.startswith("boards/forms/")
    assert form.file.name.endswith(".pdf")


def test_sample_form_docx_is_accepted(agency_head_user: User, window: ServiceWindow) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    upload = SimpleUploadedFile("申请书.docx", buffer.getvalue())

    form = add_sample_form(agency_head_user, window, "申请书", upload)

    assert form.file.name.endswith(".docx")


def test_sample_form_other_type_is_rejected(agency_head_user: User, window: ServiceWindow) -> None:
    upload = SimpleUploadedFile("申请书.pdf", b"MZ\x90\x00 executable")

    with pytest.raises(ValidationFailed) as caught:
        add_sample_form(agency_head_user, window, "申请书", upload)

    assert caught.value.field == "file"
    assert "PDF或Word" in caught.value.message


def _noisy_image(image_format: str) -> bytes:
    """Return an image whose pixel data fills most of the file, so cutting it loses pixels."""
    buffer = io.BytesIO()
    Image.effect_noise((320, 320), 80).convert("RGB").save(buffer, format=image_format)
    return buffer.getvalue()


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_truncated_photo_is_rejected(
    agency_head_user: User, window: ServiceWindow, image_format: str
) -> None:
    data = _noisy_image(image_format)
    upload = SimpleUploadedFile("photo.img", data[: len(data) // 2])

    with pytest.raises(ValidationFailed) as caught:
        save_post(agency_head_user, window, _post(upload))

    assert caught.value.field == "photo"
    assert not WindowPost.objects.exists()


def test_truncated_jpeg_rejected_despite_global_switch(
    agency_head_user: User, window: ServiceWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = _noisy_image("JPEG")
    upload = SimpleUploadedFile("photo.jpg", data[: len(data) // 2])

    with pytest.raises(ValidationFailed) as caught:
        save_post(agency_head_user, window, _post(upload))

    assert "不完整" in caught.value.message
    assert not WindowPost.objects.exists()


def test_whole_noisy_jpeg_is_accepted(agency_head_user: User, window: ServiceWindow) -> None:
    upload = SimpleUploadedFile("photo.jpg", _noisy_image("JPEG"))

    post = save_post(agency_head_user, window, _post(upload))

    assert post.photo.name.endswith(".jpg")

"""Board pages: scope, permissions, adding posts and forms, serving their files."""

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.publicity.boards.actions import PostInput, save_post
from zhifa.publicity.boards.tests.conftest import PDF_BYTES
from zhifa.publicity.models import ServiceWindow, WindowPost, WindowSampleForm

ImageUpload = Callable[..., SimpleUploadedFile]


def test_list_shows_only_own_agency(
    client: Client, officer_user: User, window: ServiceWindow, other_window: ServiceWindow
) -> None:
    client.force_login(officer_user)

    page = client.get(reverse("publicity:window_list")).content.decode()

    assert reverse("publicity:window_edit", args=[window.pk]) in page
    assert reverse("publicity:window_edit", args=[other_window.pk]) not in page


def test_other_agency_window_is_404(
    client: Client, agency_head_user: User, other_window: ServiceWindow
) -> None:
    client.force_login(agency_head_user)

    response = client.get(reverse("publicity:window_edit", args=[other_window.pk]))

    assert response.status_code == 404


def test_officer_cannot_change_window(
    client: Client, officer_user: User, window: ServiceWindow
) -> None:
    client.force_login(officer_user)

    page = client.get(reverse("publicity:window_edit", args=[window.pk]))
    posted = client.post(reverse("publicity:window_post_add", args=[window.pk]), {})

    assert page.status_code == 200
    assert reverse("publicity:window_post_add", args=[window.pk]) not in page.content.decode()
    assert posted.status_code == 403


def test_create_window_page(client: Client, agency_head_user: User) -> None:
    client.force_login(agency_head_user)
    data = {
        "agency": agency_head_user.agency_id,
        "name": "综合窗口",
        "location": "一楼",
        "business_scope": "许可受理",
        "progress_lookup": "电话查询",
        "advice_contact": "021-1",
        "complaint_contact": "12345",
        "is_active": "on",
    }

    response = client.post(reverse("publicity:window_create"), data)

    window = ServiceWindow.objects.get(name="综合窗口")
    assert response.status_code == 302
    assert response["Location"] == reverse("publicity:window_edit", args=[window.pk])


def test_add_post_with_photo_and_serve_it(
    client: Client, agency_head_user: User, window: ServiceWindow, image_upload: ImageUpload
) -> None:
    client.force_login(agency_head_user)
    data = {
        "position": 1,
        "name": "李四",
        "post": "审批岗",
        "duties": "审核申请材料",
        "photo": image_upload("JPEG"),
    }

    response = client.post(reverse("publicity:window_post_add", args=[window.pk]), data)
    post = WindowPost.objects.get()
    photo = client.get(reverse("publicity:window_post_photo", args=[post.pk]))

    assert response.status_code == 302
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert photo["X-Content-Type-Options"] == "nosniff"


def test_add_post_with_bad_photo_shows_error(
    client: Client, agency_head_user: User, window: ServiceWindow
) -> None:
    client.force_login(agency_head_user)
    data = {
        "position": 1,
        "name": "李四",
        "post": "审批岗",
        "duties": "审核申请材料",
        "photo": SimpleUploadedFile("a.png", b"not a picture"),
    }

    response = client.post(reverse("publicity:window_post_add", args=[window.pk]), data)

    assert response.status_code == 400
    assert "无法识别为图片" in response.content.decode()
    assert not WindowPost.objects.exists()


def test_photo_of_other_agency_is_404(
    client: Client,
    agency_head_user: User,
    other_agency_user: User,
    other_window: ServiceWindow,
    image_upload: ImageUpload,
) -> None:
    post = save_post(
        other_agency_user,
        other_window,
        PostInput(name="王五", post="受理岗", duties="受理", photo=image_upload("PNG")),
    )
    client.force_login(agency_head_user)

    response = client.get(reverse("publicity:window_post_photo", args=[post.pk]))

    assert response.status_code == 404


def test_upload_and_download_sample_form(
    client: Client, agency_head_user: User, window: ServiceWindow
) -> None:
    client.force_login(agency_head_user)
    upload = SimpleUploadedFile("申请书.pdf", PDF_BYTES)

    response = client.post(
        reverse("publicity:window_form_add", args=[window.pk]),
        {"title": "食品经营许可申请书", "file": upload},
    )
    form = WindowSampleForm.objects.get()
    download = client.get(reverse("publicity:window_form_file", args=[form.pk]))

    assert response.status_code == 302
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
    assert "attachment" in download["Content-Disposition"]

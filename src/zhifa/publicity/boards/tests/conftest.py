"""Fixtures for the board tests: a window made through the action, and uploads."""

import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.publicity.boards.actions import WindowInput, save_window
from zhifa.publicity.models import ServiceWindow

WINDOW = WindowInput(
    name="市场准入窗口",
    location="朱家角镇行政服务中心一楼3号窗口",
    business_scope="食品经营许可\n个体工商户登记",
    progress_lookup="电话 021-59230000，或“一网通办”查询",
    advice_contact="021-59230001",
    complaint_contact="12345",
    opening_hours="工作日 9:00—17:00",
)


@pytest.fixture
def window(agency_head_user: User, agency_a: Agency) -> ServiceWindow:
    return save_window(agency_head_user, agency_a, WINDOW)


@pytest.fixture
def other_window(other_agency_user: User, agency_b: Agency) -> ServiceWindow:
    return save_window(other_agency_user, agency_b, WINDOW)


@pytest.fixture
def image_upload() -> Callable[..., SimpleUploadedFile]:
    """Build an image upload of the given format and size."""

    def make(image_format: str = "PNG", size: tuple[int, int] = (240, 320)) -> SimpleUploadedFile:
        buffer = io.BytesIO()
        Image.new("RGB", size, (120, 140, 160)).save(buffer, format=image_format)
        extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}[image_format]
        return SimpleUploadedFile(f"张三.{extension}", buffer.getvalue())

    return make


PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

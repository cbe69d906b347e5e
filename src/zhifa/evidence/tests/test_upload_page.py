"""The upload page: the form with the record's facts, the preselected case, the script."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zhifa.accounts.models import User
from zhifa.evidence.tests.upload_support import UploadWorld, upload_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a: Any, agency_head_user: User, officer_user: User) -> UploadWorld:
    return upload_world(agency_a, agency_head_user, officer_user)


def page(user: User, query: str = "") -> Any:
    browser = Client()
    browser.force_login(user)
    return browser.get(reverse("evidence:record_upload") + query)


def test_page_preselects_case(world: UploadWorld) -> None:
    response = page(world.officer_user, f"?case={world.case.pk}")

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'<option value="{world.case.pk}" selected>', html)
    assert world.device.serial_number in html
    assert "已告知当事人正在录音录像" in html
    assert 'data-api-url="/api/evidence/uploads"' in html


def test_page_scripts_are_files(world: UploadWorld) -> None:
    html = page(world.officer_user).content.decode()

    assert "evidence/uploader.js" in html
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))


def test_page_other_agency_case_ignored(world: UploadWorld, other_agency_user: User) -> None:
    html = page(other_agency_user, f"?case={world.case.pk}").content.decode()
    assert world.case.number not in html


def test_page_needs_case_capability(world: UploadWorld, audit_admin_user: User) -> None:
    assert page(audit_admin_user).status_code == 403

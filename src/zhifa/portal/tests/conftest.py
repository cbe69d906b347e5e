"""Portal test data, made through the agencies and catalog actions."""

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from zhifa.accounts.models import User
from zhifa.agencies import actions as agency_actions
from zhifa.agencies.actions import CredentialEventInput, OfficerInput
from zhifa.agencies.models import Agency, Credential, CredentialEventKind, EnforcementDomain
from zhifa.core.identifiers import ID_CHECK_CHARS, ID_WEIGHTS


def make_id_number(sequence: int, *, male: bool = True) -> str:
    """Build a valid 18-digit ID number (GB 11643) born 1985-03-12 in Qingpu."""
    order = f"{sequence % 50:02d}{(sequence % 5) * 2 + (1 if male else 0)}"
    body = f"31011819850312{order}"
    total = sum(int(digit) * weight for digit, weight in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK_CHARS[total % 11]


def png_upload() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 160), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("张三 身份照.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def local_cache(settings: Any) -> None:
    """Give each test an empty in-memory cache instead of the database cache table."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal-tests",
        }
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def domain(db: None) -> EnforcementDomain:
    return EnforcementDomain.objects.create(code="city-management", name="城市管理")


@pytest.fixture
def make_credential(
    agency_head_user: User, agency_a: Agency, domain: EnforcementDomain
) -> Callable[..., Credential]:
    """Register an officer of agency A and take a credential through the given events."""
    counter = iter(range(1, 1000))

    def make(
        full_name: str,
        *,
        number: str = "",
        issued_on: datetime.date | None = None,
        valid_until: datetime.date | None = None,
        then: str | None = None,
        photo: bool = False,
    ) -> Credential:
        sequence = next(counter)
        officer = agency_actions.create_officer(
            agency_head_user,
            agency_a,
            OfficerInput(
                full_name=full_name,
                gender="male",
                id_number=make_id_number(sequence),
                domain_ids=[domain.pk],
                photo=png_upload() if photo else None,
            ),
        )
        start = issued_on or timezone.localdate() - datetime.timedelta(days=30)
        events = [
            CredentialEventInput(kind=CredentialEventKind.APPLIED, occurred_on=start),
        ]
        if number:
            events += [
                CredentialEventInput(kind=CredentialEventKind.EXAM_PASSED, occurred_on=start),
                CredentialEventInput(
                    kind=CredentialEventKind.ISSUED,
                    occurred_on=start,
                    number=number,
                    valid_from=start,
                    valid_until=valid_until or start + datetime.timedelta(days=5 * 365),
                ),
            ]
        if then is not None:
            events.append(CredentialEventInput(kind=then, occurred_on=start, reason="测试"))
        for event in events:
            agency_actions.record_credential_event(agency_head_user, officer, event)
        return Credential.objects.get(officer=officer)

    return make

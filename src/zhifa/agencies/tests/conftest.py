"""Fixtures of the agencies tests: officers and credentials made through the real actions."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.agencies import actions
from zhifa.agencies.models import Agency, CredentialEventKind, Officer
from zhifa.core.identifiers import id_check_char

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def make_id_number(sequence: int, *, male: bool = True, born: str = "19850312") -> str:
    """Build a valid 18-digit Shanghai (Qingpu, 310118) ID number; the 17th digit is odd for men."""
    order = f"{sequence % 100:02d}{1 if male else 2}"
    first17 = "310118" + born + order
    return first17 + id_check_char(first17)


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    def log_in(user: User) -> Client:
        client.force_login(user, backend=MODEL_BACKEND)
        return client

    return log_in


@pytest.fixture
def make_officer() -> Callable[..., Officer]:
    counter = iter(range(1, 100))

    def make(user: User, agency: Agency, full_name: str = "张伟", **fields: Any) -> Officer:
        sequence = next(counter)
        male = fields.pop("male", True)
        data = actions.OfficerInput(
            full_name=full_name,
            gender="male" if male else "female",
            id_number=make_id_number(sequence, male=male),
            **fields,
        )
        return actions.create_officer(user, agency, data)

    return make


@pytest.fixture
def issue_credential() -> Callable[..., Officer]:
    """Apply for, pass the exam and issue a credential valid around ``today``."""

    def issue(
        user: User,
        officer: Officer,
        number: str,
        *,
        valid_from: datetime.date | None = None,
        valid_until: datetime.date | None = None,
    ) -> Officer:
        today = timezone.localdate()
        on = today - datetime.timedelta(days=10)
        for kind in (CredentialEventKind.APPLIED, CredentialEventKind.EXAM_PASSED):
            actions.record_credential_event(
                user, officer, actions.CredentialEventInput(kind=kind, occurred_on=on)
            )
        actions.record_credential_event(
            user,
            officer,
            actions.CredentialEventInput(
                kind=CredentialEventKind.ISSUED,
                occurred_on=on,
                number=number,
                valid_from=valid_from or on,
                valid_until=valid_until or today + datetime.timedelta(days=3 * 365),
            ),
        )
        return officer

    return issue


@pytest.fixture
def officer_a(
    make_officer: Callable[..., Officer], agency_head_user: User, agency_a: Agency
) -> Officer:
    return make_officer(agency_head_user, agency_a, "李明")


@pytest.fixture
def officer_b(
    make_officer: Callable[..., Officer], other_agency_user: User, agency_b: Agency
) -> Officer:
    return make_officer(other_agency_user, agency_b, "王芳", male=False)

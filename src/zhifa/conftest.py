"""Shared test fixtures: two agencies, a judicial office and a persona for each role."""

import datetime
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency, AgencyKind, Department, JudicialOffice

PASSWORD = "Zhifa-test-2026!"


def pytest_configure(config: Any) -> None:
    from django.conf import settings

    # Test teardown empties the database; the append-only tables allow that only with this.
    settings.ZHIFA_ALLOW_PURGE = True
    # PBKDF2 with Django 5.2's million iterations costs about a third of a second per user
    # created or logged in. Tests create thousands, so they use MD5, which they never check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks (finishing uploads) run at once, inside the test, instead of in a worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Each test run stores evidence and upload parts in folders of its own.
    evidence_root = Path(tempfile.mkdtemp(prefix="zhifa-test-evidence-"))
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(evidence_root / "content")},
        },
    }
    settings.ZHIFA_UPLOAD_DIR = evidence_root / "uploads"
    settings.ZHIFA_LEDGER_KEY_FILE = evidence_root / "keys" / "ledger_signing.key"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = "-c zhifa.allow_purge=on"


@pytest.fixture(autouse=True)
def _private_media_root(settings: Any, tmp_path: Any) -> None:
    """Keep files that tests store out of the development data folder."""
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture
def agency_a(db: None) -> Agency:
    agency = Agency.objects.create(
        name="上海市青浦区朱家角镇人民政府", short_name="朱家角镇", kind=AgencyKind.TOWN
    )
    Department.objects.create(agency=agency, name="综合行政执法队", handles_penalty=True)
    Department.objects.create(agency=agency, name="法制办", is_legal_department=True)
    return agency


@pytest.fixture
def agency_b(db: None) -> Agency:
    agency = Agency.objects.create(
        name="上海市青浦区市场监督管理局",
        short_name="区市场监管局",
        kind=AgencyKind.DISTRICT_DEPARTMENT,
    )
    Department.objects.create(agency=agency, name="执法稽查科", handles_penalty=True)
    Department.objects.create(agency=agency, name="法制科", is_legal_department=True)
    return agency


@pytest.fixture
def judicial_office(agency_a: Agency) -> JudicialOffice:
    office = JudicialOffice.objects.create(name="上海市青浦区司法局朱家角司法所")
    office.covers.add(agency_a)
    return office


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(username: str, *roles: str, agency: Agency | None = None, **fields: Any) -> User:
        user = User.objects.create_user(
            username=username, password=PASSWORD, agency=agency, full_name=username, **fields
        )
        for role in roles:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def officer_user(make_user: Callable[..., User], agency_a: Agency) -> User:
    return make_user("officer_a", Role.OFFICER, agency=agency_a)


@pytest.fixture
def agency_head_user(make_user: Callable[..., User], agency_a: Agency) -> User:
    return make_user("head_a", Role.AGENCY_HEAD, agency=agency_a)


@pytest.fixture
def other_agency_user(make_user: Callable[..., User], agency_b: Agency) -> User:
    return make_user("head_b", Role.AGENCY_HEAD, Role.OFFICER, agency=agency_b)


@pytest.fixture
def supervisor_user(make_user: Callable[..., User]) -> User:
    return make_user("supervisor", Role.SUPERVISOR)


@pytest.fixture
def system_admin_user(make_user: Callable[..., User]) -> User:
    return make_user("sysadmin", Role.SYSTEM_ADMIN)


@pytest.fixture
def security_admin_user(make_user: Callable[..., User]) -> User:
    return make_user("secadmin", Role.SECURITY_ADMIN)


@pytest.fixture
def audit_admin_user(make_user: Callable[..., User]) -> User:
    return make_user("auditadmin", Role.AUDIT_ADMIN)


@pytest.fixture
def judicial_office_user(make_user: Callable[..., User], judicial_office: JudicialOffice) -> User:
    return make_user("sifasuo", Role.JUDICIAL_OFFICE_REVIEWER, judicial_office=judicial_office)


@pytest.fixture
def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()

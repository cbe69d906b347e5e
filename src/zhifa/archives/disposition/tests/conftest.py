"""Fixtures of the disposition tests: an archivist, an expired case file and AV records."""

import datetime
from collections.abc import Callable

import pytest

from zhifa.accounts.models import User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.archives.casefiles import ledger
from zhifa.archives.casefiles.models import CaseFile
from zhifa.archives.tests.support import archived_case_file, closed_case

# Archived on 2 July 2026 with 10 years, a test file is kept until 31 December 2036.
TODAY = datetime.date(2037, 3, 1)


@pytest.fixture
def archivist(make_user: Callable[..., User], agency_a: Agency) -> User:
    return make_user("archivist_a", Role.ARCHIVIST, agency=agency_a)


@pytest.fixture
def archivist_b(make_user: Callable[..., User], agency_b: Agency) -> User:
    return make_user("archivist_b", Role.ARCHIVIST, agency=agency_b)


def expired_case_file(
    agency: Agency,
    user: User,
    number: str = "青市监罚〔2026〕1号",
    *,
    ends_on: datetime.date = datetime.date(2036, 12, 31),
    files: list | None = None,
) -> CaseFile:
    """Archive a closed case with a 10-year period that ended on ``ends_on``, and ledger it."""
    case_file = archived_case_file(
        closed_case(agency, user, number=number), user, files, retention_months=120
    )
    case_file.retention_ends_on = ends_on
    case_file.save(update_fields=["retention_ends_on"])
    # Archiving puts the file in the ledger; the shared builder leaves that to its callers.
    ledger.append_case_file(case_file)
    return case_file


@pytest.fixture
def expired(agency_a: Agency, officer_user: User) -> CaseFile:
    return expired_case_file(agency_a, officer_user)

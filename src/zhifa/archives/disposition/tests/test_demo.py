"""The demo adds one submitted appraisal of a file archived long ago, once."""

import datetime

import pytest

from zhifa.accounts.roles import Role
from zhifa.agencies.models import Department
from zhifa.archives import periods
from zhifa.archives.casefiles.models import CaseFileStatus
from zhifa.archives.disposition import demo
from zhifa.archives.disposition.models import Appraisal, AppraisalStatus
from zhifa.archives.disposition.tests.conftest import TODAY
from zhifa.core.chinese_dates import SHANGHAI
from zhifa.evidence.ledger.verify import verify_ledger


@pytest.mark.django_db
def test_demo_appraisal_awaits_approval(make_user, agency_a) -> None:
    make_user(demo.ARCHIVIST, Role.ARCHIVIST, agency=agency_a)
    Department.objects.get_or_create(agency=agency_a, name="执法大队")

    assert demo.load(TODAY) == {"appraisals": 1, "skipped": 0}

    appraisal = Appraisal.objects.get()
    assert appraisal.status == AppraisalStatus.SUBMITTED
    case_file = appraisal.entries.get().case_file
    assert case_file is not None
    assert case_file.status == CaseFileStatus.ARCHIVED
    assert demo.load(TODAY) == {"appraisals": 0, "skipped": 1}


@pytest.mark.django_db
def test_demo_expired_file_is_consistent(make_user, agency_a) -> None:
    make_user(demo.ARCHIVIST, Role.ARCHIVIST, agency=agency_a)
    Department.objects.get_or_create(agency=agency_a, name="执法大队")

    demo.load(TODAY)

    case_file = Appraisal.objects.get().entries.get().case_file
    assert case_file is not None
    assert case_file.archived_at is not None
    archived_on = case_file.archived_at.astimezone(SHANGHAI).date()
    assert case_file.closed_on <= archived_on
    assert archived_on.year == TODAY.year - demo.YEARS_AGO
    assert case_file.retention_months == periods.YEARS_10
    # The period counts from 1 January after archiving and has really ended by today.
    assert case_file.retention_ends_on == datetime.date(TODAY.year - 1, 12, 31)
    assert case_file.retention_ends_on == periods.ends_on(
        periods.counting_start(archived_on), periods.YEARS_10
    )
    assert case_file.retention_ends_on < TODAY
    assert "演示数据" in case_file.retention_basis
    assert verify_ledger().ok

"""The demo adds one submitted appraisal of an expired file, once."""

import pytest

from zhifa.accounts.roles import Role
from zhifa.archives.disposition import demo
from zhifa.archives.disposition.models import Appraisal, AppraisalStatus
from zhifa.archives.disposition.tests.conftest import TODAY
from zhifa.archives.tests.support import archived_case_file, closed_case


@pytest.mark.django_db
def test_demo_appraisal_awaits_approval(make_user, agency_a, officer_user) -> None:
    make_user(demo.ARCHIVIST, Role.ARCHIVIST, agency=agency_a)
    case_file = archived_case_file(closed_case(agency_a, officer_user), officer_user)

    assert demo.load(TODAY) == {"appraisals": 1, "skipped": 0}

    appraisal = Appraisal.objects.get()
    assert appraisal.status == AppraisalStatus.SUBMITTED
    assert appraisal.entries.get().case_file == case_file
    case_file.refresh_from_db()
    assert case_file.retention_ends_on is not None
    assert case_file.retention_ends_on < TODAY
    assert demo.load(TODAY) == {"appraisals": 0, "skipped": 1}

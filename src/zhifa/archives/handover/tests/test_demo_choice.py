"""The demo handover picks an archived case file whose latest check passed."""

import pytest

from zhifa.archives.checks.models import CheckResult, CheckRun, Trigger
from zhifa.archives.handover.demo import _exportable_case_file
from zhifa.archives.handover.tests.support import ledgered_case_file


def _result(case_file, passed: bool) -> None:
    run = CheckRun.objects.create(trigger=Trigger.SCHEDULED, agency=case_file.agency)
    CheckResult.objects.create(run=run, case_file=case_file, passed=passed)


@pytest.mark.django_db
def test_demo_choice_skips_failed_file(agency_a, officer_user) -> None:
    failed = ledgered_case_file(agency_a, officer_user, "青市监罚〔2026〕1号")
    passed = ledgered_case_file(agency_a, officer_user, "青市监罚〔2026〕2号")
    _result(failed, passed=True)
    _result(failed, passed=False)
    _result(passed, passed=True)

    assert _exportable_case_file(agency_a.pk) == passed


@pytest.mark.django_db
def test_demo_choice_none_when_all_fail(agency_a, officer_user) -> None:
    failed = ledgered_case_file(agency_a, officer_user)
    _result(failed, passed=False)

    assert _exportable_case_file(agency_a.pk) is None

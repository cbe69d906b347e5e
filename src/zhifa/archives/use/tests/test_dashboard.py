import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.accounts.scope import scope_for
from zhifa.agencies.models import Agency
from zhifa.archives.casefiles.models import CaseFile
from zhifa.archives.checks.models import CheckResult, CheckRun
from zhifa.archives.disposition.models import Appraisal, AppraisalEntry
from zhifa.archives.retention import holds
from zhifa.archives.tests.support import archived_case_file, closed_case
from zhifa.archives.use import requests as use_requests
from zhifa.archives.use.dashboard import agency_figures
from zhifa.cases.models import Case

TODAY = datetime.date(2026, 12, 5)


def build_agency_a(agency: Agency, officer: User, archivist: User) -> None:
    """Four closed cases: two archived (one failing its latest check), one late, one due later."""
    first = archived_case_file(closed_case(agency, officer, number="甲1"), officer)
    archived_case_file(closed_case(agency, officer, number="甲2"), officer)
    for number, due in (("甲3", TODAY - datetime.timedelta(days=1)), ("甲4", TODAY)):
        case = closed_case(agency, officer, number=number)
        assert case.closed_on is not None
        CaseFile.objects.create(
            case=case, agency=agency, title=case.title, closed_on=case.closed_on, due_on=due
        )
    run = CheckRun.objects.create(trigger="manual", agency=agency)
    CheckResult.objects.create(run=run, case_file=first, passed=True)
    later = CheckRun.objects.create(trigger="manual", agency=agency)
    CheckResult.objects.create(run=later, case_file=first, passed=False)
    appraisal = Appraisal.objects.create(
        agency=agency, kind="case_files", group_members="甲、乙、丙", created_by=archivist
    )
    AppraisalEntry.objects.create(appraisal=appraisal, case_file=first, destroyed_at=timezone.now())
    holds.place_hold(archivist, Case.objects.get(number="甲2"), "other", "纪检监察调阅")
    use_requests.request_use(officer, first, "consult", "复核案件办理情况", 7)


def test_figures_small_set(
    agency_a: Agency,
    agency_b: Agency,
    officer_user: User,
    archivist_a: User,
    bureau_user: User,
    django_assert_num_queries: object,
) -> None:
    build_agency_a(agency_a, officer_user, archivist_a)
    closed_case(agency_b, officer_user, number="乙1")
    scope_for(bureau_user)  # Caches the user's roles, so only the figures are counted.

    with django_assert_num_queries(8):  # type: ignore[operator]
        rows = {row.agency: row for row in agency_figures(bureau_user, TODAY)}
    row_a, row_b = rows[agency_a], rows[agency_b]

    assert row_a.closed_cases == 4
    assert row_a.archived == 2
    assert row_a.archiving_rate == 50.0
    assert row_a.late == 1
    assert row_a.check_failures == 1
    assert row_a.destroyed == 1
    assert row_a.active_holds == 1
    assert row_a.pending_use_requests == 1
    assert row_b.closed_cases == 1
    assert row_b.archived == 0
    assert row_b.archiving_rate == 0.0


def test_archivist_sees_own_agency(agency_a: Agency, agency_b: Agency, archivist_a: User) -> None:
    rows = agency_figures(archivist_a, TODAY)

    assert [row.agency for row in rows] == [agency_a]


def test_dashboard_page_roles(
    agency_a: Agency, agency_b: Agency, supervisor_user: User, officer_user: User
) -> None:
    client = Client()
    client.force_login(supervisor_user)
    allowed = client.get(reverse("archive_use:dashboard"))
    client.force_login(officer_user)
    refused = client.get(reverse("archive_use:dashboard"))

    assert allowed.status_code == 200
    assert agency_b.name in allowed.content.decode()
    assert refused.status_code == 403

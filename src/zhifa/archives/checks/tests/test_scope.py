"""Run visibility by agency scope, and the case files a manual check from the run list covers."""

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse

from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency, AgencyKind
from zhifa.archives.casefiles.models import CaseFile
from zhifa.archives.checks import alerts
from zhifa.archives.checks.models import CheckRun, Trigger
from zhifa.archives.checks.runner import run_check
from zhifa.archives.checks.tests import builders

pytestmark = pytest.mark.django_db

NUMBER_B = "沪青市监罚〔2026〕9号"


@pytest.fixture(autouse=True)
def _no_scanner(settings, monkeypatch) -> None:
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    settings.ZHIFA_ARCHIVE_VIRUS_SCANNER = ""


@pytest.fixture
def archivist(make_user, agency_a):
    return make_user("archivist_a", Role.ARCHIVIST, agency=agency_a)


@pytest.fixture
def bureau_user(make_user):
    return make_user("dangan", Role.ARCHIVES_BUREAU)


@pytest.fixture
def officer_b(make_user, agency_b):
    return make_user("officer_b", Role.OFFICER, agency=agency_b)


def test_run_takes_agency_of_its_files(agency_a, officer_user) -> None:
    case_file = builders.build(agency_a, officer_user)

    from_list = run_check([case_file], Trigger.ARCHIVING, officer_user)
    from_queryset = run_check(CaseFile.objects.filter(pk=case_file.pk), Trigger.SCHEDULED)

    assert from_list.agency == agency_a
    assert from_queryset.agency == agency_a


def test_run_over_two_agencies_is_district(agency_a, agency_b, officer_user, officer_b) -> None:
    builders.build(agency_a, officer_user)
    builders.build(agency_b, officer_b, number=NUMBER_B)

    run = run_check(CaseFile.objects.all(), Trigger.SCHEDULED)

    assert run.agency is None
    assert run.case_files == 2


def test_district_report_shows_own_results_only(
    client, agency_a, agency_b, officer_user, officer_b, archivist
) -> None:
    own = builders.build_without_ledger_entry(agency_a, officer_user)
    other = builders.build(agency_b, officer_b, [builders.contents_item()], number=NUMBER_B)
    run = run_check(CaseFile.objects.all(), Trigger.SCHEDULED)
    assert run.failed_case_files == 2
    client.force_login(archivist)

    page = client.get(reverse("archive_checks:run", args=[run.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert own.archive_code in text
    assert other.archive_code not in text
    assert "只显示本单位的案卷" in text
    assert page.context["counts"].case_files == 1
    assert page.context["counts"].failed == 1


def test_district_report_is_whole_for_bureau(
    client, agency_a, agency_b, officer_user, officer_b, bureau_user
) -> None:
    own = builders.build_without_ledger_entry(agency_a, officer_user)
    other = builders.build(agency_b, officer_b, [builders.contents_item()], number=NUMBER_B)
    run = run_check(CaseFile.objects.all(), Trigger.SCHEDULED)
    client.force_login(bureau_user)

    page = client.get(reverse("archive_checks:run", args=[run.pk]))

    text = page.content.decode()
    assert own.archive_code in text
    assert other.archive_code in text
    assert page.context["counts"].partial is False
    assert page.context["counts"].case_files == 2


def test_district_run_without_own_files_is_404(
    client, make_user, agency_a, agency_b, officer_user, officer_b
) -> None:
    builders.build(agency_a, officer_user)
    builders.build(agency_b, officer_b, number=NUMBER_B)
    run = run_check(CaseFile.objects.all(), Trigger.SCHEDULED)
    agency_c = Agency.objects.create(
        name="上海市青浦区城市管理行政执法局",
        short_name="区城管执法局",
        kind=AgencyKind.DISTRICT_DEPARTMENT,
    )
    client.force_login(make_user("archivist_c", Role.ARCHIVIST, agency=agency_c))

    assert client.get(reverse("archive_checks:run", args=[run.pk])).status_code == 404
    assert list(client.get(reverse("archive_checks:runs")).context["runs"]) == []


def test_run_list_counts_own_part(
    client, agency_a, agency_b, officer_user, officer_b, archivist
) -> None:
    builders.build_without_ledger_entry(agency_a, officer_user)
    builders.build(agency_b, officer_b, [builders.contents_item()], number=NUMBER_B)
    builders.build(agency_b, officer_b, number="沪青市监罚〔2026〕10号")
    district = run_check(CaseFile.objects.all(), Trigger.SCHEDULED)
    client.force_login(archivist)

    page = client.get(reverse("archive_checks:runs"))

    assert [run for run, _ in page.context["rows"]] == [district]
    counts = page.context["rows"][0][1]
    assert (counts.case_files, counts.failed, counts.partial) == (1, 1, True)
    assert "本单位部分" in page.content.decode()


def test_alert_link_opens_for_archivist(client, agency_a, officer_user, archivist) -> None:
    builders.build_without_ledger_entry(agency_a, officer_user)
    run_check(CaseFile.objects.all(), Trigger.SCHEDULED)
    [fact] = alerts.check([agency_a.pk], None)  # type: ignore[arg-type]
    client.force_login(archivist)

    assert client.get(fact.url).status_code == 200


def test_panel_link_opens_after_archiving(
    client, rf, agency_a, officer_user, agency_head_user
) -> None:
    case_file = builders.build(agency_a, officer_user)
    # Archiving calls run_check with the user and no agency.
    run = run_check([case_file], Trigger.ARCHIVING, officer_user)
    request = rf.get("/")
    request.user = agency_head_user
    html = render_to_string(
        "archive_checks/_case_file_panel.html", {"case_file": case_file}, request=request
    )
    link = reverse("archive_checks:run", args=[run.pk])
    assert f'href="{link}"' in html
    client.force_login(agency_head_user)

    assert client.get(link).status_code == 200


def test_bureau_sees_agency_choice(client, agency_a, agency_b, officer_user, bureau_user) -> None:
    builders.build(agency_a, officer_user)
    client.force_login(bureau_user)

    page = client.get(reverse("archive_checks:runs"))

    text = page.content.decode()
    assert "检测本单位全部已归档案卷" not in text
    assert list(page.context["agency_choices"]) == [agency_a]
    assert 'name="agency"' in text


def test_bureau_empty_choice_runs_nothing(client, agency_a, officer_user, bureau_user) -> None:
    builders.build(agency_a, officer_user)
    client.force_login(bureau_user)

    response = client.post(reverse("archive_checks:run_now"), {"agency": ""})

    assert response.status_code == 302
    assert not CheckRun.objects.exists()
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert texts == ["请选择要检测的立档单位，或选择“全部单位”。"]


def test_bureau_agency_without_files_refused(
    client, agency_a, agency_b, officer_user, bureau_user
) -> None:
    builders.build(agency_a, officer_user)
    client.force_login(bureau_user)

    response = client.post(reverse("archive_checks:run_now"), {"agency": agency_b.pk})

    assert not CheckRun.objects.exists()
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert texts == ["所选立档单位无效或没有已归档案卷，请重新选择。"]


def test_bureau_checks_chosen_agency(
    client, agency_a, agency_b, officer_user, officer_b, bureau_user
) -> None:
    builders.build(agency_a, officer_user)
    builders.build(agency_b, officer_b, number=NUMBER_B)
    client.force_login(bureau_user)

    client.post(reverse("archive_checks:run_now"), {"agency": agency_a.pk})
    client.post(reverse("archive_checks:run_now"), {"agency": "all"})

    chosen, everything = CheckRun.objects.order_by("pk")
    assert (chosen.agency, chosen.case_files) == (agency_a, 1)
    assert (everything.agency, everything.case_files) == (None, 2)


def test_agency_without_files_runs_nothing(client, agency_a, archivist) -> None:
    client.force_login(archivist)

    response = client.post(reverse("archive_checks:run_now"), {})

    assert not CheckRun.objects.exists()
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert texts == [f"{agency_a}没有已归档案卷，无需检测。"]

"""The command, the alert source, preflight and the pages of the four-property check."""

import argparse
import io

import pytest
from django.core.management.base import BaseCommand
from django.urls import reverse

from zhifa.accounts.models import AuditEntry
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.archives.casefiles import ledger
from zhifa.archives.casefiles.models import CaseFile, ItemSource
from zhifa.archives.checks import alerts, cli
from zhifa.archives.checks.models import CheckRun, Trigger
from zhifa.archives.checks.runner import preflight, run_check
from zhifa.archives.checks.tests import builders
from zhifa.archives.tests.support import MEDIA, minimal_pdf
from zhifa.core.errors import ValidationFailed
from zhifa.supervision.alerts.models import AlertKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_scanner(settings, monkeypatch) -> None:
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    settings.ZHIFA_ARCHIVE_VIRUS_SCANNER = ""


@pytest.fixture
def archivist(make_user, agency_a):
    return make_user("archivist_a", Role.ARCHIVIST, agency=agency_a)


def run_cli(*arguments: str) -> tuple[int, str]:
    """Run the ``check`` subcommand as the ``zhifa archives`` dispatcher does."""
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    out = io.StringIO()
    command = BaseCommand(stdout=out)
    status = cli.handle(command, vars(parser.parse_args(arguments)))
    return status, out.getvalue()


def test_command_exits_zero_when_clean(agency_a, officer_user) -> None:
    builders.build(agency_a, officer_user)

    status, output = run_cli()

    assert status == 0
    assert "未通过 0 卷" in output
    assert CheckRun.objects.get().trigger == Trigger.SCHEDULED


def test_command_exits_three_on_failure(agency_a, officer_user) -> None:
    case_file = builders.build_without_ledger_entry(agency_a, officer_user)

    status, output = run_cli("--agency", str(agency_a.pk), "--case-file", str(case_file.pk))

    assert status == 3
    assert "真实性" in output
    assert case_file.archive_code in output


def test_command_rejects_unknown_agency(db) -> None:
    with pytest.raises(ValidationFailed, match="--agency"):
        run_cli("--agency", "999999")


def test_command_rejects_unknown_case_file(db) -> None:
    with pytest.raises(ValidationFailed, match="--case-file"):
        run_cli("--case-file", "999999")


def test_command_takes_agency_short_name(agency_a, agency_b, officer_user) -> None:
    builders.build(agency_a, officer_user)

    status, _ = run_cli("--agency", "朱家角镇")

    assert status == 0
    run = CheckRun.objects.get()
    assert run.agency == agency_a
    assert run.case_files == 1


def test_command_takes_agency_name(agency_a, officer_user) -> None:
    builders.build(agency_a, officer_user)

    run_cli("--agency", agency_a.name)

    assert CheckRun.objects.get().agency == agency_a


def test_command_rejects_ambiguous_short_name(agency_a, agency_b) -> None:
    Agency.objects.filter(pk=agency_b.pk).update(short_name=agency_a.short_name)

    with pytest.raises(ValidationFailed, match="全称"):
        run_cli("--agency", agency_a.short_name)


def test_command_case_file_run_has_agency(agency_a, officer_user) -> None:
    case_file = builders.build(agency_a, officer_user)

    run_cli("--case-file", str(case_file.pk))

    assert CheckRun.objects.get().agency == agency_a


def test_command_audited_as_system(agency_a, officer_user) -> None:
    builders.build(agency_a, officer_user)

    run_cli()

    entry = AuditEntry.objects.get(action="archive_check_run")
    assert entry.actor is None
    assert entry.actor_username == "system"
    assert entry.detail["source"] == "系统任务（定期检测）"
    assert entry.agency_id == agency_a.pk


def test_user_run_audited_with_user(agency_a, officer_user, archivist) -> None:
    case_file = builders.build(agency_a, officer_user)

    run_check([case_file], Trigger.MANUAL, archivist)

    entry = AuditEntry.objects.get(action="archive_check_run")
    assert entry.actor == archivist
    assert entry.detail["source"] == "手动检测"


def test_alert_raised_then_cleared(agency_a, officer_user) -> None:
    case_file = builders.build_without_ledger_entry(agency_a, officer_user)
    run_check([case_file], Trigger.SCHEDULED)

    facts = alerts.check([agency_a.pk], None)  # type: ignore[arg-type]

    assert [fact.target_key for fact in facts] == [f"case_file:{case_file.pk}"]
    assert facts[0].kind == AlertKind.ARCHIVE_CHECK_FAILED

    ledger.append_case_file(case_file)
    run_check([case_file], Trigger.SCHEDULED)

    assert alerts.check([agency_a.pk], None) == []  # type: ignore[arg-type]


def test_alert_source_query_count_is_fixed(
    agency_a, officer_user, django_assert_num_queries
) -> None:
    for number in range(3):
        case_file = builders.build(
            agency_a,
            officer_user,
            [*builders.good_files(), builders.docx_item()],
            number=f"青罚〔2026〕{number}号",
        )
        run_check([case_file], Trigger.SCHEDULED)

    with django_assert_num_queries(1):
        assert len(alerts.check([agency_a.pk], None)) == 3  # type: ignore[arg-type]


def test_preflight_passes_good_files() -> None:
    files = [
        ("决定书.pdf", "pdf", lambda: io.BytesIO(minimal_pdf())),
        ("录像.mp4", "mp4", lambda: io.BytesIO((MEDIA / "patrol_1.mp4").read_bytes())),
    ]

    assert preflight(files) == []


def test_preflight_lists_problems() -> None:
    files = [
        ("决定书.docx", "docx", lambda: io.BytesIO(builders.docx_bytes())),
        ("录像.mp4", "mp4", lambda: io.BytesIO(b"not a video" * 50)),
        ("加密.pdf", "pdf", lambda: io.BytesIO(builders.encrypted_pdf())),
    ]

    problems = preflight(files)

    assert any("决定书.docx" in problem and "PDF" in problem for problem in problems)
    assert any("录像.mp4" in problem and "ffprobe" in problem for problem in problems)
    assert any("加密.pdf" in problem and "加密" in problem for problem in problems)


def test_run_list_is_scoped(client, agency_a, agency_b, officer_user, make_user, archivist) -> None:
    own = run_check([builders.build(agency_a, officer_user)], Trigger.MANUAL, agency=agency_a)
    other = run_check([], Trigger.MANUAL, agency=agency_b)
    client.force_login(archivist)

    page = client.get(reverse("archive_checks:runs"))

    assert page.status_code == 200
    assert list(page.context["runs"]) == [own]
    assert client.get(reverse("archive_checks:run", args=[other.pk])).status_code == 404


def test_report_groups_failures(client, agency_a, officer_user, archivist) -> None:
    files = [
        *builders.good_files(),
        ("旧稿", builders.docx_bytes(), "docx", "application/zip", ItemSource.OTHER),
        ("说明", minimal_pdf(), "pdf", "image/png", ItemSource.OTHER),
    ]
    case_file = builders.build(agency_a, officer_user, files)
    run = run_check([case_file], Trigger.MANUAL, agency=agency_a)
    client.force_login(archivist)

    page = client.get(reverse("archive_checks:run", args=[run.pk]))

    text = page.content.decode()
    assert "真实性" in text
    assert "可用性" in text
    assert "文件“006.docx”（件号 6）" in text
    assert "件号 6：" not in text


def test_run_now_checks_one_case_file(client, agency_a, officer_user, archivist) -> None:
    case_file = builders.build(agency_a, officer_user)
    client.force_login(archivist)

    response = client.post(reverse("archive_checks:run_now"), {"case_file": case_file.pk})

    run = CheckRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("archive_checks:run", args=[run.pk])
    assert run.trigger == Trigger.MANUAL
    assert run.started_by == archivist


def test_run_now_refuses_other_agency_file(client, agency_b, make_user, archivist) -> None:
    stranger = make_user("officer_b", Role.OFFICER, agency=agency_b)
    case_file = builders.build(agency_b, stranger)
    client.force_login(archivist)

    response = client.post(reverse("archive_checks:run_now"), {"case_file": case_file.pk})

    assert response.status_code == 404
    assert not CheckRun.objects.exists()


def test_run_now_needs_capability(client, agency_a, officer_user) -> None:
    case_file = builders.build(agency_a, officer_user)
    client.force_login(officer_user)

    response = client.post(reverse("archive_checks:run_now"), {"case_file": case_file.pk})

    assert response.status_code == 403


def test_case_file_panel_shows_latest_result(rf, agency_a, officer_user, archivist) -> None:
    from django.template.loader import render_to_string

    case_file = builders.build_without_ledger_entry(agency_a, officer_user)
    run_check([case_file], Trigger.MANUAL)
    request = rf.get("/")
    request.user = archivist

    html = render_to_string(
        "archive_checks/_case_file_panel.html",
        {"case_file": CaseFile.objects.get()},
        request=request,
    )

    assert "未通过" in html
    assert 'name="case_file"' in html

"""Export profiles and the ``zhifa archives export`` subcommand."""

import xml.etree.ElementTree as ET
from argparse import ArgumentParser
from io import StringIO
from pathlib import Path

import pytest
from django.core.management.base import BaseCommand

from zhifa.archives.handover import cli, package, profiles
from zhifa.archives.handover.models import Handover
from zhifa.archives.handover.tests.support import run_verifier, signed_case_file
from zhifa.core.errors import ValidationFailed


def test_registry_lists_national_first():
    names = [profile.name for profile in profiles.available()]

    assert names[0] == "national"
    assert "district_example" in names


def test_unknown_profile_rejected():
    with pytest.raises(ValidationFailed) as raised:
        profiles.get("no_such_profile")

    assert "no_such_profile" in raised.value.message
    assert raised.value.field == "profile"


def test_registered_profile_replaces_same_name():
    custom = profiles.Profile(
        name="test_custom", label="测试", element_names={"档号": "ArchiveCode"}
    )
    profiles.register(custom)

    assert profiles.get("test_custom").element("档号") == "ArchiveCode"
    assert profiles.get("test_custom").element("题名") == "题名"


def test_district_profile_layout_and_names(archivist, agency_a, tmp_path):
    case_file = signed_case_file(agency_a, archivist)

    handover = package.write_package(
        [case_file], tmp_path, profile="district_example", user=archivist
    )
    root = Path(handover.package_path)
    metadata = ET.parse(root / f"metadata/{case_file.archive_code}.xml").getroot()  # noqa: S314
    result = run_verifier(root)

    assert handover.profile == "district_example"
    assert metadata.tag == "DZWJYSJ"
    assert metadata.findtext("AJ/DH") == case_file.archive_code
    assert len(metadata.findall("AJ/JNWJ/WJ")) == 5
    assert len(list((root / "files").iterdir())) == 5
    assert result.returncode == 0, result.stdout


def run_cli(*arguments: str) -> tuple[int, str]:
    parser = ArgumentParser()
    cli.add_arguments(parser)
    output = StringIO()
    status = cli.handle(BaseCommand(stdout=output), vars(parser.parse_args(arguments)))
    return status, output.getvalue()


def test_cli_exports_case_file(archivist, agency_a, tmp_path):
    case_file = signed_case_file(agency_a, archivist)

    status, output = run_cli("--case-file", str(case_file.pk), "--out", str(tmp_path), "--zip")

    handover = Handover.objects.get()
    assert status == 0
    assert handover.package_path.endswith(".zip")
    assert handover.created_by is None
    assert case_file.archive_code in output
    assert run_verifier(Path(handover.package_path)).returncode == 0


def test_cli_exports_agency_year(archivist, agency_a, tmp_path, settings):
    settings.ZHIFA_ARCHIVE_EXPORT_DIR = tmp_path / "default"
    case_file = signed_case_file(agency_a, archivist)

    status, _ = run_cli("--agency", str(agency_a.pk), "--year", "2026")

    handover = Handover.objects.get()
    assert status == 0
    assert list(handover.case_files.all()) == [case_file]
    assert Path(handover.package_path).parent == tmp_path / "default"


def test_cli_agency_without_year_rejected(db):
    with pytest.raises(ValidationFailed) as raised:
        run_cli("--agency", "1")

    assert "--year" in raised.value.message


def test_cli_empty_year_rejected(agency_a, tmp_path):
    with pytest.raises(ValidationFailed) as raised:
        run_cli("--agency", str(agency_a.pk), "--year", "2019", "--out", str(tmp_path))

    assert "2019 年没有已归档的案卷" in raised.value.message


def test_cli_out_is_file_rejected(archivist, agency_a, tmp_path):
    case_file = signed_case_file(agency_a, archivist)
    existing = tmp_path / "hostname"
    existing.write_text("host\n", encoding="utf-8")

    with pytest.raises(ValidationFailed) as raised:
        run_cli("--case-file", str(case_file.pk), "--out", str(existing))

    assert f"--out {existing} 是一个文件而不是目录" in raised.value.message
    assert raised.value.field == "out"
    assert not Handover.objects.exists()


def test_cli_out_under_file_rejected(archivist, agency_a, tmp_path):
    case_file = signed_case_file(agency_a, archivist)
    (tmp_path / "plain").write_text("", encoding="utf-8")

    with pytest.raises(ValidationFailed) as raised:
        run_cli("--case-file", str(case_file.pk), "--out", str(tmp_path / "plain" / "out"))

    assert "无法创建--out" in raised.value.message
    assert "请换一个可写的目录" in raised.value.message
    assert not Handover.objects.exists()


def test_cli_agency_by_short_name(archivist, agency_a, tmp_path):
    case_file = signed_case_file(agency_a, archivist)

    status, _ = run_cli("--agency", agency_a.short_name, "--year", "2026", "--out", str(tmp_path))

    assert status == 0
    assert list(Handover.objects.get().case_files.all()) == [case_file]


def test_cli_unknown_agency_rejected(db, tmp_path):
    with pytest.raises(ValidationFailed) as raised:
        run_cli("--agency", "99999", "--year", "2026", "--out", str(tmp_path))

    assert "找不到单位“99999”" in raised.value.message
    assert raised.value.field == "agency"

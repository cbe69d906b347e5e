"""What write_package puts in a package, what it refuses, and what it records."""

import datetime
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from zhifa.accounts.models import AuditEntry
from zhifa.archives.casefiles import ledger
from zhifa.archives.checks.models import CheckRun, Trigger
from zhifa.archives.handover import package
from zhifa.archives.handover.models import Handover
from zhifa.archives.handover.tests.support import (
    ledgered_case_file,
    run_verifier,
    sign_head,
    signed_case_file,
)
from zhifa.archives.tests.support import archived_case_file, closed_case, default_files
from zhifa.core.errors import NotPermitted, ValidationFailed


def test_metadata_xml_has_national_elements(archivist, agency_a, tmp_path):
    case_file = signed_case_file(agency_a, archivist)
    handover = package.write_package([case_file], tmp_path, user=archivist)
    root = Path(handover.package_path)

    tree = ET.parse(root / f"casefiles/{case_file.archive_code}/metadata.xml")  # noqa: S314

    folder = tree.getroot().find("案卷")
    assert folder is not None
    assert folder.findtext("档号") == case_file.archive_code
    assert folder.findtext("聚合层次") == "案卷"
    assert folder.findtext("立档单位名称") == agency_a.name
    assert folder.findtext("保管期限") == "30 年"
    items = folder.findall("卷内文件/文件")
    assert [item.findtext("件号") for item in items] == ["1", "2", "3", "4", "5"]
    first = items[0]
    for name in (
        "题名",
        "责任者",
        "日期",
        "格式信息",
        "计算机文件名",
        "计算机文件大小",
        "数字摘要",
    ):
        assert first.find(name) is not None, name
    digest = first.find("数字摘要")
    assert digest is not None
    assert digest.get("算法") == "sm3"
    wrapper = ET.parse(root / "package.xml").getroot()  # noqa: S314
    assert wrapper.tag == "电子文件封装包"
    assert wrapper.findtext("被签名对象/封装内容/案卷/档号") == case_file.archive_code


def test_by_reference_item_listed_not_copied(archivist, agency_a, tmp_path):
    case_file = signed_case_file(agency_a, archivist, by_reference=True)
    item = case_file.items.get(sequence=6)
    handover = package.write_package([case_file], tmp_path, user=archivist)
    root = Path(handover.package_path)

    index = json.loads((root / "package.json").read_text(encoding="utf-8"))
    listed = {row["sequence"]: row for row in index["case_files"][0]["items"]}
    copied = sorted(path.name for path in root.glob("casefiles/*/content/*"))
    result = run_verifier(root)

    assert listed[6]["path"] is None
    assert listed[6]["digest"] == item.digest
    assert listed[6]["storage_location"].endswith(item.storage_name)
    assert not any(name.endswith("-0006.mp4") for name in copied)
    assert len(copied) == 5
    assert result.returncode == 0, result.stdout
    assert "第 6 件" in result.stdout
    assert "只附摘要" in result.stdout
    xml = (root / f"casefiles/{case_file.archive_code}/metadata.xml").read_text(encoding="utf-8")
    assert item.storage_name in xml


def test_failed_check_refuses_export(archivist, agency_a, tmp_path):
    # Without the table of contents (卷内目录) the integrity check fails.
    case_file = archived_case_file(closed_case(agency_a, archivist), archivist, default_files())
    case_file.ledger_position = ledger.append_case_file(case_file).position
    case_file.save(update_fields=["ledger_position"])
    sign_head()

    with pytest.raises(ValidationFailed) as raised:
        package.write_package([case_file], tmp_path / "out", user=archivist)

    assert case_file.archive_code in raised.value.message
    assert "卷内目录" in raised.value.message
    assert not (tmp_path / "out").exists()
    assert not Handover.objects.exists()
    assert CheckRun.objects.filter(trigger=Trigger.HANDOVER).count() == 1


def test_missing_tree_head_refuses_export(archivist, agency_a, tmp_path):
    case_file = ledgered_case_file(agency_a, archivist)

    with pytest.raises(ValidationFailed) as raised:
        package.write_package([case_file], tmp_path, user=archivist)

    assert "下一次每日签名后" in raised.value.message
    assert not list(tmp_path.iterdir())


def test_old_tree_head_refuses_export(archivist, agency_a, tmp_path, today):
    sign_head()
    case_file = ledgered_case_file(agency_a, archivist)

    with pytest.raises(ValidationFailed) as raised:
        package.write_package([case_file], tmp_path, user=archivist)

    assert "还没有被签名树头覆盖" in raised.value.message


def test_other_agency_case_file_refused(archivist, other_archivist, agency_b, tmp_path):
    case_file = signed_case_file(agency_b, other_archivist)

    with pytest.raises(ValidationFailed) as raised:
        package.write_package([case_file], tmp_path, user=archivist)

    assert "不在您的管理范围内" in raised.value.message


def test_officer_cannot_export(officer_user, archivist, agency_a, tmp_path):
    case_file = signed_case_file(agency_a, archivist)

    with pytest.raises(NotPermitted):
        package.write_package([case_file], tmp_path, user=officer_user)


def test_pending_case_file_refused(archivist, agency_a, tmp_path):
    from zhifa.archives.casefiles.models import CaseFile

    case = closed_case(agency_a, archivist)
    closed_on = datetime.date(2026, 6, 30)
    pending = CaseFile.objects.create(
        case=case,
        agency=agency_a,
        title=case.title,
        closed_on=closed_on,
        due_on=closed_on + datetime.timedelta(days=30),
    )

    with pytest.raises(ValidationFailed) as raised:
        package.write_package([pending], tmp_path, user=archivist)

    assert "只能移交已归档的案卷" in raised.value.message


def test_handover_recorded_and_audited(archivist, agency_a, tmp_path):
    case_file = signed_case_file(agency_a, archivist)

    handover = package.write_package([case_file], tmp_path, user=archivist)

    root = Path(handover.package_path)
    manifest = (root / "manifest-sm3.txt").read_bytes()
    import hashlib

    assert handover.package_digest == "sm3:" + hashlib.new("sm3", manifest).hexdigest()
    assert list(handover.case_files.all()) == [case_file]
    assert handover.agency == agency_a
    assert handover.check_run is not None
    assert handover.tree_size is not None
    assert case_file.ledger_position is not None
    assert handover.tree_size > case_file.ledger_position
    entry = AuditEntry.objects.get(action="archive_handover_written")
    assert entry.target_id == str(handover.pk)
    assert entry.detail["case_files"] == [case_file.archive_code]


def test_batch_of_two_case_files_verifies(archivist, agency_a, tmp_path):
    first = ledgered_case_file(agency_a, archivist, "青市监罚〔2026〕1号")
    second = ledgered_case_file(agency_a, archivist, "青市监罚〔2026〕2号")
    sign_head()

    handover = package.write_package([first, second], tmp_path, user=archivist)
    result = run_verifier(Path(handover.package_path))

    assert handover.case_files.count() == 2
    assert result.returncode == 0, result.stdout

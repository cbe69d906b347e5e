"""Tampering that rewrites the manifests, or edits package.json too, still fails verification."""

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from zhifa.archives.casefiles import ledger
from zhifa.archives.handover import package
from zhifa.archives.handover.tests.support import (
    ledgered_case_file,
    rewrite_manifests,
    run_verifier,
    sign_head,
    signed_case_file,
)


@pytest.fixture
def exported(archivist, agency_a, tmp_path) -> Path:
    case_file = signed_case_file(agency_a, archivist)
    handover = package.write_package([case_file], tmp_path / "out", user=archivist)
    return Path(handover.package_path)


@pytest.fixture
def batch(archivist, agency_a, tmp_path) -> Path:
    """A package of two case files of one agency."""
    first = ledgered_case_file(agency_a, archivist, "青市监罚〔2026〕1号")
    second = ledgered_case_file(agency_a, archivist, "青市监罚〔2026〕2号")
    sign_head()
    handover = package.write_package([first, second], tmp_path / "out", user=archivist)
    return Path(handover.package_path)


def read_index(root: Path) -> dict[str, Any]:
    return json.loads((root / "package.json").read_text(encoding="utf-8"))


def write_index(root: Path, index: dict[str, Any]) -> None:
    text = json.dumps(index, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (root / "package.json").write_text(text, encoding="utf-8")


def drop_manifest_lines(root: Path, relative: str) -> None:
    for name in ("manifest-sha256.txt", "manifest-sm3.txt"):
        path = root / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(
            "".join(line for line in lines if not line.endswith(f"  {relative}\n")),
            encoding="utf-8",
        )


def last_carried_item(index: dict[str, Any]) -> dict[str, Any]:
    return [item for item in index["case_files"][0]["items"] if item["path"]][-1]


def test_deleted_file_and_manifest_lines_reported(exported):
    item = last_carried_item(read_index(exported))
    (exported / item["path"]).unlink()
    drop_manifest_lines(exported, item["path"])

    result = run_verifier(exported)

    assert result.returncode == 1
    assert f"缺少文件：{item['path']}（package.json 列出" in result.stdout


def test_deleted_file_rewritten_manifests_reported(exported):
    item = last_carried_item(read_index(exported))
    (exported / item["path"]).unlink()
    rewrite_manifests(exported)

    result = run_verifier(exported)

    assert result.returncode == 1
    assert f"缺少文件：{item['path']}" in result.stdout


def test_deleted_file_and_index_entry_reported(exported):
    index = read_index(exported)
    item = last_carried_item(index)
    (exported / item["path"]).unlink()
    index["case_files"][0]["items"].remove(item)
    write_index(exported, index)
    rewrite_manifests(exported)

    result = run_verifier(exported)

    assert result.returncode == 1
    assert f"列出的文件 {item['digest']} 不在数据包中" in result.stdout
    assert "缺少文件：案卷" in result.stdout


def test_by_reference_claim_not_in_ledger_reported(exported):
    index = read_index(exported)
    item = last_carried_item(index)
    (exported / item["path"]).unlink()
    item["path"] = None
    item["by_reference"] = True
    write_index(exported, index)
    rewrite_manifests(exported)

    result = run_verifier(exported)

    assert result.returncode == 1
    assert (
        f"与归档记录不符：案卷 {index['case_files'][0]['archive_code']} 第 {item['sequence']} 件"
        in (result.stdout)
    )


def test_ledger_payload_records_by_reference(archivist, agency_a):
    case_file = ledgered_case_file(agency_a, archivist, by_reference=True)

    payload = ledger.case_file_payload(case_file)

    assert payload["item_by_reference"] == [False, False, False, False, False, True]
    assert len(payload["item_by_reference"]) == len(payload["item_digests"])


def test_other_case_file_entry_as_addition_reported(batch):
    """The second case file's entry and items, moved under the first as if an addition."""
    index = read_index(batch)
    first, second = index["case_files"]
    first["ledger_proofs"].append(second["ledger_proofs"][0])
    first["items"].extend(second["items"])
    index["case_files"] = [first]
    write_index(batch, index)
    (batch / second["metadata"]).unlink()
    xml_path = batch / "package.xml"
    xml = xml_path.read_text(encoding="utf-8")
    start = xml.rindex("<案卷>")
    end = xml.index("</案卷>", start) + len("</案卷>")
    xml_path.write_text(xml[:start] + xml[end:], encoding="utf-8")
    rewrite_manifests(batch)

    result = run_verifier(batch)

    assert result.returncode == 1
    assert f"证明 {second['ledger_proofs'][0]} 不是补充归档条目" in result.stdout
    assert "缺少案卷" not in result.stdout


def test_added_fake_content_reported(exported):
    index = read_index(exported)
    content_folder = Path(last_carried_item(index)["path"]).parent
    fake = (content_folder / "fake-0009.pdf").as_posix()
    (exported / fake).write_bytes(b"%PDF-1.4 added later")
    rewrite_manifests(exported)

    result = run_verifier(exported)

    assert result.returncode == 1
    assert f"多出文件：{fake}（package.json 没有列出" in result.stdout


def test_case_file_copied_from_other_package_reported(archivist, agency_a, tmp_path):
    own = ledgered_case_file(agency_a, archivist, "青市监罚〔2026〕1号")
    other = ledgered_case_file(agency_a, archivist, "青市监罚〔2026〕2号")
    sign_head()
    root = Path(package.write_package([own], tmp_path / "own", user=archivist).package_path)
    donor = Path(package.write_package([other], tmp_path / "donor", user=archivist).package_path)
    folder = f"casefiles/{other.archive_code}"
    shutil.copytree(donor / folder, root / folder)
    rewrite_manifests(root)

    result = run_verifier(root)

    assert result.returncode == 1
    assert f"多出文件：{folder}/metadata.xml" in result.stdout


def test_removed_case_file_from_batch_reported(batch):
    index = read_index(batch)
    removed = index["case_files"].pop()
    write_index(batch, index)
    shutil.rmtree(batch / Path(removed["metadata"]).parent)
    rewrite_manifests(batch)

    result = run_verifier(batch)

    assert result.returncode == 1
    assert f"缺少案卷：{removed['archive_code']}（package.xml 列出" in result.stdout


def test_removed_case_file_folder_reported(batch):
    removed = read_index(batch)["case_files"][-1]
    shutil.rmtree(batch / Path(removed["metadata"]).parent)
    rewrite_manifests(batch)

    result = run_verifier(batch)

    assert result.returncode == 1
    assert f"缺少案卷：{removed['archive_code']}（package.json 列出" in result.stdout

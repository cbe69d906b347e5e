"""Export a package, then check it offline with the verifier shipped inside it."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from zhifa.archives.handover import package
from zhifa.archives.handover.tests.support import (
    rewrite_manifests,
    run_verifier,
    signed_case_file,
)


@pytest.fixture
def exported(archivist, agency_a, tmp_path) -> Path:
    case_file = signed_case_file(agency_a, archivist)
    handover = package.write_package([case_file], tmp_path / "out", user=archivist)
    return Path(handover.package_path)


def content_files(root: Path) -> list[Path]:
    return sorted((root / "casefiles").glob("*/content/*"))


def test_untouched_package_passes(exported):
    result = run_verifier(exported)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "核验通过" in result.stdout
    assert "签名有效" in result.stdout
    assert "不符" not in result.stdout


def test_untouched_package_passes_twice(exported):
    """The verifier must not leave files (such as __pycache__) that a second run reports."""
    run_verifier(exported)
    result = run_verifier(exported)

    assert result.returncode == 0, result.stdout


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="sha256sum is not installed")
def test_sha256sum_accepts_manifest(exported):
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [str(shutil.which("sha256sum")), "-c", "--strict", "manifest-sha256.txt"],
        cwd=exported,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    listed = (exported / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines()
    assert len(listed) == len([path for path in exported.rglob("*") if path.is_file()]) - 2


def test_altered_file_reported(exported):
    target = content_files(exported)[0]
    data = bytearray(target.read_bytes())
    data[20] ^= 0x01
    target.write_bytes(bytes(data))
    relative = target.relative_to(exported).as_posix()

    result = run_verifier(exported)

    assert result.returncode == 1
    assert f"文件被改动：{relative}" in result.stdout
    assert "核验未通过" in result.stdout


def test_truncated_file_reported(exported):
    target = content_files(exported)[-2]
    target.write_bytes(target.read_bytes()[:100])
    relative = target.relative_to(exported).as_posix()

    result = run_verifier(exported)

    assert result.returncode == 1
    assert f"文件被改动：{relative}" in result.stdout


def test_extra_file_reported(exported):
    (exported / "casefiles" / "extra.pdf").write_bytes(b"%PDF-1.4 added later")

    result = run_verifier(exported)

    assert result.returncode == 1
    assert "多出文件：casefiles/extra.pdf" in result.stdout


def test_missing_file_reported(exported):
    target = content_files(exported)[1]
    target.unlink()
    relative = target.relative_to(exported).as_posix()

    result = run_verifier(exported)

    assert result.returncode == 1
    assert f"缺少文件：{relative}" in result.stdout


def test_altered_file_with_rewritten_manifests_reported(exported):
    """Rewriting the manifests hides nothing: the ledger entry still names the old digest."""
    target = content_files(exported)[0]
    target.write_bytes(target.read_bytes() + b"\n% appended")
    relative = target.relative_to(exported).as_posix()
    rewrite_manifests(exported)

    result = run_verifier(exported)

    assert result.returncode == 1
    assert f"文件 {relative} 的摘要值与归档记录不符" in result.stdout


def test_altered_proof_with_rewritten_manifests_reported(exported):
    proof_path = sorted((exported / "casefiles").glob("*/proofs/case_file-*.json"))[0]
    proof = json.loads(proof_path.read_text(encoding="utf-8"))
    payload = json.loads(proof["entry"]["payload"])
    payload["item_digests"] = payload["item_digests"][:-1]
    proof["entry"]["payload"] = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    proof_path.write_text(json.dumps(proof, ensure_ascii=False), encoding="utf-8")
    relative = proof_path.relative_to(exported).as_posix()
    rewrite_manifests(exported)

    result = run_verifier(exported)

    assert result.returncode == 1
    assert f"证明 {relative} 不符：内容的叶子摘要与证明中的叶子摘要不符" in result.stdout


def test_altered_proof_reported(exported):
    proof_path = sorted((exported / "casefiles").glob("*/proofs/case_file-*.json"))[0]
    proof = json.loads(proof_path.read_text(encoding="utf-8"))
    payload = json.loads(proof["entry"]["payload"])
    payload["item_digests"] = payload["item_digests"][:-1]
    proof["entry"]["payload"] = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    proof_path.write_text(json.dumps(proof, ensure_ascii=False), encoding="utf-8")
    relative = proof_path.relative_to(exported).as_posix()

    result = run_verifier(exported)

    assert result.returncode == 1
    assert f"文件被改动：{relative}" in result.stdout


def test_forged_tree_head_reported(exported):
    head_path = exported / "tree_head.json"
    head = json.loads(head_path.read_text(encoding="utf-8"))
    head["root_hash"] = "0" * 64
    head_path.write_text(json.dumps(head), encoding="utf-8")

    result = run_verifier(exported)

    assert result.returncode == 1
    assert "文件被改动：tree_head.json" in result.stdout


def test_wrong_public_key_reported(exported):
    result = run_verifier(exported, "--public-key=" + "04" + "1" * 128)

    assert result.returncode == 1
    assert "公钥与指定的公钥不符" in result.stdout


def test_not_a_package_is_unusable(tmp_path):
    (tmp_path / "empty").mkdir()

    result = run_verifier(tmp_path / "empty")

    assert result.returncode == 2
    assert "缺少清单文件" in result.stderr


def test_zip_package_passes(archivist, agency_a, tmp_path):
    case_file = signed_case_file(agency_a, archivist)
    handover = package.write_package([case_file], tmp_path, user=archivist, as_zip=True)
    zipped = Path(handover.package_path)

    result = run_verifier(zipped)

    assert zipped.suffix == ".zip"
    assert result.returncode == 0, result.stdout + result.stderr
    assert handover.package_size == zipped.stat().st_size


def test_manifest_digest_printed(archivist, agency_a, tmp_path):
    case_file = signed_case_file(agency_a, archivist)
    handover = package.write_package([case_file], tmp_path, user=archivist)

    result = run_verifier(Path(handover.package_path))

    assert result.returncode == 0, result.stdout
    assert f"清单摘要值：{handover.package_digest} 请与移交单位提供的移交记录核对" in (
        result.stdout
    )


def test_missing_path_is_unusable(tmp_path):
    result = run_verifier(tmp_path / "nonexistent")

    assert result.returncode == 2
    assert f"路径 {tmp_path / 'nonexistent'} 不存在" in result.stderr


def test_public_key_as_separate_argument(exported):
    result = run_verifier(exported, "--public-key", "04" + "1" * 128)

    assert result.returncode == 1
    assert "公钥与指定的公钥不符" in result.stdout

"""tools/verify_ledger_proof.py: Ed25519, forged tree heads and malformed proofs."""

import copy
import hashlib
import importlib.util
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from zhifa.evidence.ledger import heads, proofs
from zhifa.evidence.tests.ledger_support import TOOL, run_tool, store_content

ED25519_ORDER = 2**252 + 27742317777372353535851937790883648493


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_ledger_proof", TOOL)
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


tool = load_tool()


def ed25519_pair() -> tuple[Ed25519PrivateKey, str]:
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return key, raw.hex()


def test_ed25519_agrees_with_cryptography():
    for length in (0, 1, 31, 64, 1000):
        key, public = ed25519_pair()
        message = os.urandom(length)
        signature = key.sign(message).hex()

        assert tool.ed25519_verify(public, message, signature)
        assert not tool.ed25519_verify(public, message + b"!", signature)
        assert not tool.ed25519_verify(ed25519_pair()[1], message, signature)


@pytest.mark.parametrize("byte", [0, 31, 32, 63])
def test_ed25519_flipped_signature_byte_rejected(byte):
    key, public = ed25519_pair()
    signature = bytearray(key.sign(b"tree head"))
    signature[byte] ^= 0x01

    assert not tool.ed25519_verify(public, b"tree head", signature.hex())


def test_ed25519_s_not_below_group_order_rejected():
    key, public = ed25519_pair()
    signature = key.sign(b"tree head")
    s = int.from_bytes(signature[32:], "little") + ED25519_ORDER
    malleated = signature[:32] + s.to_bytes(32, "little")

    assert not tool.ed25519_verify(public, b"tree head", malleated.hex())


def test_ed25519_non_canonical_key_rejected():
    # y = p (2^255 - 19) is out of range; RFC 8032 decoding rejects it.
    out_of_range = ((1 << 255) - 19).to_bytes(32, "little").hex()

    assert tool.ed_decode(bytes.fromhex(out_of_range)) is None
    assert not tool.ed25519_verify(out_of_range, b"m", "00" * 64)


@pytest.fixture
def ledger(settings, tmp_path, db):
    settings.ZHIFA_LEDGER_KEY_FILE = tmp_path / "ledger.key"
    settings.ZHIFA_LEDGER_SIGNATURE = "sm2"
    call_command("ledger", "keygen", stdout=io.StringIO())
    for number in range(5):
        store_content(f"证据 {number}".encode())


@pytest.fixture
def ed25519_ledger(settings, tmp_path, db):
    settings.ZHIFA_LEDGER_KEY_FILE = tmp_path / "ledger_ed25519.key"
    settings.ZHIFA_LEDGER_SIGNATURE = "ed25519"
    call_command("ledger", "keygen", stdout=io.StringIO())
    for number in range(5):
        store_content(f"证据 {number}".encode())
    heads.sign_tree_head()


def test_tool_checks_ed25519_head(ed25519_ledger, tmp_path):
    result = run_tool(proofs.inclusion_document(3), tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Ed25519 签名有效" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("OK：条目 3")


def test_tool_rejects_forged_ed25519_signature(ed25519_ledger, tmp_path):
    proof = proofs.inclusion_document(3)
    signature = proof["tree_head"]["signature"]
    proof["tree_head"]["signature"] = ("0" if signature[0] != "0" else "1") + signature[1:]

    result = run_tool(proof, tmp_path)

    assert result.returncode == 1
    assert "Ed25519 签名无效" in result.stdout
    assert "OK" not in result.stdout


def forged_proof() -> dict[str, Any]:
    """A one-entry proof with a made-up payload and a tree head claiming an Ed25519 signature."""
    payload = '{"digest":"sm3:forged"}'
    leaf = hashlib.new("sm3", b"\x00" + payload.encode()).hexdigest()
    head = {
        "signed_on": "2026-12-01",
        "tree_size": 1,
        "root_hash": leaf,
        "hash_algorithm": "sm3",
        "signature_algorithm": "ed25519",
        "public_key": "11" * 32,
        "signature": "22" * 64,
    }
    head["signed_text"] = tool.signed_text(head)
    return {
        "format": proofs.FORMAT,
        "hash_algorithm": "sm3",
        "entry": {
            "position": 0,
            "kind": "content",
            "ref": "content:x",
            "payload": payload,
            "leaf_hash": leaf,
        },
        "tree_size": 1,
        "inclusion_path": [],
        "root_hash": leaf,
        "tree_head": head,
    }


def test_forged_ed25519_head_rejected(tmp_path):
    result = run_tool(forged_proof(), tmp_path)

    assert result.returncode == 1
    assert "Ed25519 签名无效" in result.stdout
    assert "OK" not in result.stdout


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p.update(tree_head=None),
        lambda p: p.pop("tree_head"),
    ],
    ids=["null", "missing"],
)
def test_forged_proof_without_head_rejected(tmp_path, change):
    proof = forged_proof()
    change(proof)

    result = run_tool(proof, tmp_path)

    assert result.returncode == 1
    assert "证明中没有签名树头（字段 tree_head）" in result.stdout
    assert "--unsigned-root-ok" in result.stdout


Change = Callable[[dict[str, Any]], object]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p.update(format="zhifa-ledger-proof/2"), "format"),
        (lambda p: p.pop("format"), "format"),
        (lambda p: p.update(hash_algorithm="md5"), "hash_algorithm"),
        (
            lambda p: p["tree_head"].update(signature_algorithm="rsa"),
            "tree_head.signature_algorithm",
        ),
        (lambda p: p["tree_head"].pop("signature_algorithm"), "tree_head.signature_algorithm"),
        (lambda p: p.pop("entry"), "entry"),
        (lambda p: p.update(entry="x"), "entry"),
        (lambda p: p["entry"].update(position="0"), "entry.position"),
        (lambda p: p["entry"].update(position=True), "entry.position"),
        (lambda p: p["entry"].update(payload=5), "entry.payload"),
        (lambda p: p["entry"].update(leaf_hash="XYZ"), "entry.leaf_hash"),
        (lambda p: p.update(tree_size=-1), "tree_size"),
        (lambda p: p.update(inclusion_path="00"), "inclusion_path"),
        (lambda p: p.update(inclusion_path=[1]), "inclusion_path"),
        (lambda p: p.update(root_hash=None), "root_hash"),
        (lambda p: p.update(tree_head=[]), "tree_head"),
        (lambda p: p["tree_head"].update(public_key="04" + "1" * 128), "tree_head.public_key"),
        (lambda p: p["tree_head"].update(signature="zz"), "tree_head.signature"),
        (lambda p: p["tree_head"].update(signed_on="1st of May"), "tree_head.signed_on"),
        (lambda p: p["tree_head"].pop("signed_text"), "tree_head.signed_text"),
    ],
)
def test_malformed_proof_names_field(tmp_path, change: Change, field: str):
    proof = copy.deepcopy(forged_proof())
    change(proof)

    result = run_tool(proof, tmp_path)

    assert result.returncode == 2
    assert result.stdout == ""
    assert f"字段 {field}" in result.stderr
    for python_detail in ("Traceback", "Error", "'"):
        assert python_detail not in result.stderr


def test_proof_not_an_object_refused(tmp_path):
    result = run_tool([1, 2], tmp_path)

    assert result.returncode == 2
    assert "证明文件的内容应为 JSON 对象" in result.stderr


def test_missing_file_named(tmp_path, capsys):
    missing = tmp_path / "absent.json"

    assert tool.main(["verify_ledger_proof.py", str(missing)]) == 2
    assert f"无法读取证明文件 {missing}：No such file" in capsys.readouterr().err


def test_unknown_option_shows_usage(tmp_path, capsys):
    assert tool.main(["verify_ledger_proof.py", "--all", str(tmp_path / "p.json")]) == 2
    assert "用法" in capsys.readouterr().err


def test_sm2_head_relabelled_ed25519_rejected(ledger, tmp_path: Path):
    heads.sign_tree_head()
    proof = proofs.inclusion_document(2)
    proof["tree_head"]["signature_algorithm"] = "ed25519"

    result = run_tool(proof, tmp_path)

    assert result.returncode != 0
    assert "OK" not in result.stdout


def test_pinned_key_accepts_published_key(ed25519_ledger, tmp_path):
    proof = proofs.inclusion_document(3)
    published = proof["tree_head"]["public_key"]

    result = run_tool(proof, tmp_path, f"--public-key={published}")

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("OK：")


def test_pinned_key_rejects_own_signature(ed25519_ledger, tmp_path):
    _key, other_public = ed25519_pair()

    result = run_tool(proofs.inclusion_document(3), tmp_path, f"--public-key={other_public}")

    assert result.returncode == 1
    assert "公钥与指定的公钥不符" in result.stdout
    assert "OK" not in result.stdout


def test_deeply_nested_json_refused(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100000 + "]" * 100000, encoding="utf-8")

    result = subprocess.run(  # noqa: S603 - fixed interpreter and script path
        [sys.executable, "-I", str(TOOL), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 2
    assert "嵌套过深" in result.stderr
    assert "Traceback" not in result.stderr

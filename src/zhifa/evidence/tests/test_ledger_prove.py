"""``zhifa ledger prove`` and the standalone checker in tools/verify_ledger_proof.py."""

import datetime
import importlib.util
import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from zhifa.evidence.ledger import heads, merkle, proofs, signing
from zhifa.evidence.tests.ledger_support import TOOL, run_tool, store_content


@pytest.fixture
def ledger(settings, tmp_path, db):
    settings.ZHIFA_LEDGER_KEY_FILE = tmp_path / "ledger.key"
    call_command("ledger", "keygen", stdout=io.StringIO())
    for number in range(7):
        store_content(f"证据 {number}".encode())


def prove_json(*args: str) -> dict:
    output = io.StringIO()
    call_command("ledger", "prove", *args, "--json", stdout=output)
    return json.loads(output.getvalue())


def test_proof_without_head_uses_current_size(ledger):
    proof = prove_json("3")

    assert proof["tree_size"] == 7
    assert proof["tree_head"] is None
    assert proof["root_hash"] == merkle.root(heads.leaf_hashes()).hex()
    assert len(proof["inclusion_path"]) == 3


def test_proof_uses_latest_signed_head(ledger):
    head = heads.sign_tree_head()
    store_content(b"after the head")

    proof = prove_json("6")

    assert proof["tree_size"] == head.tree_size == 7
    assert proof["tree_head"]["signature"] == head.signature
    assert proof["root_hash"] == head.root_hash


def test_proof_past_latest_head_uses_current_size(ledger):
    heads.sign_tree_head()
    store_content(b"after the head")

    proof = prove_json("7")

    assert proof["tree_size"] == 8
    assert proof["tree_head"] is None


def test_proof_of_chosen_size(ledger):
    proof = prove_json("2", "--size", "5")

    assert proof["tree_size"] == 5
    assert proof["root_hash"] == merkle.root(heads.leaf_hashes(5)).hex()


def test_proof_size_not_covering_entry_refused(ledger):
    with pytest.raises(CommandError, match="应大于条目序号 4"):
        call_command("ledger", "prove", "4", "--size", "4", stdout=io.StringIO())


def test_proof_size_beyond_ledger_refused(ledger):
    with pytest.raises(CommandError, match="不超过账本现有的 7 条"):
        call_command("ledger", "prove", "4", "--size", "8", stdout=io.StringIO())


def test_proof_of_missing_entry_refused(ledger):
    with pytest.raises(CommandError, match="没有序号为 70 的条目"):
        call_command("ledger", "prove", "70", stdout=io.StringIO())


def test_text_proof_names_payload_and_head(ledger):
    heads.sign_tree_head()
    output = io.StringIO()
    call_command("ledger", "prove", "0", stdout=output)

    text = output.getvalue()
    assert "条目序号：0（content:sm3:" in text
    assert "包含路径：" in text
    assert "SM2 签名" in text


def test_tool_accepts_every_proof(ledger, tmp_path):
    heads.sign_tree_head()
    for position in range(7):
        result = run_tool(proofs.inclusion_document(position), tmp_path)
        assert result.returncode == 0, result.stdout + result.stderr
        root = proofs.inclusion_document(position)["root_hash"]
        assert result.stdout.strip().endswith(f"树根 {root}，签名树头已核验")
        assert "SM2 签名有效" in result.stdout


def test_tool_rejects_proof_without_head(ledger, tmp_path):
    result = run_tool(prove_json("5"), tmp_path)

    assert result.returncode == 1
    assert "证明中没有签名树头（字段 tree_head）" in result.stdout
    assert "OK" not in result.stdout


def test_tool_checks_root_only_when_asked(ledger, tmp_path):
    result = run_tool(prove_json("5"), tmp_path, "--unsigned-root-ok")

    assert result.returncode == 0
    assert "只核验了条目与树根的关系，未核验签名" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("仅树根相符（未核验签名）")
    assert "OK" not in result.stdout


def changed_first(hex_text: str) -> str:
    return ("1" if hex_text[0] != "1" else "2") + hex_text[1:]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda p: p["entry"].update(payload=p["entry"]["payload"].replace("sm3", "sm2")),
            "内容被改动",
        ),
        (lambda p: p["entry"].update(position=p["entry"]["position"] + 1), "包含路径"),
        (lambda p: p["inclusion_path"].pop(), "包含路径"),
        (lambda p: p.update(root_hash="00" * 32), "包含路径"),
        (lambda p: p["tree_head"].update(signed_on="2020-01-01"), "签名原文"),
        (
            lambda p: p["tree_head"].update(signature=changed_first(p["tree_head"]["signature"])),
            "SM2 签名无效",
        ),
    ],
)
def test_tool_rejects_tampered_proof(ledger, tmp_path, change, expected):
    heads.sign_tree_head()
    proof = prove_json("4")
    change(proof)

    result = run_tool(proof, tmp_path)

    assert result.returncode == 1
    assert expected in result.stdout


def test_tool_rejects_unreadable_file(tmp_path):
    path = tmp_path / "proof.json"
    path.write_text("{not json", encoding="utf-8")
    result = subprocess.run(  # noqa: S603 - fixed interpreter and script path
        [sys.executable, "-I", str(TOOL), str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "不是有效的 JSON（第 1 行第 2 列）" in result.stderr
    assert "Error" not in result.stderr


def test_tool_sm2_agrees_with_gmssl(tmp_path):
    spec = importlib.util.spec_from_file_location("verify_ledger_proof", TOOL)
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    content, _ = signing.generate_key("sm2")
    signing.write_key_file(tmp_path / "k", content)
    key = signing.load_key("sm2", tmp_path / "k")
    message = "任意文字".encode()
    signature = signing.sign(key, message)

    assert tool.sm2_verify(key.public_hex, message, signature)
    assert not tool.sm2_verify(key.public_hex, message + b"!", signature)


def test_consistency_proof_checks_out(ledger):
    old = heads.sign_tree_head(datetime.date(2026, 11, 30))
    store_content(b"later evidence")
    new = heads.sign_tree_head(datetime.date(2026, 12, 1))
    output = io.StringIO()

    call_command("ledger", "consistency", "7", "8", stdout=output)

    proof = json.loads(output.getvalue())
    assert proof["old_root_hash"] == old.root_hash
    assert proof["new_root_hash"] == new.root_hash
    assert proof["old_tree_head"]["signature"] == old.signature
    assert proof["new_tree_head"]["signature"] == new.signature
    path = [bytes.fromhex(node) for node in proof["consistency_path"]]
    old_root, new_root = bytes.fromhex(old.root_hash), bytes.fromhex(new.root_hash)
    assert merkle.verify_consistency(7, 8, old_root, new_root, path)
    assert not merkle.verify_consistency(7, 8, new_root, new_root, path)


def test_consistency_beyond_ledger_refused(ledger):
    with pytest.raises(CommandError, match="账本现有的 7 条"):
        call_command("ledger", "consistency", "3", "9", stdout=io.StringIO())


def test_consistency_from_empty_tree_refused(ledger):
    with pytest.raises(CommandError, match="0 < 前者"):
        call_command("ledger", "consistency", "0", "5", stdout=io.StringIO())

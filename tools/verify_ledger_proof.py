#!/usr/bin/env python3
"""Check a ledger inclusion proof offline, independently of the platform's code.

Usage: python3 verify_ledger_proof.py PROOF.json   (or "-" to read standard input)

The proof is the JSON printed by ``zhifa ledger prove POSITION --json``. The checks:

1. leaf hash = H(0x00 || payload in UTF-8) and equals the proof's leaf_hash;
2. the audit path leads from the leaf to root_hash (RFC 9162 §2.1.3.2, inner nodes
   H(0x01 || left || right));
3. when a signed tree head is included: its size and root equal the proof's, its signed text is
   rebuilt from its published values, and an SM2 signature (SM3, signer ID "1234567812345678")
   is checked against the published public key.

H is SM3 or SHA-256 from Python's hashlib (SM3 needs an OpenSSL that provides it).
Only the standard library is used. Ed25519 signatures are not checked here: the tool prints the
command to check them with OpenSSL. Exit status 0 means every check passed, 1 means one failed,
2 means the file could not be read.
"""

import hashlib
import json
import sys
from typing import Any

# SM2 recommended curve parameters (GB/T 32918.5-2017).
P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0
DEFAULT_SIGNER_ID = b"1234567812345678"

Point = tuple[int, int] | None


def digest(algorithm: str, data: bytes) -> bytes:
    return hashlib.new(algorithm, data).digest()


def audit_root(
    algorithm: str, index: int, size: int, leaf: bytes, path: list[bytes]
) -> bytes | None:
    """Return the root the audit path leads to, or None when the path does not fit the size."""
    if not 0 <= index < size:
        return None
    fn, sn, value = index, size - 1, leaf
    for sibling in path:
        if sn == 0:
            return None
        if fn % 2 == 1 or fn == sn:
            value = digest(algorithm, b"\x01" + sibling + value)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn // 2, sn // 2
        else:
            value = digest(algorithm, b"\x01" + value + sibling)
        fn, sn = fn // 2, sn // 2
    return value if sn == 0 else None


def point_add(first: Point, second: Point) -> Point:
    if first is None:
        return second
    if second is None:
        return first
    x1, y1 = first
    x2, y2 = second
    if x1 == x2 and (y1 + y2) % P == 0:
        return None
    if first == second:
        slope = (3 * x1 * x1 + A) * pow(2 * y1, -1, P) % P
    else:
        slope = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (slope * slope - x1 - x2) % P
    return x3, (slope * (x1 - x3) - y1) % P


def point_multiply(scalar: int, point: Point) -> Point:
    result: Point = None
    addend = point
    while scalar:
        if scalar & 1:
            result = point_add(result, addend)
        addend = point_add(addend, addend)
        scalar >>= 1
    return result


def sm2_verify(public_hex: str, message: bytes, signature_hex: str) -> bool:
    """Check an SM2 signature r || s over ``message`` (GB/T 32918.2 with SM3)."""
    if len(public_hex) != 130 or not public_hex.startswith("04") or len(signature_hex) != 128:
        return False
    x, y = int(public_hex[2:66], 16), int(public_hex[66:], 16)
    if (y * y - x * x * x - A * x - B) % P != 0:
        return False
    r, s = int(signature_hex[:64], 16), int(signature_hex[64:], 16)
    if not (1 <= r < N and 1 <= s < N):
        return False
    fields = [A, B, GX, GY, x, y]
    z = digest(
        "sm3",
        (len(DEFAULT_SIGNER_ID) * 8).to_bytes(2, "big")
        + DEFAULT_SIGNER_ID
        + b"".join(value.to_bytes(32, "big") for value in fields),
    )
    e = int.from_bytes(digest("sm3", z + message), "big")
    t = (r + s) % N
    if t == 0:
        return False
    total = point_add(point_multiply(s, (GX, GY)), point_multiply(t, (x, y)))
    return total is not None and (e + total[0]) % N == r


def signed_text(head: dict[str, Any]) -> str:
    return "\n".join(
        [
            "zhifa-ledger-tree-head",
            f"algorithm={head['hash_algorithm']}",
            f"tree_size={head['tree_size']}",
            f"root={head['root_hash']}",
            f"date={head['signed_on']}",
        ]
    )


def check_head(proof: dict[str, Any], problems: list[str], notes: list[str]) -> None:
    head = proof["tree_head"]
    if head["tree_size"] != proof["tree_size"] or head["root_hash"] != proof["root_hash"]:
        problems.append("签名树头的条目数或树根与证明不符")
    if head["hash_algorithm"] != proof["hash_algorithm"]:
        problems.append("签名树头的摘要算法与证明不符")
    text = signed_text(head)
    if text != head["signed_text"]:
        problems.append("签名原文与树头的公开数值不符")
    if head["signature_algorithm"] == "sm2":
        if sm2_verify(head["public_key"], text.encode("utf-8"), head["signature"]):
            notes.append(f"{head['signed_on']} 的 SM2 签名有效")
        else:
            problems.append("签名树头的 SM2 签名无效")
    else:
        notes.append(
            f"未核验 {head['signature_algorithm']} 签名：请按 docs/ledger.md 用 OpenSSL 核验"
        )


def check(proof: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Return (problems, notes) for one proof document."""
    problems: list[str] = []
    notes: list[str] = []
    algorithm = proof["hash_algorithm"]
    if algorithm not in ("sm3", "sha256"):
        return [f"不支持的摘要算法 {algorithm}"], notes
    entry = proof["entry"]
    leaf = digest(algorithm, b"\x00" + entry["payload"].encode("utf-8"))
    if leaf.hex() != entry["leaf_hash"]:
        problems.append("内容的叶子摘要与证明中的叶子摘要不符（内容被改动）")
    path = [bytes.fromhex(node) for node in proof["inclusion_path"]]
    reached = audit_root(algorithm, entry["position"], proof["tree_size"], leaf, path)
    if reached is None or reached.hex() != proof["root_hash"]:
        problems.append("包含路径不能从该条目得出证明中的树根")
    if proof.get("tree_head"):
        check_head(proof, problems, notes)
    else:
        notes.append("证明中没有签名树头，只核验了条目与树根的关系")
    return problems, notes


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(
            "用法：python3 verify_ledger_proof.py 证明文件.json（或 - 表示标准输入）",
            file=sys.stderr,
        )
        return 2
    try:
        if argv[1] == "-":
            proof = json.load(sys.stdin)
        else:
            with open(argv[1], encoding="utf-8") as handle:
                proof = json.load(handle)
        problems, notes = check(proof)
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"无法读取证明：{error!r}", file=sys.stderr)
        return 2
    for note in notes:
        print(f"说明：{note}")
    if problems:
        for problem in problems:
            print(f"不符：{problem}")
        return 1
    position, size = proof["entry"]["position"], proof["tree_size"]
    print(f"OK：条目 {position} 包含在 {size} 条的树中，树根 {proof['root_hash']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

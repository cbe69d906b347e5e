#!/usr/bin/env python3
"""Check a ledger inclusion proof offline, independently of the platform's code.

Usage: python3 verify_ledger_proof.py [--unsigned-root-ok] PROOF.json   ("-" reads standard input)

The proof is the JSON printed by ``zhifa ledger prove POSITION --json``. The checks:

1. leaf hash = H(0x00 || payload in UTF-8) and equals the proof's leaf_hash;
2. the audit path leads from the leaf to root_hash (RFC 9162 §2.1.3.2, inner nodes
   H(0x01 || left || right));
3. the signed tree head: its size and root equal the proof's, its signed text is rebuilt from
   its published values, and its signature is checked against the published public key, either
   SM2 (SM3, signer ID "1234567812345678") or Ed25519 (RFC 8032).

H is SM3 or SHA-256 from Python's hashlib (SM3 needs an OpenSSL that provides it). Only the
standard library is used. "OK" is printed only when all three checks ran and passed. A proof
without a signed tree head fails unless --unsigned-root-ok is given, and then the tool states
that only the root was checked and prints no "OK".

Exit status: 0 every check ran and passed, 1 a check failed or the tree head is missing,
2 the file could not be read or the proof is malformed or of an unsupported format or algorithm.
"""

import datetime
import hashlib
import json
import sys
from typing import Any

FORMAT = "zhifa-ledger-proof/1"
HASH_ALGORITHMS = ("sm3", "sha256")
UNSIGNED_FLAG = "--unsigned-root-ok"
KEY_FLAG = "--public-key="
USAGE = (
    f"用法：python3 verify_ledger_proof.py [{UNSIGNED_FLAG}] [{KEY_FLAG}公钥] 证明文件.json"
    "（或 - 表示标准输入）\n"
    f"  {UNSIGNED_FLAG}  证明中没有签名树头时，只核验条目与树根的关系，不视为核验失败\n"
    f"  {KEY_FLAG}公钥  “存证公告”页面公布的公钥（十六进制）；给出时，签名树头必须用该公钥签名"
)

# SM2 recommended curve parameters (GB/T 32918.5-2017).
P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0
DEFAULT_SIGNER_ID = b"1234567812345678"

# Ed25519 (RFC 8032 §5.1): the field prime, the curve constant d, the group order L, sqrt(-1).
ED_P = 2**255 - 19
ED_D = -121665 * pow(121666, -1, ED_P) % ED_P
ED_L = 2**252 + 27742317777372353535851937790883648493
ED_SQRT_M1 = pow(2, (ED_P - 1) // 4, ED_P)

Point = tuple[int, int] | None
EdPoint = tuple[int, int, int, int]

# Hex lengths of the published values, per signature algorithm: (public key, signature).
KEY_AND_SIGNATURE_HEX = {"sm2": (130, 128), "ed25519": (64, 128)}


class ProofError(Exception):
    """The proof cannot be checked; the message names the JSON field and is shown as is."""


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


# --- SM2 (GB/T 32918.2) ---------------------------------------------------------------------


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


# --- Ed25519 (RFC 8032 §5.1), points in extended coordinates (X, Y, Z, T) ----------------------


def ed_add(first: EdPoint, second: EdPoint) -> EdPoint:
    """Add two points with the RFC 8032 §5.1.4 formulas, which also hold for doubling."""
    x1, y1, z1, t1 = first
    x2, y2, z2, t2 = second
    a = (y1 - x1) * (y2 - x2) % ED_P
    b = (y1 + x1) * (y2 + x2) % ED_P
    c = 2 * t1 * t2 * ED_D % ED_P
    d = 2 * z1 * z2 % ED_P
    e, f, g, h = b - a, d - c, d + c, b + a
    return e * f % ED_P, g * h % ED_P, f * g % ED_P, e * h % ED_P


def ed_multiply(scalar: int, point: EdPoint) -> EdPoint:
    result: EdPoint = (0, 1, 1, 0)
    while scalar:
        if scalar & 1:
            result = ed_add(result, point)
        point = ed_add(point, point)
        scalar >>= 1
    return result


def ed_equal(first: EdPoint, second: EdPoint) -> bool:
    x1, y1, z1, _ = first
    x2, y2, z2, _ = second
    return (x1 * z2 - x2 * z1) % ED_P == 0 and (y1 * z2 - y2 * z1) % ED_P == 0


def ed_decode(encoded: bytes) -> EdPoint | None:
    """Decode a 32-byte point (RFC 8032 §5.1.3); None when it is not a valid encoding."""
    y = int.from_bytes(encoded, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    if y >= ED_P:
        return None
    x_squared = (y * y - 1) * pow(ED_D * y * y + 1, -1, ED_P) % ED_P
    x = pow(x_squared, (ED_P + 3) // 8, ED_P)
    if (x * x - x_squared) % ED_P != 0:
        x = x * ED_SQRT_M1 % ED_P
    if (x * x - x_squared) % ED_P != 0:
        return None
    if x == 0 and sign == 1:
        return None
    if x % 2 != sign:
        x = ED_P - x
    return x, y, 1, x * y % ED_P


ED_BASE = ed_decode((4 * pow(5, -1, ED_P) % ED_P).to_bytes(32, "little"))


def ed25519_verify(public_hex: str, message: bytes, signature_hex: str) -> bool:
    """Check an Ed25519 signature R || S over ``message`` with the cofactored equation.

    RFC 8032 §5.1.7 checks [8][S]B = [8]R + [8][k]A and allows checking [S]B = R + [k]A instead.
    The two differ only for signatures crafted with small-order points.
    """
    public, signature = bytes.fromhex(public_hex), bytes.fromhex(signature_hex)
    if len(public) != 32 or len(signature) != 64 or ED_BASE is None:
        return False
    point_a, point_r = ed_decode(public), ed_decode(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if point_a is None or point_r is None or s >= ED_L:
        return False
    hashed = hashlib.sha512(signature[:32] + public + message).digest()
    k = int.from_bytes(hashed, "little") % ED_L
    left = ed_multiply(8 * s, ED_BASE)
    right = ed_multiply(8, ed_add(point_r, ed_multiply(k, point_a)))
    return ed_equal(left, right)


# --- Reading the proof: every field is checked before it is used -------------------------------


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def _field(document: dict[str, Any], name: str, where: str = "") -> Any:
    if document.get(name) is None:
        raise ProofError(f"证明缺少字段 {where}{name}。")
    return document[name]


def _object(document: dict[str, Any], name: str, where: str = "") -> dict[str, Any]:
    value = _field(document, name, where)
    if not isinstance(value, dict):
        raise ProofError(f"证明的字段 {where}{name} 应为 JSON 对象，实际为 {_show(value)}。")
    return value


def _text(document: dict[str, Any], name: str, where: str = "") -> str:
    value = _field(document, name, where)
    if not isinstance(value, str):
        raise ProofError(f"证明的字段 {where}{name} 应为文本，实际为 {_show(value)}。")
    return value


def _count(document: dict[str, Any], name: str, where: str = "") -> int:
    value = _field(document, name, where)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProofError(f"证明的字段 {where}{name} 应为非负整数，实际为 {_show(value)}。")
    return value


def _is_hex(value: Any, length: int) -> bool:
    hex_digits = "0123456789abcdef"
    return isinstance(value, str) and len(value) == length and all(c in hex_digits for c in value)


def _hex(document: dict[str, Any], name: str, length: int, where: str = "") -> str:
    value = _field(document, name, where)
    if not _is_hex(value, length):
        raise ProofError(
            f"证明的字段 {where}{name} 应为 {length} 位小写十六进制文本，实际为 {_show(value)}。"
        )
    return str(value)


def _choice(document: dict[str, Any], name: str, allowed: tuple[str, ...], where: str = "") -> str:
    value = _text(document, name, where)
    if value not in allowed:
        raise ProofError(
            f"证明的字段 {where}{name} 的值 {_show(value)} 不受支持，应为 {' 或 '.join(allowed)}。"
        )
    return value


def _path(document: dict[str, Any]) -> list[bytes]:
    nodes = _field(document, "inclusion_path")
    if not isinstance(nodes, list) or not all(_is_hex(node, 64) for node in nodes):
        raise ProofError("证明的字段 inclusion_path 应为 64 位小写十六进制文本的列表。")
    return [bytes.fromhex(node) for node in nodes]


def _hash_algorithm(document: dict[str, Any]) -> str:
    algorithm = _choice(document, "hash_algorithm", HASH_ALGORITHMS)
    try:
        hashlib.new(algorithm)
    except ValueError as error:
        raise ProofError(
            f"证明的字段 hash_algorithm 为 {algorithm}，但本机 Python 所链接的 OpenSSL "
            "不提供该算法；请换用 OpenSSL 1.1.1 及以上版本的 Python 3。"
        ) from error
    return algorithm


def read_head(proof: dict[str, Any]) -> dict[str, Any]:
    """Return the tree head's fields after checking each one's type and format."""
    where = "tree_head."
    head = _object(proof, "tree_head")
    algorithm = _choice(head, "signature_algorithm", tuple(KEY_AND_SIGNATURE_HEX), where)
    key_length, signature_length = KEY_AND_SIGNATURE_HEX[algorithm]
    signed_on = _text(head, "signed_on", where)
    try:
        datetime.date.fromisoformat(signed_on)
    except ValueError as error:
        raise ProofError(
            "证明的字段 tree_head.signed_on 应为 YYYY-MM-DD 格式的日期，"
            f"实际为 {_show(signed_on)}。"
        ) from error
    return {
        "signed_on": signed_on,
        "tree_size": _count(head, "tree_size", where),
        "root_hash": _hex(head, "root_hash", 64, where),
        "hash_algorithm": _text(head, "hash_algorithm", where),
        "signature_algorithm": algorithm,
        "public_key": _hex(head, "public_key", key_length, where),
        "signature": _hex(head, "signature", signature_length, where),
        "signed_text": _text(head, "signed_text", where),
    }


# --- The checks ---------------------------------------------------------------------------------


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


def check_head(
    proof: dict[str, Any], head: dict[str, Any], problems: list[str], expected_key: str | None
) -> str | None:
    """Check the signed tree head against the proof; return the note of a valid signature."""
    if expected_key is not None and head["public_key"] != expected_key.strip().lower():
        problems.append("签名树头的公钥与指定的公钥不符，证明不是由公布的密钥签名的")
        return None
    if head["tree_size"] != proof["tree_size"] or head["root_hash"] != proof["root_hash"]:
        problems.append("签名树头的条目数或树根与证明不符")
    if head["hash_algorithm"] != proof["hash_algorithm"]:
        problems.append("签名树头的摘要算法与证明不符")
    text = signed_text(head)
    if text != head["signed_text"]:
        problems.append("签名原文与树头的公开数值不符")
    algorithm = head["signature_algorithm"]
    verify = sm2_verify if algorithm == "sm2" else ed25519_verify
    label = "SM2" if algorithm == "sm2" else "Ed25519"
    if not verify(head["public_key"], text.encode("utf-8"), head["signature"]):
        problems.append(f"签名树头的 {label} 签名无效")
        return None
    # Anyone can sign with a key of their own, so the key itself must be checked by the reader.
    return (
        f"{head['signed_on']} 的 {label} 签名有效，公钥 {head['public_key']}；"
        "请核对该公钥与公示平台“存证公告”页面公布的一致"
    )


def check(
    proof: Any, unsigned_root_ok: bool = False, expected_key: str | None = None
) -> tuple[list[str], list[str], bool]:
    """Return (problems, notes, signed) for one proof; raise ProofError when it is malformed.

    ``signed`` is True only when a tree head was present and its signature valid.
    """
    if not isinstance(proof, dict):
        raise ProofError("证明文件的内容应为 JSON 对象。")
    if proof.get("format") != FORMAT:
        raise ProofError(
            f"证明的字段 format 为 {_show(proof.get('format'))}，本程序只核验 {FORMAT} 格式。"
        )
    algorithm = _hash_algorithm(proof)
    entry = _object(proof, "entry")
    payload = _text(entry, "payload", "entry.")
    leaf_hash = _hex(entry, "leaf_hash", 64, "entry.")
    position = _count(entry, "position", "entry.")
    size = _count(proof, "tree_size")
    path = _path(proof)
    root_hash = _hex(proof, "root_hash", 64)
    head = read_head(proof) if proof.get("tree_head") is not None else None

    problems: list[str] = []
    notes: list[str] = []
    leaf = digest(algorithm, b"\x00" + payload.encode("utf-8"))
    if leaf.hex() != leaf_hash:
        problems.append("内容的叶子摘要与证明中的叶子摘要不符（内容被改动）")
    reached = audit_root(algorithm, position, size, leaf, path)
    if reached is None or reached.hex() != root_hash:
        problems.append("包含路径不能从该条目得出证明中的树根")

    if head is None:
        if unsigned_root_ok:
            notes.append(
                "证明中没有签名树头（字段 tree_head），只核验了条目与树根的关系，未核验签名"
            )
        else:
            problems.append(
                "证明中没有签名树头（字段 tree_head），无法确认树根经过签名公布；"
                f"请索取有签名树头的证明，或加 {UNSIGNED_FLAG} 只核验条目与树根的关系"
            )
        return problems, notes, False
    signature_note = check_head(proof, head, problems, expected_key)
    if signature_note:
        notes.append(signature_note)
    return problems, notes, signature_note is not None


def load(source: str) -> Any:
    if source == "-":
        return json.load(sys.stdin)
    with open(source, encoding="utf-8") as handle:
        return json.load(handle)


def main(argv: list[str]) -> int:
    arguments = argv[1:]
    unsigned_root_ok = UNSIGNED_FLAG in arguments
    keys = [argument[len(KEY_FLAG) :] for argument in arguments if argument.startswith(KEY_FLAG)]
    expected_key = keys[-1] if keys else None
    files = [
        argument
        for argument in arguments
        if argument != UNSIGNED_FLAG and not argument.startswith(KEY_FLAG)
    ]
    if len(files) != 1 or (files[0].startswith("--") and files[0] != "-"):
        print(USAGE, file=sys.stderr)
        return 2
    try:
        proof = load(files[0])
        problems, notes, signed = check(proof, unsigned_root_ok, expected_key)
    except OSError as error:
        print(f"无法读取证明文件 {files[0]}：{error.strerror or error}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"无法读取证明文件 {files[0]}：文件不是 UTF-8 编码的文本", file=sys.stderr)
        return 2
    except json.JSONDecodeError as error:
        print(
            f"无法读取证明文件 {files[0]}：不是有效的 JSON"
            f"（第 {error.lineno} 行第 {error.colno} 列）",
            file=sys.stderr,
        )
        return 2
    except ProofError as error:
        print(f"无法核验证明：{error}", file=sys.stderr)
        return 2
    except (RecursionError, ValueError):
        # json raises these for nesting too deep or integers too long to be a proof's numbers.
        print(
            f"无法读取证明文件 {files[0]}：JSON 嵌套过深或数字过长，不是本平台出具的证明",
            file=sys.stderr,
        )
        return 2

    for note in notes:
        print(f"说明：{note}")
    if problems:
        for problem in problems:
            print(f"不符：{problem}")
        return 1
    position, size, root = proof["entry"]["position"], proof["tree_size"], proof["root_hash"]
    if not signed:
        print(f"仅树根相符（未核验签名）：条目 {position} 包含在 {size} 条、树根为 {root} 的树中")
        return 0
    print(f"OK：条目 {position} 包含在 {size} 条的树中，树根 {root}，签名树头已核验")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Signed tree heads (签名树头): the key file, the signed text, SM2 and Ed25519 signatures.

The signed text is fixed so that anyone can rebuild it from the published values::

    zhifa-ledger-tree-head
    algorithm=sm3
    tree_size=1234
    root=<64 hex digits>
    date=2026-12-05

lines joined by "\\n" with no trailing newline, encoded in UTF-8. SM2 (GB/T 32918) signs with
SM3 and the default signer ID "1234567812345678" (GB/T 35276). The key file contains the
private key as 64 hex digits, and the public key is published as "04" || x || y in hex.
Ed25519 keys are PKCS#8 PEM files, and the public key is published as its 32 raw bytes in hex.
Signatures are hex: r || s for SM2, the 64-byte signature for Ed25519.
"""

import datetime
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from gmssl import sm2

SIGNATURE_ALGORITHMS = ("sm2", "ed25519")
_SM2_ORDER = int(sm2.default_ecc_table["n"], 16)


class SigningKeyError(Exception):
    """The key file is missing, unreadable or invalid; the message names the file and the fix."""


@dataclass(frozen=True)
class SigningKey:
    algorithm: str
    private: str | Ed25519PrivateKey
    public_hex: str


def tree_head_text(algorithm: str, tree_size: int, root_hex: str, date: datetime.date) -> bytes:
    lines = [
        "zhifa-ledger-tree-head",
        f"algorithm={algorithm}",
        f"tree_size={tree_size}",
        f"root={root_hex}",
        f"date={date.isoformat()}",
    ]
    return "\n".join(lines).encode("utf-8")


def configured_algorithm() -> str:
    name = str(getattr(settings, "ZHIFA_LEDGER_SIGNATURE", "sm2"))
    if name not in SIGNATURE_ALGORITHMS:
        raise SigningKeyError(f"ZHIFA_LEDGER_SIGNATURE={name!r} 无效，请设为 sm2 或 ed25519。")
    return name


def key_path() -> Path:
    return Path(settings.ZHIFA_LEDGER_KEY_FILE)


def _sm2_public_hex(private_hex: str) -> str:
    signer = sm2.CryptSM2(private_key=private_hex, public_key="")
    return "04" + signer._kg(int(private_hex, 16), sm2.default_ecc_table["g"])


def _sm2_signer(private_hex: str, public_hex: str) -> sm2.CryptSM2:
    signer = sm2.CryptSM2(private_key=private_hex, public_key="")
    # gmssl 3.2.2 strips a "04" prefix with str.lstrip, which also eats leading 0 and 4 digits
    # of x, so the point is set after construction.
    signer.public_key = public_hex[2:]
    return signer


def generate_key(algorithm: str) -> tuple[bytes, str]:
    """Return a new private key file's content and the public key hex."""
    if algorithm == "sm2":
        private_hex = f"{secrets.randbelow(_SM2_ORDER - 2) + 1:064x}"
        return (private_hex + "\n").encode("ascii"), _sm2_public_hex(private_hex)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem, _ed25519_public_hex(key)


def write_key_file(path: Path, content: bytes) -> None:
    """Create the key file readable by its owner only; an existing file is never overwritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)


def _ed25519_public_hex(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def load_key(algorithm: str | None = None, path: Path | None = None) -> SigningKey:
    name = algorithm or configured_algorithm()
    source = path or key_path()
    try:
        content = source.read_bytes()
    except FileNotFoundError as error:
        raise SigningKeyError(
            f"签名私钥文件 {source} 不存在，请先运行 zhifa ledger keygen 生成。"
        ) from error
    except OSError as error:
        raise SigningKeyError(f"无法读取签名私钥文件 {source}：{error.strerror}") from error
    if name == "sm2":
        private_hex = content.decode("ascii", "replace").strip().lower()
        if len(private_hex) != 64 or any(c not in "0123456789abcdef" for c in private_hex):
            raise SigningKeyError(f"签名私钥文件 {source} 不是 64 位十六进制的 SM2 私钥。")
        return SigningKey(name, private_hex, _sm2_public_hex(private_hex))
    try:
        key = serialization.load_pem_private_key(content, password=None)
    except ValueError as error:
        raise SigningKeyError(f"签名私钥文件 {source} 不是 PEM 格式的 Ed25519 私钥。") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"签名私钥文件 {source} 中的私钥不是 Ed25519 私钥。")
    return SigningKey(name, key, _ed25519_public_hex(key))


def sign(key: SigningKey, message: bytes) -> str:
    if isinstance(key.private, Ed25519PrivateKey):
        return key.private.sign(message).hex()
    signer = _sm2_signer(key.private, key.public_hex)
    while True:
        # gmssl draws the nonce from the random module when none is given, which is not a
        # cryptographic generator, so the nonce comes from secrets instead.
        nonce = f"{secrets.randbelow(_SM2_ORDER - 1) + 1:064x}"
        signature = signer.sign_with_sm3(message, nonce)
        if signature is not None:
            return str(signature)


def verify(algorithm: str, public_hex: str, message: bytes, signature_hex: str) -> bool:
    """Check a signature made by ``sign``; malformed keys or signatures count as invalid."""
    try:
        if algorithm == "ed25519":
            public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
            public.verify(bytes.fromhex(signature_hex), message)
            return True
        if algorithm == "sm2":
            if len(public_hex) != 130 or not public_hex.startswith("04"):
                return False
            if len(signature_hex) != 128:
                return False
            checker = _sm2_signer("", public_hex)
            return bool(checker.verify_with_sm3(signature_hex, message))
    except (InvalidSignature, ValueError):
        return False
    return False

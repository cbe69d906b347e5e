#!/usr/bin/env python3
"""Check a handover package (移交数据包) offline, with the Python standard library only.

Usage: python3 verify_package.py [--public-key=HEX] PACKAGE   (a package folder or its .zip)

Checks, all of which run even after one fails:

1. every file listed in manifest-sha256.txt and manifest-sm3.txt exists and matches both
   digests, and no file is present that the manifests do not list;
2. every ledger proof: its leaf is H(0x00 || payload) and its path leads to the root of the
   signed tree head in tree_head.json, whose signature (SM2 or Ed25519) verifies;
3. each case file's archiving entry (and each addition's) lists in ``item_digests`` exactly
   the digests of its items in package.json, in order, and each copied file has that digest
   and size;
4. each evidence-store entry (content:<digest>) names the item's digest and size.

The proof and signature logic is in verify_ledger_proof.py, loaded from this script's folder
or, when it is not there, from the package (after the manifests have been checked).
A receiving archive that does not trust the copies inside the package runs trusted copies of
both scripts against the package folder.

Exit status: 0 all checks passed, 1 any check failed (each failure is printed with the file
name), 2 the input is unusable (not a package, malformed manifest, no SM3 in this Python).
"""

import hashlib
import importlib.util
import json
import re
import sys
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

MANIFESTS = {"sha256": "manifest-sha256.txt", "sm3": "manifest-sm3.txt"}
FORMAT = "zhifa-handover-package/1"
KEY_FLAG = "--public-key="
CHUNK_BYTES = 1024 * 1024
LINE = re.compile(r"^([0-9a-f]{64})  (.+)$")
DIGEST = re.compile(r"^(sm3|sha256):([0-9a-f]{64})$")
USAGE = (
    f"用法：python3 verify_package.py [{KEY_FLAG}公钥] 数据包目录或 .zip 文件\n"
    f"  {KEY_FLAG}公钥  公示平台“存证公告”页面公布的公钥（十六进制）；"
    "给出时签名树头必须用该公钥签名"
)


class Unusable(Exception):
    """The input cannot be checked at all; the message states why, in Chinese."""


class Report:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.notes: list[str] = []

    def fail(self, message: str) -> None:
        self.problems.append(message)

    def note(self, message: str) -> None:
        self.notes.append(message)


# --- Files and manifests ----------------------------------------------------------------------


def safe_relative(text: str) -> str:
    """Return ``text`` as a relative path inside the package; raise Unusable otherwise."""
    path = PurePosixPath(text)
    if path.is_absolute() or ".." in path.parts or "\\" in text or not path.parts:
        raise Unusable(f"数据包列出了包外的路径 {text!r}，拒绝核验。")
    return path.as_posix()


def read_manifest(root: Path, algorithm: str) -> dict[str, str]:
    path = root / MANIFESTS[algorithm]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as error:
        raise Unusable(f"缺少清单文件 {MANIFESTS[algorithm]}，这不是完整的移交数据包。") from error
    except (OSError, UnicodeDecodeError) as error:
        raise Unusable(f"无法读取清单文件 {MANIFESTS[algorithm]}：{error}") from error
    listed: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        match = LINE.match(line)
        if match is None:
            raise Unusable(f"清单文件 {MANIFESTS[algorithm]} 第 {number} 行格式不正确。")
        listed[safe_relative(match.group(2))] = match.group(1)
    return listed


def files_on_disk(root: Path) -> set[str]:
    found = set()
    for path in root.rglob("*"):
        if path.is_file() or path.is_symlink():
            found.add(path.relative_to(root).as_posix())
    return found - set(MANIFESTS.values())


def hash_file(path: Path) -> dict[str, str]:
    hashers = {name: hashlib.new(name) for name in MANIFESTS}
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK_BYTES), b""):
            for hasher in hashers.values():
                hasher.update(chunk)
    return {name: hasher.hexdigest() for name, hasher in hashers.items()}


def check_files(root: Path, report: Report) -> dict[str, dict[str, str]]:
    """Check both manifests against the folder; return the digests of every intact file."""
    manifests = {name: read_manifest(root, name) for name in MANIFESTS}
    listed = set().union(*manifests.values())
    present = files_on_disk(root)
    intact: dict[str, dict[str, str]] = {}
    for relative in sorted(listed | present):
        path = root / relative
        if relative not in listed:
            report.fail(f"多出文件：{relative}（清单中没有列出，可能是后来加入的）")
        elif relative not in present:
            report.fail(f"缺少文件：{relative}（清单中列出，但数据包中没有）")
        elif path.is_symlink() or not path.is_file():
            report.fail(f"文件类型不符：{relative}（应为普通文件，实际为链接或其他类型）")
        else:
            actual = hash_file(path)
            wrong = [name for name in MANIFESTS if manifests[name].get(relative) != actual[name]]
            if wrong:
                names = "、".join(MANIFESTS[name] for name in wrong)
                report.fail(
                    f"文件被改动：{relative}（内容与 {names} 中的摘要值不符，文件被修改或截断）"
                )
            else:
                intact[relative] = actual
    return intact


# --- JSON documents and ledger proofs ---------------------------------------------------------


def load_json(root: Path, relative: str, intact: dict[str, Any], report: Report) -> Any:
    """Return a JSON document of the package, or None (with a failure) when it is not intact."""
    if relative not in intact:
        report.fail(f"无法核验依赖 {relative} 的内容，因为该文件缺少或被改动")
        return None
    try:
        return json.loads((root / relative).read_text(encoding="utf-8"))
    except (ValueError, RecursionError):
        report.fail(f"文件 {relative} 不是有效的 JSON")
        return None


def load_proof_tool(root: Path) -> ModuleType:
    """Load verify_ledger_proof.py from this script's folder, else the package's checked copy."""
    # Importing would otherwise write __pycache__ into the package, an added file next run.
    sys.dont_write_bytecode = True
    path = Path(__file__).resolve().parent / "verify_ledger_proof.py"
    if not path.is_file():
        path = root / "verify_ledger_proof.py"
    spec = importlib.util.spec_from_file_location("verify_ledger_proof", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise Unusable("找不到 verify_ledger_proof.py，它应与 verify_package.py 放在同一目录。")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Proofs:
    """Checks proofs against the one signed tree head of the package."""

    def __init__(self, tool: ModuleType, head: dict[str, Any], report: Report) -> None:
        self.tool, self.head, self.report = tool, head, report

    def check(self, relative: str, proof: Any) -> dict[str, Any] | None:
        """Check one proof; return its entry when the proof holds, else None."""
        if not isinstance(proof, dict):
            self.report.fail(f"证明 {relative} 的内容应为 JSON 对象")
            return None
        if proof.get("tree_head") != self.head:
            self.report.fail(f"证明 {relative} 所依据的签名树头与 tree_head.json 不同")
            return None
        unsigned = dict(proof, tree_head=None)
        try:
            problems, _, _ = self.tool.check(unsigned, True)
        except self.tool.ProofError as error:
            self.report.fail(f"证明 {relative} 无法核验：{error}")
            return None
        if proof.get("tree_size") != self.head["tree_size"]:
            problems.append("证明的树大小与签名树头不同")
        if proof.get("root_hash") != self.head["root_hash"]:
            problems.append("证明的树根与签名树头不同")
        for problem in problems:
            self.report.fail(f"证明 {relative} 不符：{problem}")
        return None if problems else dict(proof["entry"])


def check_head(tool: ModuleType, head: Any, key: str | None, report: Report) -> bool:
    """Check the signature of tree_head.json; return whether it verified."""
    if not isinstance(head, dict):
        report.fail("tree_head.json 的内容应为 JSON 对象")
        return False
    try:
        fields = tool.read_head({"tree_head": head})
    except tool.ProofError as error:
        report.fail(f"签名树头 tree_head.json 无法核验：{error}")
        return False
    problems: list[str] = []
    as_proof = {
        "tree_size": fields["tree_size"],
        "root_hash": fields["root_hash"],
        "hash_algorithm": fields["hash_algorithm"],
    }
    note = tool.check_head(as_proof, fields, problems, key)
    for problem in problems:
        report.fail(f"签名树头 tree_head.json 不符：{problem}")
    if note:
        report.note(note)
    return not problems


# --- Case files -------------------------------------------------------------------------------


def payload_of(entry: dict[str, Any]) -> Any:
    try:
        return json.loads(entry.get("payload", ""))
    except (TypeError, ValueError):
        return None


def check_item(
    code: str,
    item: dict[str, Any],
    intact: dict[str, dict[str, str]],
    proofs: Proofs,
    root: Path,
    report: Report,
) -> None:
    label = f"案卷 {code} 第 {item.get('sequence')} 件"
    match = DIGEST.match(str(item.get("digest", "")))
    if match is None:
        report.fail(f"{label}：package.json 中的摘要值格式不正确")
        return
    algorithm, hexdigest = match.groups()
    path = item.get("path")
    if path is None:
        if not item.get("by_reference"):
            report.fail(f"{label}：既没有随包文件，也没有标明只附摘要")
        else:
            report.note(
                f"{label}（{item.get('title')}）只附摘要，未随包移交："
                f"{item.get('digest')}，{item.get('size')} 字节，"
                f"存储位置 {item.get('storage_location')}"
            )
    elif path in intact:
        if intact[path][algorithm] != hexdigest:
            report.fail(f"{label}：文件 {path} 的摘要值与归档记录不符")
        if (root / path).stat().st_size != item.get("size"):
            report.fail(f"{label}：文件 {path} 的大小与归档记录不符")
    proof_path = item.get("content_proof")
    if proof_path is None:
        return
    proof = load_json(root, proof_path, intact, report)
    entry = proofs.check(proof_path, proof) if proof is not None else None
    if entry is None:
        return
    payload = payload_of(entry)
    if entry.get("ref") != f"content:{item['digest']}" or not isinstance(payload, dict):
        report.fail(f"{label}：证明 {proof_path} 证明的不是该文件的存证条目")
    elif payload.get("digest") != item["digest"] or payload.get("size") != item.get("size"):
        report.fail(f"{label}：证明 {proof_path} 中的摘要值或大小与该文件不符")


def recorded_digests(
    code: str, case_file: dict[str, Any], proofs: Proofs, root: Path, intact: Any, report: Report
) -> dict[str, list[str]]:
    """Return, per proof path, the item digests its archiving entry lists, in item order."""
    recorded: dict[str, list[str]] = {}
    for index, proof_path in enumerate(case_file.get("ledger_proofs") or []):
        proof = load_json(root, proof_path, intact, report)
        entry = proofs.check(proof_path, proof) if proof is not None else None
        if entry is None:
            continue
        payload = payload_of(entry)
        expected = f"case_file:{case_file.get('case_file')}"
        if index == 0 and entry.get("ref") != expected:
            report.fail(f"案卷 {code}：证明 {proof_path} 不是该案卷的归档条目（应为 {expected}）")
        elif index == 0 and isinstance(payload, dict) and payload.get("archive_code") != code:
            report.fail(f"案卷 {code}：证明 {proof_path} 中的档号与数据包不符")
        digests = payload.get("item_digests") if isinstance(payload, dict) else None
        if not isinstance(digests, list):
            report.fail(f"案卷 {code}：证明 {proof_path} 的账本条目没有列出卷内文件摘要值")
            continue
        recorded[proof_path] = [str(digest) for digest in digests]
    return recorded


def check_case_file(
    case_file: Any, intact: dict[str, dict[str, str]], proofs: Proofs, root: Path, report: Report
) -> None:
    if not isinstance(case_file, dict) or not isinstance(case_file.get("items"), list):
        report.fail("package.json 中的案卷条目格式不正确")
        return
    code = str(case_file.get("archive_code"))
    recorded = recorded_digests(code, case_file, proofs, root, intact, report)
    in_package: dict[str, list[str]] = {path: [] for path in recorded}
    for item in case_file["items"]:
        if not isinstance(item, dict):
            report.fail(f"案卷 {code}：package.json 中的卷内文件条目格式不正确")
            continue
        check_item(code, item, intact, proofs, root, report)
        proof_path = item.get("ledger_proof")
        if proof_path in in_package:
            in_package[proof_path].append(str(item.get("digest")))
        elif proof_path not in (case_file.get("ledger_proofs") or []):
            report.fail(f"案卷 {code} 第 {item.get('sequence')} 件：没有对应的归档账本条目")
    for proof_path, digests in recorded.items():
        listed = in_package[proof_path]
        for digest in sorted(set(listed) - set(digests)):
            report.fail(f"案卷 {code}：摘要值 {digest} 不在归档账本条目 {proof_path} 中")
        for digest in sorted(set(digests) - set(listed)):
            report.fail(f"案卷 {code}：归档账本条目 {proof_path} 列出的文件 {digest} 不在数据包中")
        if set(listed) == set(digests) and listed != digests:
            report.fail(f"案卷 {code}：卷内文件的顺序或件数与归档账本条目 {proof_path} 不符")


# --- Running ----------------------------------------------------------------------------------


def verify(root: Path, key: str | None) -> Report:
    for name in MANIFESTS:
        try:
            hashlib.new(name)
        except ValueError as error:
            raise Unusable(
                f"本机 Python 不支持 {name.upper()} 摘要算法（需要 OpenSSL 1.1.1 及以上）；"
                "可先用 sha256sum -c manifest-sha256.txt 核对文件，"
                "再换用支持 SM3 的 Python 核验证明。"
            ) from error
    report = Report()
    intact = check_files(root, report)
    tool = load_proof_tool(root)
    index = load_json(root, "package.json", intact, report)
    head = load_json(root, "tree_head.json", intact, report)
    if not isinstance(index, dict) or index.get("format") != FORMAT:
        report.fail(f"package.json 缺少或不是 {FORMAT} 格式，无法核对案卷")
        return report
    if head is None or not check_head(tool, head, key, report):
        return report
    proofs = Proofs(tool, head, report)
    for case_file in index.get("case_files") or []:
        check_case_file(case_file, intact, proofs, root, report)
    return report


def package_root(path: Path, scratch: Path) -> Path:
    """Return the package folder, unpacking a .zip into ``scratch`` first."""
    if path.is_dir():
        return path
    if not zipfile.is_zipfile(path):
        raise Unusable(f"{path} 不是数据包目录，也不是 zip 文件。")
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            safe_relative(name)
        archive.extractall(scratch)
    folders = [child for child in scratch.iterdir() if child.is_dir()]
    if len(folders) != 1:
        raise Unusable(f"{path} 中应只有一个顶层目录（数据包名称）。")
    return folders[0]


def main(argv: list[str]) -> int:
    arguments = argv[1:]
    keys = [argument[len(KEY_FLAG) :] for argument in arguments if argument.startswith(KEY_FLAG)]
    paths = [argument for argument in arguments if not argument.startswith("--")]
    if len(paths) != 1 or len(paths) + len(keys) != len(arguments):
        print(USAGE, file=sys.stderr)
        return 2
    try:
        with tempfile.TemporaryDirectory(prefix="verify-package-") as scratch:
            root = package_root(Path(paths[0]), Path(scratch))
            report = verify(root, keys[-1] if keys else None)
    except Unusable as error:
        print(f"无法核验：{error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"无法核验：读取 {paths[0]} 失败：{error}", file=sys.stderr)
        return 2
    for note in report.notes:
        print(f"说明：{note}")
    for problem in report.problems:
        print(f"不符：{problem}")
    if report.problems:
        print(f"核验未通过：发现 {len(report.problems)} 处问题。")
        return 1
    print("核验通过：全部文件与清单一致，账本证明和签名树头有效。")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

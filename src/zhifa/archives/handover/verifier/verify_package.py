#!/usr/bin/env python3
"""Check a handover package (移交数据包) offline, with the Python standard library only.

Usage: python3 verify_package.py [--public-key=HEX | --public-key HEX] PACKAGE
(PACKAGE is a package folder or its .zip)

Checks, all of which run even after one fails:

1. every file listed in manifest-sha256.txt and manifest-sm3.txt exists and matches both
   digests, and no file is present that the manifests do not list;
2. every file in the package is named by package.json (an item, a metadata file, a proof or
   one of the fixed top-level files), every file package.json names is present, and the case
   files of package.json are those package.xml declares;
3. every ledger proof: its leaf is H(0x00 || payload) and its path leads to the root of the
   signed tree head in tree_head.json, whose signature (SM2 or Ed25519) verifies;
4. each case file's archiving entry (ref ``case_file:<pk>``, with its archive code) and each
   addition's entry (ref ``case_file_addition:<pk>``, naming the case file) belongs to the case
   file it is listed under;
5. each entry's ``item_digests`` are exactly the digests of its items in package.json, in
   order, each carried as a file with that digest and size, or named by digest only where
   the entry's ``item_by_reference`` records that item as kept by reference;
6. each evidence-store entry (content:<digest>) names the item's digest and size.

The output ends with the SM3 digest of manifest-sm3.txt (清单摘要值). Because an attacker who
rewrites the whole package can also rewrite package.json and package.xml, the receiver compares
that digest with the handover record the sending agency provides.

The proof and signature logic is in verify_ledger_proof.py, loaded from this script's folder
or, when it is not there, from the package (after the manifests have been checked).
A receiving archive that does not trust the copies inside the package runs trusted copies of
both scripts against the package folder.

Exit status: 0 all checks passed, 1 any check failed (each failure is printed with the file
name), 2 the input is unusable (no such path, not a package, malformed manifest, no SM3 in
this Python).
"""

import hashlib
import importlib.util
import json
import re
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

MANIFESTS = {"sha256": "manifest-sha256.txt", "sm3": "manifest-sm3.txt"}
FORMAT = "zhifa-handover-package/1"
KEY_OPTION = "--public-key"
KEY_FLAG = f"{KEY_OPTION}="
# Files at the top of every package besides the manifests, whatever the export profile.
FIXED_FILES = (
    "README.txt",
    "verify_package.py",
    "verify_ledger_proof.py",
    "package.xml",
    "package.json",
    "tree_head.json",
)
CHUNK_BYTES = 1024 * 1024
LINE = re.compile(r"^([0-9a-f]{64})  (.+)$")
DIGEST = re.compile(r"^(sm3|sha256):([0-9a-f]{64})$")
USAGE = (
    f"用法：python3 verify_package.py [{KEY_FLAG}公钥] 数据包目录或 .zip 文件\n"
    f"  {KEY_FLAG}公钥  公示平台“存证公告”页面公布的公钥（十六进制），"
    f"也可写作 {KEY_OPTION} 公钥；给出时签名树头必须用该公钥签名，"
    "不给出时任何有效签名都能通过，输出中会提示核对公钥"
)


class Unusable(Exception):
    """The input cannot be checked at all; the message states why, in Chinese."""


class Report:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.notes: list[str] = []
        # Paths already reported as missing, extra or changed, so each is reported once.
        self.flagged_paths: set[str] = set()
        self.manifest_digest: str | None = None

    def fail(self, message: str) -> None:
        self.problems.append(message)

    def fail_path(self, path: str, message: str) -> None:
        """Record a problem with the file ``path`` unless one is already recorded for it."""
        if path not in self.flagged_paths:
            self.flagged_paths.add(path)
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


def read_manifest(root: Path, algorithm: str, report: Report) -> dict[str, str]:
    path = root / MANIFESTS[algorithm]
    try:
        content = path.read_bytes()
        lines = content.decode("utf-8").splitlines()
    except FileNotFoundError as error:
        raise Unusable(f"缺少清单文件 {MANIFESTS[algorithm]}，这不是完整的移交数据包。") from error
    except (OSError, UnicodeDecodeError) as error:
        raise Unusable(f"无法读取清单文件 {MANIFESTS[algorithm]}：{error}") from error
    if algorithm == "sm3":
        report.manifest_digest = "sm3:" + hashlib.new("sm3", content).hexdigest()
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
    manifests = {name: read_manifest(root, name, report) for name in MANIFESTS}
    listed = set().union(*manifests.values())
    present = files_on_disk(root)
    intact: dict[str, dict[str, str]] = {}
    for relative in sorted(listed | present):
        path = root / relative
        if relative not in listed:
            report.fail_path(relative, f"多出文件：{relative}（清单中没有列出，可能是后来加入的）")
        elif relative not in present:
            report.fail_path(relative, f"缺少文件：{relative}（清单中列出，但数据包中没有）")
        elif path.is_symlink() or not path.is_file():
            report.fail_path(
                relative, f"文件类型不符：{relative}（应为普通文件，实际为链接或其他类型）"
            )
        else:
            actual = hash_file(path)
            wrong = [name for name in MANIFESTS if manifests[name].get(relative) != actual[name]]
            if wrong:
                names = "、".join(MANIFESTS[name] for name in wrong)
                report.fail_path(
                    relative,
                    f"文件被改动：{relative}（内容与 {names} 中的摘要值不符，文件被修改或截断）",
                )
            else:
                intact[relative] = actual
    return intact


# --- What package.json and package.xml declare ------------------------------------------------


def case_file_entries(index: dict[str, Any], report: Report) -> list[dict[str, Any]]:
    """Return the case file entries of package.json, reporting malformed ones."""
    entries = index.get("case_files")
    if not isinstance(entries, list) or not entries:
        report.fail("package.json 没有列出任何案卷")
        return []
    valid = [entry for entry in entries if isinstance(entry, dict)]
    if len(valid) != len(entries):
        report.fail("package.json 中的案卷条目格式不正确")
    return valid


def declared_files(case_files: list[dict[str, Any]]) -> set[str]:
    """Return every path package.json names: metadata, proofs, carried items, fixed files."""
    named: list[Any] = list(FIXED_FILES)
    for case_file in case_files:
        named.append(case_file.get("metadata"))
        proofs = case_file.get("ledger_proofs")
        named.extend(proofs if isinstance(proofs, list) else [])
        items = case_file.get("items")
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                named.extend((item.get("path"), item.get("content_proof")))
    return {path for path in named if isinstance(path, str)}


def check_declared_files(root: Path, case_files: list[dict[str, Any]], report: Report) -> None:
    """Report files that package.json does not name and files it names that are absent."""
    declared = declared_files(case_files)
    present = files_on_disk(root)
    for relative in sorted(present - declared):
        report.fail_path(
            relative, f"多出文件：{relative}（package.json 没有列出，可能是后来加入的）"
        )
    for relative in sorted(declared - present):
        report.fail_path(relative, f"缺少文件：{relative}（package.json 列出，但数据包中没有）")


def xml_case_files(root: Path, intact: dict[str, Any], report: Report) -> dict[str, str] | None:
    """Return archive code to metadata path as package.xml declares them, or None.

    Element names depend on the export profile, so the entries are found by position, in the
    order ``metadata.package_xml`` writes them. The fourth child of the root is the signed
    object, its third child is the content, and each content entry has an archive code and a
    metadata path.
    """
    if "package.xml" not in intact:
        report.fail("无法核对 package.xml 声明的案卷，因为该文件缺少或被改动")
        return None
    try:
        # The manifests matched, and Python's expat (2.4.1 and later) limits entity expansion.
        tree = ET.parse(root / "package.xml")  # noqa: S314
        content = tree.getroot()[3][2]
        declared = {str(entry[0].text): str(entry[1].text) for entry in content}
    except (ET.ParseError, IndexError) as error:
        report.fail(f"package.xml 的结构不符，无法核对其中声明的案卷：{error}")
        return None
    if len(declared) != len(content):
        report.fail("package.xml 中有重复列出的案卷")
    return declared


def check_case_file_set(
    root: Path, case_files: list[dict[str, Any]], intact: dict[str, Any], report: Report
) -> None:
    """Report case files that package.json, package.xml and the folders do not all contain."""
    in_index = [str(case_file.get("archive_code")) for case_file in case_files]
    for code in sorted({code for code in in_index if in_index.count(code) > 1}):
        report.fail(f"案卷 {code} 在 package.json 中重复列出")
    present = files_on_disk(root)
    for case_file in case_files:
        metadata_path = case_file.get("metadata")
        if not isinstance(metadata_path, str) or metadata_path not in present:
            report.fail(
                f"缺少案卷：{case_file.get('archive_code')}（package.json 列出，"
                f"但数据包中没有其元数据文件 {metadata_path}）"
            )
    in_xml = xml_case_files(root, intact, report)
    if in_xml is None:
        return
    for code in sorted(set(in_xml) - set(in_index)):
        report.fail(f"缺少案卷：{code}（package.xml 列出，但 package.json 中没有）")
    for code in sorted(set(in_index) - set(in_xml)):
        report.fail(f"多出案卷：{code}（package.json 列出，但 package.xml 中没有）")
    for case_file in case_files:
        code = str(case_file.get("archive_code"))
        if code in in_xml and in_xml[code] != case_file.get("metadata"):
            report.fail(f"案卷 {code} 的元数据文件在 package.xml 与 package.json 中不同")


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


class Recorded:
    """The item digests of one archiving entry, in order, and those it records as by reference."""

    def __init__(self, digests: list[str], by_reference: set[str]) -> None:
        self.digests = digests
        self.by_reference = by_reference


def check_item(
    code: str,
    item: dict[str, Any],
    recorded: Recorded | None,
    intact: dict[str, dict[str, str]],
    root: Path,
    report: Report,
) -> bool:
    """Check one item's file or by-reference claim; return whether the item is accounted for."""
    label = f"案卷 {code} 第 {item.get('sequence')} 件"
    match = DIGEST.match(str(item.get("digest", "")))
    if match is None:
        report.fail(f"{label}：package.json 中的摘要值格式不正确")
        return False
    algorithm, hexdigest = match.groups()
    path = item.get("path")

    if path is None:
        if not item.get("by_reference"):
            report.fail(f"{label}：既没有随包文件，也没有标明只附摘要")
            return False
        if recorded is not None and item["digest"] not in recorded.by_reference:
            report.fail(
                f"与归档记录不符：{label}在 package.json 中标明只附摘要，"
                "但归档账本条目记录该文件随包移交"
            )
            return False
        report.note(
            f"{label}（{item.get('title')}）只附摘要，未随包移交："
            f"{item.get('digest')}，{item.get('size')} 字节，"
            f"存储位置 {item.get('storage_location')}"
        )
        return True

    if not isinstance(path, str) or path not in intact:
        # check_files or check_declared_files has reported the file as missing or changed.
        report.fail_path(
            str(path), f"缺少文件：{path}（{label}，package.json 列出，但数据包中没有）"
        )
        return False
    accounted = True
    if intact[path][algorithm] != hexdigest:
        report.fail(f"{label}：文件 {path} 的摘要值与归档记录不符")
        accounted = False
    if (root / path).stat().st_size != item.get("size"):
        report.fail(f"{label}：文件 {path} 的大小与归档记录不符")
        accounted = False
    return accounted


def check_content_proof(
    code: str, item: dict[str, Any], intact: Any, proofs: Proofs, root: Path, report: Report
) -> None:
    """Check the evidence-store entry of an item, when the package has one."""
    label = f"案卷 {code} 第 {item.get('sequence')} 件"
    proof_path = item.get("content_proof")
    if proof_path is None:
        return
    if not isinstance(proof_path, str):
        report.fail(f"{label}：package.json 中的存证证明路径格式不正确")
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


def ownership_problem(
    index: int, entry: dict[str, Any], payload: dict[str, Any], case_file: dict[str, Any]
) -> str | None:
    """Describe why an archiving entry does not belong to ``case_file``, or return None.

    The first proof is the case file's own entry. Every later one is an addition (补充归档)
    whose payload names the case file, so another case file's entry cannot pose as one.
    """
    pk = case_file.get("case_file")
    if index == 0:
        if entry.get("ref") != f"case_file:{pk}":
            return f"不是该案卷的归档条目（应为 case_file:{pk}）"
        if payload.get("archive_code") != case_file.get("archive_code"):
            return "中的档号与数据包不符"
        return None
    if not str(entry.get("ref")).startswith("case_file_addition:"):
        return "不是补充归档条目（应为 case_file_addition:编号）"
    if payload.get("case_file") != pk:
        return f"是另一案卷（编号 {payload.get('case_file')}）的补充归档条目"
    return None


def recorded_entries(
    code: str, case_file: dict[str, Any], proofs: Proofs, root: Path, intact: Any, report: Report
) -> dict[str, Recorded]:
    """Return, per proof path, what its archiving entry records, for entries of this case file."""
    recorded: dict[str, Recorded] = {}
    listed = case_file.get("ledger_proofs")
    if not isinstance(listed, list) or not listed:
        report.fail(f"案卷 {code}：package.json 没有列出归档账本条目的证明")
        return recorded
    for index, proof_path in enumerate(listed):
        if not isinstance(proof_path, str):
            report.fail(f"案卷 {code}：package.json 中的证明路径格式不正确")
            continue
        proof = load_json(root, proof_path, intact, report)
        entry = proofs.check(proof_path, proof) if proof is not None else None
        if entry is None:
            continue
        payload = payload_of(entry)
        if not isinstance(payload, dict):
            report.fail(f"案卷 {code}：证明 {proof_path} 的账本条目内容不是 JSON 对象")
            continue
        problem = ownership_problem(index, entry, payload, case_file)
        if problem is not None:
            report.fail(f"与归档记录不符：案卷 {code} 的证明 {proof_path} {problem}")
            continue
        digests = payload.get("item_digests")
        if not isinstance(digests, list):
            report.fail(f"案卷 {code}：证明 {proof_path} 的账本条目没有列出卷内文件摘要值")
            continue
        flags = payload.get("item_by_reference")
        # An entry without the list records no item as kept by reference.
        by_reference = set()
        if isinstance(flags, list) and len(flags) == len(digests):
            by_reference = {str(d) for d, flag in zip(digests, flags, strict=True) if flag is True}
        recorded[proof_path] = Recorded([str(digest) for digest in digests], by_reference)
    return recorded


def compare_with_entry(
    code: str, proof_path: str, recorded: Recorded, listed: list[str], report: Report
) -> None:
    """Compare the accounted-for item digests under one entry with the digests it records."""
    for digest in sorted(set(listed) - set(recorded.digests)):
        report.fail(
            f"与归档记录不符：案卷 {code} 的摘要值 {digest} 不在归档账本条目 {proof_path} 中"
        )
    for digest in sorted(set(recorded.digests) - set(listed)):
        report.fail(
            f"缺少文件：案卷 {code} 的归档账本条目 {proof_path} 列出的文件 {digest} "
            "不在数据包中，也没有按账本记录只附摘要"
        )
    if set(listed) == set(recorded.digests) and listed != recorded.digests:
        report.fail(f"案卷 {code}：卷内文件的顺序或件数与归档账本条目 {proof_path} 不符")


def check_case_file(
    case_file: dict[str, Any],
    intact: dict[str, dict[str, str]],
    proofs: Proofs,
    root: Path,
    report: Report,
) -> None:
    code = str(case_file.get("archive_code"))
    if not isinstance(case_file.get("items"), list):
        report.fail(f"案卷 {code}：package.json 中的卷内文件列表格式不正确")
        return
    recorded = recorded_entries(code, case_file, proofs, root, intact, report)
    listed_proofs = case_file.get("ledger_proofs")
    if not isinstance(listed_proofs, list):
        listed_proofs = []
    accounted: dict[str, list[str]] = {path: [] for path in recorded}
    for item in case_file["items"]:
        if not isinstance(item, dict):
            report.fail(f"案卷 {code}：package.json 中的卷内文件条目格式不正确")
            continue
        proof_path = item.get("ledger_proof")
        if not isinstance(proof_path, str) or proof_path not in listed_proofs:
            report.fail(f"案卷 {code} 第 {item.get('sequence')} 件：没有对应的归档账本条目")
            proof_path = None
        entry = recorded.get(proof_path) if proof_path is not None else None
        if check_item(code, item, entry, intact, root, report) and proof_path in accounted:
            accounted[proof_path].append(str(item.get("digest")))
        check_content_proof(code, item, intact, proofs, root, report)
    for proof_path, entry in recorded.items():
        compare_with_entry(code, proof_path, entry, accounted[proof_path], report)


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
    case_files = case_file_entries(index, report)
    check_declared_files(root, case_files, report)
    check_case_file_set(root, case_files, intact, report)
    if head is None or not check_head(tool, head, key, report):
        return report
    proofs = Proofs(tool, head, report)
    for case_file in case_files:
        check_case_file(case_file, intact, proofs, root, report)
    return report


def package_root(path: Path, scratch: Path) -> Path:
    """Return the package folder, unpacking a .zip into ``scratch`` first."""
    if not path.exists():
        raise Unusable(f"路径 {path} 不存在，请给出数据包目录或 .zip 文件的路径。")
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


def parse_arguments(arguments: list[str]) -> tuple[str, str | None] | None:
    """Return (package path, public key or None), or None when the arguments are not usable."""
    paths: list[str] = []
    keys: list[str] = []
    remaining = list(arguments)
    while remaining:
        argument = remaining.pop(0)
        if argument.startswith(KEY_FLAG):
            keys.append(argument[len(KEY_FLAG) :])
        elif argument == KEY_OPTION and remaining:
            keys.append(remaining.pop(0))
        elif argument.startswith("-"):
            return None
        else:
            paths.append(argument)
    if len(paths) != 1 or len(keys) > 1:
        return None
    return paths[0], keys[0] if keys else None


def main(argv: list[str]) -> int:
    parsed = parse_arguments(argv[1:])
    if parsed is None:
        print(USAGE, file=sys.stderr)
        return 2
    package, key = parsed
    try:
        with tempfile.TemporaryDirectory(prefix="verify-package-") as scratch:
            root = package_root(Path(package), Path(scratch))
            report = verify(root, key)
    except Unusable as error:
        print(f"无法核验：{error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"无法核验：读取 {package} 失败：{error}", file=sys.stderr)
        return 2
    for note in report.notes:
        print(f"说明：{note}")
    for problem in report.problems:
        print(f"不符：{problem}")
    if report.manifest_digest:
        print(f"清单摘要值：{report.manifest_digest} 请与移交单位提供的移交记录核对")
    if report.problems:
        print(f"核验未通过：发现 {len(report.problems)} 处问题。")
        return 1
    print("核验通过：全部文件与清单一致，账本证明和签名树头有效。")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""The contents of a package: planned from the database first, then written file by file.

``plan`` reads everything that can make an export fail (ledger entries, the covering tree
head) before anything is written. ``write`` then copies content and writes metadata, proofs,
the index ``package.json`` that the verifier reads, the README and the verifier itself.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone

from zhifa.archives import items as item_store
from zhifa.archives.casefiles.models import CaseFile, CaseFileItem
from zhifa.archives.handover import metadata, proofs, writer
from zhifa.archives.handover.profiles import Profile
from zhifa.core import digests
from zhifa.core.errors import ValidationFailed
from zhifa.evidence.ledger.proofs import head_document, inclusion_document
from zhifa.evidence.models import LedgerEntry, TreeHead

FORMAT = "zhifa-handover-package/1"
VERIFIER = Path(__file__).resolve().parent / "verifier"
# The project's standalone proof checker, shipped next to the verifier in every package.
PROOF_TOOL = Path(__file__).resolve().parents[4] / "tools" / "verify_ledger_proof.py"


@dataclass
class CaseFilePlan:
    case_file: CaseFile
    items: list[CaseFileItem]
    # (addition pk or None for the case file itself, its archiving entry)
    entries: list[tuple[int | None, LedgerEntry]]
    content_entries: dict[int, LedgerEntry] = field(default_factory=dict)


@dataclass
class PackageContents:
    profile: Profile
    plans: list[CaseFilePlan]
    head: TreeHead

    @classmethod
    def plan(cls, rows: list[CaseFile], profile: Profile) -> "PackageContents":
        plans = []
        for case_file in rows:
            case_items = list(case_file.items.order_by("sequence"))
            plan = CaseFilePlan(case_file, case_items, proofs.case_file_entries(case_file))
            for item in case_items:
                entry = proofs.content_entry(item)
                if entry is not None:
                    plan.content_entries[item.pk] = entry
            plans.append(plan)
        positions = [
            entry.position
            for plan in plans
            for entry in [*(entry for _, entry in plan.entries), *plan.content_entries.values()]
        ]
        if not PROOF_TOOL.is_file():
            raise ValidationFailed(
                f"找不到账本证明核验程序 {PROOF_TOOL}，无法生成可离线核验的数据包；"
                "请检查平台安装是否完整。",
                field="case_files",
            )
        return cls(profile, plans, proofs.covering_head(positions))

    def write(self, folder: writer.PackageFolder, name: str) -> None:
        folder.add_json("tree_head.json", head_document(self.head))
        index = [self._write_case_file(folder, plan) for plan in self.plans]
        agency = self.plans[0].case_file.agency.name
        pairs = [(entry["archive_code"], entry["metadata"]) for entry in index]
        folder.add_bytes("package.xml", metadata.package_xml(name, agency, pairs, self.profile))
        folder.add_json(
            "package.json",
            {
                "format": FORMAT,
                "package": name,
                "profile": self.profile.name,
                "agency": agency,
                "created_at": timezone.now().isoformat(),
                "manifests": list(writer.MANIFESTS.values()),
                "tree_head": "tree_head.json",
                "case_files": index,
            },
        )
        readme = (VERIFIER / "README.txt").read_text(encoding="utf-8")
        folder.add_bytes("README.txt", readme.replace("{package}", name).encode("utf-8"))
        folder.add_file("verify_package.py", VERIFIER / "verify_package.py")
        folder.add_file("verify_ledger_proof.py", PROOF_TOOL)

    def _proof(self, folder: writer.PackageFolder, path: str, entry: LedgerEntry) -> str:
        folder.add_json(path, inclusion_document(entry.position, self.head.tree_size))
        return path

    def _copy(self, folder: writer.PackageFolder, case_file: CaseFile, item: CaseFileItem) -> str:
        path = self.profile.content_path(case_file, item)
        label = f"案卷 {case_file.archive_code} 第 {item.sequence} 件（{item.title}）"
        try:
            with item_store.open_item(item) as handle:
                folder.add_stream(path, handle, digests.parse(item.digest))
        except OSError as error:
            raise ValidationFailed(
                f"{label}的文件无法读取：{error}。", field="case_files"
            ) from error
        except writer.DigestMismatch as error:
            raise ValidationFailed(
                f"{label}的内容与归档时的摘要值不符，未生成数据包；请运行四性检测查明原因。",
                field="case_files",
            ) from error
        return path

    def _write_case_file(self, folder: writer.PackageFolder, plan: CaseFilePlan) -> dict[str, Any]:
        """Write one case file's proofs, content and metadata; return its package.json entry."""
        case_file = plan.case_file
        proofs_folder = self.profile.proofs_folder(case_file)
        proof_of: dict[int | None, str] = {}
        for addition, entry in plan.entries:
            path = f"{proofs_folder}/case_file-{entry.position}.json"
            proof_of[addition] = self._proof(folder, path, entry)
        ledger_proofs = list(proof_of.values())

        paths: dict[int, str | None] = {}
        listed = []
        for item in plan.items:
            paths[item.pk] = None if item.by_reference else self._copy(folder, case_file, item)
            content_entry = plan.content_entries.get(item.pk)
            content_proof = None
            if content_entry is not None:
                content_path = f"{proofs_folder}/content-{item.sequence:04d}.json"
                content_proof = self._proof(folder, content_path, content_entry)
            row = _item_index(item, paths[item.pk], content_proof)
            row["ledger_proof"] = proof_of.get(item.addition_id)
            listed.append(row)

        metadata_path = self.profile.metadata_path(case_file)
        xml = metadata.case_file_xml(case_file, plan.items, paths, ledger_proofs, self.profile)
        folder.add_bytes(metadata_path, xml)
        return {
            "archive_code": case_file.archive_code,
            "case_file": case_file.pk,
            "title": case_file.title,
            "metadata": metadata_path,
            "ledger_proofs": ledger_proofs,
            "items": listed,
        }


def _item_index(item: CaseFileItem, path: str | None, content_proof: str | None) -> dict[str, Any]:
    return {
        "sequence": item.sequence,
        "title": item.title,
        "file_name": item.file_name,
        "digest": item.digest,
        "size": item.size,
        "path": path,
        "by_reference": item.by_reference,
        "storage_location": f"{item.storage}:{item.storage_name}",
        "content_proof": content_proof,
    }

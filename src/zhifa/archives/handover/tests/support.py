"""Builders for the handover tests: an archived case file with its ledger entry, and a head."""

import hashlib
import subprocess
import sys
from pathlib import Path

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.archives import items as item_store
from zhifa.archives import manifest
from zhifa.archives.casefiles import ledger
from zhifa.archives.casefiles.models import CaseFile, CaseFileItem, ItemSource, ItemStorage
from zhifa.archives.tests.support import (
    MEDIA,
    archived_case_file,
    closed_case,
    default_files,
    minimal_pdf,
)
from zhifa.evidence.ledger import signing
from zhifa.evidence.ledger.heads import sign_tree_head


def files_with_contents() -> list[tuple[str, bytes, str, str, ItemSource]]:
    """The shared default files after a table of contents, which the integrity check requires."""
    contents = ("卷内目录", minimal_pdf("Contents"), "pdf", "application/pdf", ItemSource.CONTENTS)
    return [contents, *default_files()]


def _add_by_reference_item(case_file: CaseFile) -> None:
    """Append a recording that travels by digest only, as a large AV file would."""
    content = (MEDIA / "patrol_1.mp4").read_bytes()
    stored, _ = item_store.store_bytes(content)
    items = list(case_file.items.all())
    sequence = len(items) + 1
    items.append(
        CaseFileItem.objects.create(
            case_file=case_file,
            sequence=sequence,
            source=ItemSource.AV_RECORD,
            title="大容量执法记录仪视频",
            responsible=case_file.agency.name,
            dated=case_file.closed_on,
            file_name=f"{sequence:03d}.mp4",
            file_format="mp4",
            mime_type="video/mp4",
            size=len(content),
            digest=stored.digest,
            storage=ItemStorage.EVIDENCE,
            storage_name=stored.storage_name,
            by_reference=True,
        )
    )
    case_file.item_count = len(items)
    case_file.manifest_digest = manifest.manifest_digest(items)
    case_file.save(update_fields=["item_count", "manifest_digest"])


def ledgered_case_file(
    agency: Agency,
    user: User,
    number: str = "青市监罚〔2026〕1号",
    *,
    by_reference: bool = False,
) -> CaseFile:
    """Return an archived case file whose archiving entry is in the ledger, as archiving does.

    With ``by_reference`` a last item is added that a package names by digest only.
    """
    case = closed_case(agency, user, number=number)
    case_file = archived_case_file(case, user, files_with_contents())
    if by_reference:
        _add_by_reference_item(case_file)
    case_file.ledger_position = ledger.append_case_file(case_file).position
    case_file.save(update_fields=["ledger_position"])
    return case_file


def sign_head() -> None:
    """Sign today's tree head, creating the configured signing key first if it is missing."""
    if not signing.key_path().exists():
        content, _ = signing.generate_key(signing.configured_algorithm())
        signing.write_key_file(signing.key_path(), content)
    sign_tree_head()


def signed_case_file(agency: Agency, user: User, *, by_reference: bool = False) -> CaseFile:
    case_file = ledgered_case_file(agency, user, by_reference=by_reference)
    sign_head()
    return case_file


def run_verifier(package: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run the verifier shipped in ``package``, or the source copy for a zip or a bad folder."""
    script = package / "verify_package.py"
    if not script.is_file():
        script = Path(__file__).resolve().parents[1] / "verifier" / "verify_package.py"
    return subprocess.run(  # noqa: S603 (the verifier script built by the test)
        [sys.executable or "python3", str(script), *extra, str(package)],
        capture_output=True,
        text=True,
        check=False,
    )


def rewrite_manifests(root: Path) -> None:
    """Recompute both manifests over the folder, as someone hiding a change would."""
    files = sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and not path.name.startswith("manifest-")
    )
    for algorithm in ("sha256", "sm3"):
        lines = [
            f"{hashlib.new(algorithm, (root / path).read_bytes()).hexdigest()}  {path}\n"
            for path in files
        ]
        (root / f"manifest-{algorithm}.txt").write_text("".join(lines), encoding="utf-8")

"""The manifest of a case file: the list its digest and ledger entry are computed over.

One line per item, in item order: sequence, file name, size and digest, as canonical JSON
(sorted keys, no spaces, UTF-8). The manifest digest is the configured digest of that text, so
a checker that holds the items' rows, or a handover package's metadata, can compute it again.
"""

import json
from collections.abc import Iterable
from typing import Any

from zhifa.archives.casefiles.models import CaseFileItem
from zhifa.core import digests


def manifest_lines(items: Iterable[CaseFileItem]) -> list[dict[str, Any]]:
    return [
        {
            "sequence": item.sequence,
            "file_name": item.file_name,
            "size": item.size,
            "digest": item.digest,
        }
        for item in sorted(items, key=lambda item: item.sequence)
    ]


def manifest_text(items: Iterable[CaseFileItem]) -> str:
    return json.dumps(
        manifest_lines(items), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


def manifest_digest(items: Iterable[CaseFileItem], algorithm: str | None = None) -> str:
    return digests.of_bytes(manifest_text(items).encode("utf-8"), algorithm)

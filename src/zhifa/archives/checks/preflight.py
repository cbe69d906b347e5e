"""The check of planned files before archiving: type, usability and the virus scan."""

from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO

from zhifa.archives.checks import formats, opening, virus
from zhifa.archives.checks.findings import Finding, file_label
from zhifa.archives.checks.properties import authenticity, security, usability

# A file that archiving plans to write: its name, its declared format and a function that
# opens its bytes for reading.
PlannedFile = tuple[str, str, Callable[[], IO[bytes]]]


def preflight(files: Sequence[PlannedFile]) -> list[str]:
    """Return the Chinese problems found in ``files``; an empty list means they may be archived."""
    findings: list[Finding] = []
    to_scan: security.ScanList = {}
    with ExitStack() as stack:
        for file_name, file_format, opener in files:
            path = stack.enter_context(opening.local_file(stack.enter_context(opener())))
            findings += _check_planned(file_label(file_name), file_format, path)
            to_scan.setdefault(path, []).append((file_label(file_name), None))

        command = virus.scanner_command()
        if command:
            findings += security.scan_files(command, to_scan)
    return [finding.message for finding in findings]


def _check_planned(label: str, file_format: str, path: Path) -> list[Finding]:
    with path.open("rb") as handle:
        head = handle.read(formats.HEAD_BYTES)
    found = authenticity.check_type(label, file_format, None, head)
    return found + usability.check_file(label, file_format, path)

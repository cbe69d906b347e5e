"""The virus scan of the security check (安全性), by an external scanner command.

``ZHIFA_ARCHIVE_VIRUS_SCANNER`` is a command line; the paths to scan are appended to it. An
empty setting uses ``clamscan --no-summary`` when ``clamscan`` is on the PATH. The scanner's
exit status follows clamscan: 0 all clean, 1 at least one file infected, anything else an error.
"""

import enum
import logging
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

# clamscan loads its signature database on every start, which takes tens of seconds.
SCAN_TIMEOUT_SECONDS = 900


class ScanStatus(enum.Enum):
    CLEAN = "clean"
    INFECTED = "infected"
    ERROR = "error"


@dataclass(frozen=True)
class ScanOutcome:
    status: ScanStatus
    detail: str = ""


def scanner_command() -> list[str]:
    """Return the configured scanner as an argument list, or [] when none is available."""
    configured = str(getattr(settings, "ZHIFA_ARCHIVE_VIRUS_SCANNER", "") or "").strip()
    if configured:
        return shlex.split(configured)
    clamscan = shutil.which("clamscan")
    return [clamscan, "--no-summary"] if clamscan else []


def describe(command: list[str]) -> str:
    """Return the scanner as the run records it, e.g. ``clamscan --no-summary``."""
    return shlex.join([Path(command[0]).name, *command[1:]])[:200] if command else ""


def scan(command: list[str], paths: list[Path]) -> ScanOutcome:
    """Scan ``paths`` in one run of the scanner."""
    try:
        result = subprocess.run(  # noqa: S603 (the administrator's configured command, no shell)
            [*command, *(str(path) for path in paths)],
            capture_output=True,
            timeout=SCAN_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        logger.error(
            "virus scanner timed out after %s s on %d files", SCAN_TIMEOUT_SECONDS, len(paths)
        )
        return ScanOutcome(ScanStatus.ERROR, f"扫描在 {SCAN_TIMEOUT_SECONDS} 秒内未完成")
    except OSError as error:
        logger.error("virus scanner %s could not start: %s", command[0], error)
        return ScanOutcome(ScanStatus.ERROR, f"扫描程序无法启动（{error.strerror or error}）")
    if result.returncode == 0:
        return ScanOutcome(ScanStatus.CLEAN)
    output = (result.stdout + result.stderr).decode("utf-8", "replace").strip()[:200]
    if result.returncode == 1:
        return ScanOutcome(ScanStatus.INFECTED, output)
    logger.error("virus scanner exited with status %s: %s", result.returncode, output)
    return ScanOutcome(ScanStatus.ERROR, f"扫描程序退出状态为 {result.returncode}：{output}")


def infected_paths(command: list[str], paths: list[Path]) -> list[tuple[Path | None, ScanOutcome]]:
    """Scan ``paths`` together and, only when something is found, each one alone.

    One run for all the files of a case file keeps the scanner's start-up cost to one per case
    file; a second pass names the infected files, because scanners' output formats differ.
    Returns the paths that are infected or could not be scanned, with their outcomes, and
    ``(None, outcome)`` when only the run over all of them failed.
    """
    if not paths:
        return []
    together = scan(command, paths)
    if together.status is ScanStatus.CLEAN:
        return []
    if len(paths) == 1:
        return [(paths[0], together)]
    found: list[tuple[Path | None, ScanOutcome]] = []
    for path in paths:
        outcome = scan(command, [path])
        if outcome.status is not ScanStatus.CLEAN:
            found.append((path, outcome))
    return found or [(None, together)]

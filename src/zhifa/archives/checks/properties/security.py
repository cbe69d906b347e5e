"""Security (安全性): the virus scan, and the access history of a case file."""

from pathlib import Path

from django.utils import timezone

from zhifa.archives.casefiles.models import CaseFile
from zhifa.archives.checks import virus
from zhifa.archives.checks.findings import Finding
from zhifa.archives.checks.loading import Batch
from zhifa.archives.checks.models import Property
from zhifa.archives.use.models import UseRequest
from zhifa.evidence.models import AccessLog

# The local files to scan: each path with the labels (``findings.file_label``) and item ids of
# the files it holds.
ScanList = dict[Path, list[tuple[str, int | None]]]


def scan_files(command: list[str], files: ScanList) -> list[Finding]:
    """Scan ``files`` with the scanner ``command``; return a finding per infected file."""
    findings = []
    for path, outcome in virus.infected_paths(command, list(files)):
        if path is None:
            labels = "、".join(label for entries in files.values() for label, _ in entries)
            findings.append(_finding(labels, outcome, None))
            continue
        for label, item_id in files[path]:
            findings.append(_finding(label, outcome, item_id))
    return findings


def _finding(label: str, outcome: virus.ScanOutcome, item_id: int | None) -> Finding:
    if outcome.status is virus.ScanStatus.INFECTED:
        detail = outcome.detail or "扫描程序未给出说明"
        message = f"{label}：病毒扫描发现威胁（{detail}），请隔离并核实。"
        return Finding(Property.SECURITY, "virus", message, item_id)
    message = f"{label}：无法完成病毒扫描（{outcome.detail}），请检查扫描程序后重新检测。"
    return Finding(Property.SECURITY, "virus_scan_error", message, item_id)


def check_access(case_file: CaseFile, batch: Batch) -> list[Finding]:
    """Check each access to the case file: in the ledger, and approved unless by its archivist.

    An access rests on a use request (利用申请) of the same user for the same case file that was
    approved before the access and was still valid at the time of it.
    """
    findings = []
    archivists = batch.archivists.get(case_file.agency_id, set())
    for access in batch.accesses.get(case_file.pk, []):
        when = timezone.localtime(access.at).strftime("%Y-%m-%d %H:%M")
        access_label = f"{access.user}（{when}，{access.get_action_display()}）"
        if f"access:{access.pk}" not in batch.ledger_refs:
            message = f"调阅记录 {access_label} 在存证账本中没有记录。"
            findings.append(Finding(Property.SECURITY, "access_ledger", message))
        if access.user_id in archivists:
            continue
        requests = batch.approvals.get((case_file.pk, access.user_id), [])
        if not any(_covers(request, access) for request in requests):
            message = f"调阅记录 {access_label} 没有经批准且在有效期内的利用申请。"
            findings.append(Finding(Property.SECURITY, "access_unapproved", message))
    return findings


def _covers(request: UseRequest, access: AccessLog) -> bool:
    if request.decided_at is None or request.decided_at > access.at:
        return False
    return request.valid_until is None or access.at <= request.valid_until

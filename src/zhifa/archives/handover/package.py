"""Writing a handover package (移交数据包) of archived case files, verifiable offline.

Layout of a package (national profile; other profiles move the case file folders):

    <name>/README.txt                 the verification procedure, in Chinese
    <name>/verify_package.py          the offline verifier (standard library only)
    <name>/verify_ledger_proof.py     the ledger proof checker it uses
    <name>/package.xml                the package wrapper (封装包)
    <name>/package.json               the index the verifier reads (fixed for every profile)
    <name>/tree_head.json             the signed tree head every proof leads to
    <name>/casefiles/<档号>/metadata.xml, content/<档号>-<件号>.<ext>, proofs/*.json
    <name>/manifest-sha256.txt, manifest-sm3.txt   every other file, ``sha256sum -c`` format

Nothing is written when the four-property check fails or no signed tree head covers the
entries. The package is written under a temporary name and renamed when complete.
"""

import datetime
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.archives.casefiles.models import CaseFile, CaseFileStatus
from zhifa.archives.checks.models import CheckRun, Trigger
from zhifa.archives.checks.runner import run_check
from zhifa.archives.handover import profiles, writer
from zhifa.archives.handover.contents import PackageContents
from zhifa.archives.handover.models import Handover
from zhifa.cases.actions._common import require
from zhifa.core import digests
from zhifa.core.errors import ValidationFailed

logger = logging.getLogger(__name__)


def _selected(case_files: Iterable[CaseFile | int], user: User | None) -> list[CaseFile]:
    """Return the case files as rows in archive-code order, checked for a single handover."""
    pks = [item.pk if isinstance(item, CaseFile) else int(item) for item in case_files]
    if not pks:
        raise ValidationFailed("请至少选择一个已归档的案卷。", field="case_files")
    queryset = CaseFile.objects.filter(pk__in=pks).select_related("agency")
    if user is not None:
        queryset = restrict(queryset, user)
    rows = sorted(queryset, key=lambda row: row.archive_code)
    missing = sorted(set(pks) - {row.pk for row in rows})
    if missing:
        raise ValidationFailed(
            f"案卷 {', '.join(map(str, missing))} 不存在或不在您的管理范围内。", field="case_files"
        )
    pending = [
        row.archive_code or row.title for row in rows if row.status != CaseFileStatus.ARCHIVED
    ]
    if pending:
        raise ValidationFailed(
            f"只能移交已归档的案卷，以下案卷尚未归档或已销毁：{'、'.join(pending)}。",
            field="case_files",
        )
    if len({row.agency_id for row in rows}) > 1:
        raise ValidationFailed(
            "一个移交数据包只能包含同一立档单位的案卷，请分别导出。", field="case_files"
        )
    return rows


def _check(rows: list[CaseFile], user: User | None) -> CheckRun:
    """Run the four-property check; raise with every failed case file and problem listed."""
    run = run_check(rows, Trigger.HANDOVER, user, agency=rows[0].agency)
    failed = run.results.filter(passed=False).select_related("case_file")
    if not failed:
        return run
    lines = []
    for result in failed:
        problems = "；".join(failure.message for failure in result.failures.all()[:5])
        lines.append(f"{result.case_file.archive_code}（{problems or '未通过'}）")
    raise ValidationFailed(
        f"移交前四性检测未通过，未生成数据包。未通过的案卷：{'、'.join(lines)}。"
        "请在四性检测报告中查看详情，处理后重新导出。",
        field="case_files",
    )


def _package_name(rows: list[CaseFile], moment: datetime.datetime) -> str:
    stamp = timezone.localtime(moment).strftime("%Y%m%dT%H%M%S")
    if len(rows) == 1:
        return f"handover-{profiles.safe_name(rows[0].archive_code)}-{stamp}"
    return f"handover-agency{rows[0].agency_id}-{len(rows)}files-{stamp}"


def _free_path(target_dir: Path, name: str, as_zip: bool) -> tuple[str, Path]:
    suffix = ".zip" if as_zip else ""
    candidate, number = name, 1
    while (target_dir / f"{candidate}{suffix}").exists():
        number += 1
        candidate = f"{name}-{number}"
    return candidate, target_dir / f"{candidate}{suffix}"


def write_package(
    case_files: Iterable[CaseFile | int],
    target_dir: Path | str,
    *,
    profile: str = "national",
    user: User | None = None,
    as_zip: bool = False,
) -> Handover:
    """Write one package of ``case_files`` into ``target_dir`` and record the handover.

    ``user`` None means a system job (the command line): no scope limit, no capability check.
    """
    chosen = profiles.get(profile)
    if user is not None:
        require(user, Capability.HAND_OVER_ARCHIVES)
    rows = _selected(case_files, user)
    contents = PackageContents.plan(rows, chosen)
    run = _check(rows, user)

    target = Path(target_dir)
    target.mkdir(parents=True, exist_ok=True)
    name, final_path = _free_path(target, _package_name(rows, timezone.now()), as_zip)
    partial = target / f".{name}.partial"
    try:
        folder = writer.PackageFolder(partial / name)
        contents.write(folder, name)
        manifest = folder.write_manifests()
        size = folder.size()
        if as_zip:
            writer.zip_folder(folder.root, final_path)
            size = final_path.stat().st_size
        else:
            folder.root.rename(final_path)
        writer.remove(partial)
        return _record(rows, chosen.name, name, final_path, manifest, size, contents, run, user)
    except BaseException:
        writer.remove(partial)
        writer.remove(final_path)
        raise


def _record(
    rows: list[CaseFile],
    profile: str,
    name: str,
    path: Path,
    manifest: bytes,
    size: int,
    contents: PackageContents,
    run: CheckRun,
    user: User | None,
) -> Handover:
    with transaction.atomic():
        handover = Handover.objects.create(
            agency=rows[0].agency,
            profile=profile,
            package_name=name,
            package_path=str(path.resolve()),
            package_digest=digests.of_bytes(manifest),
            package_size=size,
            tree_size=contents.head.tree_size,
            check_run=run,
            created_by=user,
        )
        handover.case_files.set(rows)
        detail: dict[str, Any] = {
            "package": name,
            "case_files": [row.archive_code for row in rows],
            "profile": profile,
            "manifest_digest": handover.package_digest,
            "tree_size": contents.head.tree_size,
        }
        audit.record(
            "archive_handover_written",
            actor=user,
            target=handover,
            agency_id=handover.agency_id,
            detail=detail,
        )
    logger.info("handover package %s written with %d case files", name, len(rows))
    return handover

"""The import actions: a batch of records from another case system, all or nothing.

``import_records`` (for the API) and ``import_file`` (for the command) both end in
``_import``, which locks the source, validates every record, and either writes them all or
stores the rejected batch with every problem. Both outcomes are an ``ExchangeBatch`` row and
an audit entry.
"""

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.cases.exchange import hooks
from zhifa.cases.exchange.formats import read_batch, records_from_objects
from zhifa.cases.exchange.records import BatchUnreadable, RawRecord, RecordError
from zhifa.cases.exchange.validation import validate_batch
from zhifa.cases.exchange.writing import write_records
from zhifa.cases.models import ExchangeBatch, ExchangeBatchStatus, ExchangeSource
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed

logger = logging.getLogger(__name__)

COMMAND_LINE_USERNAME = "命令行"
NATIVE_SOURCE = "native"
SOURCE_CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")


@dataclass
class ImportReport:
    """The outcome of one batch; ``errors`` is empty exactly when it was imported."""

    batch: ExchangeBatch
    record_count: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RecordError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "batch": self.batch.pk,
            "status": self.batch.status,
            "records": self.record_count,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [error.as_dict() for error in self.errors],
        }


def _require(user: User | None) -> None:
    """Allow the command line (no user) and users with the import capability."""
    if user is not None and not user.can(Capability.IMPORT_EXCHANGED_CASES):
        raise NotPermitted(f"您的角色没有“{Capability.IMPORT_EXCHANGED_CASES.label}”权限。")


def _digest(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def import_records(
    user: User | None, source_code: str, records: list[dict[str, Any]]
) -> ImportReport:
    """Import records given as objects with the English keys of the exchange format."""
    _require(user)
    canonical = json.dumps(records, ensure_ascii=False, sort_keys=True, default=str)
    raw = records_from_objects(list(records))
    return _import(user, source_code, "", _digest(canonical.encode()), raw, [])


def import_file(
    user: User | None, source_code: str, file_name: str, content: bytes
) -> ImportReport:
    """Import an .xlsx, .csv or .json file of records, chosen by the file name's extension."""
    _require(user)
    digest = _digest(content)
    try:
        raw, errors = read_batch(file_name, content)
    except BatchUnreadable as error:
        raw, errors = [], [RecordError("文件", "", "", error.message)]
    return _import(user, source_code, file_name, digest, raw, errors)


def _import(
    user: User | None,
    source_code: str,
    file_name: str,
    digest: str,
    records: list[RawRecord],
    read_errors: list[RecordError],
) -> ImportReport:
    with transaction.atomic():
        source = ExchangeSource.objects.select_for_update().filter(code=source_code).first()
        if source is None:
            raise NotFound(f"没有代码为“{source_code}”的数据交换来源。", field="source")
        if not source.is_active:
            raise ValidationFailed(f"数据交换来源“{source.name}”已停用。", field="source")
        if source.code in hooks.RESERVED_SOURCES:
            purpose = hooks.RESERVED_SOURCES[source.code]
            raise ValidationFailed(
                f"数据交换来源“{source.name}”专用于{purpose}，不能导入案件，请选择案件来源系统。",
                field="source",
            )

        valid, errors = validate_batch(user, source, records) if records else ([], [])
        errors = read_errors + errors
        if not records and not errors:
            errors = [RecordError("文件", "", "", "批次中没有案件记录。")]
        batch = ExchangeBatch.objects.create(
            source=source,
            file_name=file_name[:255],
            digest=digest,
            status=ExchangeBatchStatus.REJECTED if errors else ExchangeBatchStatus.IMPORTED,
            record_count=len(records),
            errors=[error.as_dict() for error in errors],
            imported_by=user,
        )
        report = ImportReport(batch=batch, record_count=len(records), errors=errors)
        if errors:
            _record_audit(user, batch, "exchange_batch_rejected", {"errors": len(errors)})
            logger.warning(
                "exchange batch %s from %s rejected with %s errors",
                batch.pk,
                source.code,
                len(errors),
            )
            return report

        written = write_records(user, source, batch.pk, valid)
        report.created = len(written.created)
        report.updated = len(written.updated)
        report.unchanged = len(written.unchanged)
        batch.created_count = report.created
        batch.updated_count = report.updated
        batch.unchanged_count = report.unchanged
        batch.changes = {"created": written.created, "updated": written.updated}
        batch.save(update_fields=["created_count", "updated_count", "unchanged_count", "changes"])
        agencies = sorted({record.agency.pk for record in valid})
        _record_audit(
            user,
            batch,
            "exchange_batch_imported",
            {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "agencies": agencies,
            },
        )
    logger.info(
        "exchange batch %s from %s: %s created, %s updated, %s unchanged",
        batch.pk,
        source.code,
        report.created,
        report.updated,
        report.unchanged,
    )
    return report


def _record_audit(
    user: User | None, batch: ExchangeBatch, action: str, detail: dict[str, Any]
) -> None:
    audit.record(
        action,
        actor=user,
        target=batch,
        username=COMMAND_LINE_USERNAME,
        detail={
            "source": batch.source.code,
            "file": batch.file_name,
            "digest": batch.digest,
            "records": batch.record_count,
            **detail,
        },
    )


def create_exchange_source(user: User | None, code: str, name: str) -> ExchangeSource:
    """Register another case system whose cases may be imported under ``code``."""
    _require(user)
    code = (code or "").strip()
    name = (name or "").strip()
    if code == NATIVE_SOURCE or not SOURCE_CODE_PATTERN.match(code):
        raise ValidationFailed(
            f"来源代码“{code}”无效：须为2至40位小写字母、数字、下划线或连字符，以字母开头，"
            f"且不能为 {NATIVE_SOURCE}。",
            field="code",
        )
    if not name or len(name) > 100:
        raise ValidationFailed("请填写来源名称，不超过100个字。", field="name")
    with transaction.atomic():
        if ExchangeSource.objects.filter(code=code).exists():
            raise ValidationFailed(f"来源代码“{code}”已登记。", field="code")
        if ExchangeSource.objects.filter(name=name).exists():
            raise ValidationFailed(f"来源名称“{name}”已登记。", field="name")
        source = ExchangeSource.objects.create(code=code, name=name)
        audit.record(
            "exchange_source_created",
            actor=user,
            target=source,
            username=COMMAND_LINE_USERNAME,
            detail={"code": code, "name": name},
        )
    logger.info("exchange source %s registered", code)
    return source

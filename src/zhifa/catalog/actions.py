"""Actions on power items (权责清单): add, change with a new version, withdraw, import.

A change never edits a version in place. It adds a version with its own effective date and
reason, and ends the previous version on the day before, so the item's wording on any past
date stays readable. A withdrawal (废止) ends the last version on a given day and adds none.
``user=None`` means a trusted operator on the command line.
"""

import datetime
import logging
from dataclasses import dataclass
from typing import IO

from django.db import transaction
from django.http import HttpRequest

from zhifa.accounts.audit import record
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import scope_for
from zhifa.agencies.models import Agency, EnforcementDomain
from zhifa.catalog import importing
from zhifa.catalog.models import PowerCategory, PowerItem, PowerItemVersion
from zhifa.core.errors import NotPermitted, ValidationFailed

logger = logging.getLogger(__name__)

COMMAND_LINE_USERNAME = "命令行"

# Length of PowerItemVersion.withdrawal_reason.
MAX_REASON_LENGTH = 200


def _chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class PowerItemContent:
    """The fields a version carries; two versions with equal content are the same version."""

    name: str
    category: str
    legal_basis: str
    domain: EnforcementDomain | None

    def matches(self, version: PowerItemVersion) -> bool:
        return (
            self.name == version.name
            and self.category == version.category
            and self.legal_basis == version.legal_basis
            and (self.domain.pk if self.domain else None) == version.domain_id
        )


@dataclass(frozen=True)
class ImportResult:
    """How many rows of an imported workbook created, changed or left each item."""

    created: int
    changed: int
    unchanged: int


class PowerItemImportRejected(ValidationFailed):
    """The workbook has problems; nothing was written. ``errors`` lists each one in Chinese."""

    code = "power_item_import_rejected"

    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors), field="file")
        self.errors = errors


def _require_manage(user: User | None, agency: Agency) -> None:
    if user is None:
        return
    if not user.can(Capability.MANAGE_POWER_ITEMS):
        raise NotPermitted("您的角色没有“维护权责清单”权限。")
    if not scope_for(user).includes(agency.pk):
        raise NotPermitted(f"您不能维护{agency.name}的权责清单。")


def _check_content(content: PowerItemContent) -> None:
    if not content.name.strip():
        raise ValidationFailed("请填写事项名称。", field="name")
    if content.category not in PowerCategory.values:
        raise ValidationFailed("请选择执法类别。", field="category")
    if not content.legal_basis.strip():
        raise ValidationFailed("请填写实施依据。", field="legal_basis")


def _new_version(
    item: PowerItem,
    content: PowerItemContent,
    *,
    number: int,
    effective_from: datetime.date,
    change_reason: str,
    user: User | None,
) -> PowerItemVersion:
    return PowerItemVersion.objects.create(
        item=item,
        number=number,
        name=content.name.strip(),
        category=content.category,
        legal_basis=content.legal_basis.strip(),
        domain=content.domain,
        effective_from=effective_from,
        change_reason=change_reason.strip(),
        created_by=user,
    )


def _supersede(
    item: PowerItem,
    current: PowerItemVersion,
    content: PowerItemContent,
    *,
    effective_from: datetime.date,
    change_reason: str,
    user: User | None,
) -> PowerItemVersion:
    """End ``current`` the day before ``effective_from`` and add the new version."""
    current.effective_to = effective_from - datetime.timedelta(days=1)
    current.save(update_fields=["effective_to"])
    return _new_version(
        item,
        content,
        number=current.number + 1,
        effective_from=effective_from,
        change_reason=change_reason,
        user=user,
    )


def create_power_item(
    user: User | None,
    agency: Agency,
    code: str,
    content: PowerItemContent,
    *,
    effective_from: datetime.date,
) -> PowerItem:
    """Add a power item to an agency's list, with its first version."""
    _require_manage(user, agency)
    _check_content(content)
    code = code.strip()
    if not code:
        raise ValidationFailed("请填写事项编码。", field="code")

    with transaction.atomic():
        if PowerItem.objects.filter(agency=agency, code=code).exists():
            raise ValidationFailed(
                f"事项编码“{code}”已在本单位清单中，请改用变更功能。", field="code"
            )
        item = PowerItem.objects.create(agency=agency, code=code)
        version = _new_version(
            item, content, number=1, effective_from=effective_from, change_reason="", user=user
        )
        record(
            "power_item_created",
            actor=user,
            target=item,
            agency_id=agency.pk,
            username=COMMAND_LINE_USERNAME,
            detail={"code": code, "version": version.number},
        )
    logger.info("power item %s created for agency %s", code, agency.pk)
    return item


def change_power_item(
    user: User | None,
    item: PowerItem,
    content: PowerItemContent,
    *,
    effective_from: datetime.date,
    change_reason: str,
    request: HttpRequest | None = None,
) -> PowerItemVersion:
    """Add a new version of ``item`` in force from ``effective_from``; the old one ends."""
    _require_manage(user, item.agency)
    _check_content(content)
    if not change_reason.strip():
        raise ValidationFailed("请填写变更原因。", field="change_reason")

    with transaction.atomic():
        PowerItem.objects.select_for_update().filter(pk=item.pk).first()
        current = item.latest_version()
        if current is None:
            raise ValidationFailed("该事项没有任何版本，无法变更。", field="code")
        if current.effective_to is not None:
            raise ValidationFailed(
                f"该事项已废止（施行至 {_chinese_date(current.effective_to)}），不能再变更。",
                field="effective_from",
            )
        if content.matches(current):
            raise ValidationFailed(
                "变更后的内容与现行版本完全相同，无需变更。请修改事项名称、执法类别、"
                "实施依据或执法领域后再提交。",
                field="name",
            )
        if effective_from <= current.effective_from:
            raise ValidationFailed(
                f"生效日期应晚于现行版本的生效日期 {current.effective_from.isoformat()}。",
                field="effective_from",
            )
        version = _supersede(
            item,
            current,
            content,
            effective_from=effective_from,
            change_reason=change_reason,
            user=user,
        )
        record(
            "power_item_changed",
            actor=user,
            target=item,
            agency_id=item.agency_id,
            username=COMMAND_LINE_USERNAME,
            request=request,
            detail={
                "code": item.code,
                "version": version.number,
                "effective_from": effective_from.isoformat(),
                "reason": version.change_reason,
            },
        )
    logger.info("power item %s changed to version %s", item.pk, version.number)
    return version


def withdraw_power_item(
    user: User | None,
    item: PowerItem,
    effective_to: datetime.date,
    reason: str,
    *,
    request: HttpRequest | None = None,
) -> PowerItemVersion:
    """Withdraw (废止) ``item``: its last version stays in force until ``effective_to``.

    ``effective_to`` is the last day in force, inclusive, and may not be earlier than that
    version's effective date. The versions stay readable, and no page lists the item as in
    force after that day.
    """
    _require_manage(user, item.agency)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("请填写废止原因。", field="reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationFailed(f"废止原因超过 {MAX_REASON_LENGTH} 个字，请缩短。", field="reason")

    with transaction.atomic():
        PowerItem.objects.select_for_update().filter(pk=item.pk).first()
        current = item.latest_version()
        if current is None:
            raise ValidationFailed("该事项没有任何版本，无法废止。", field="effective_to")
        if current.effective_to is not None:
            raise ValidationFailed(
                f"该事项已废止（施行至 {_chinese_date(current.effective_to)}），无需再次废止。",
                field="effective_to",
            )
        if effective_to < current.effective_from:
            raise ValidationFailed(
                f"最后施行日不能早于现行版本（第{current.number}版）的生效日期 "
                f"{_chinese_date(current.effective_from)}。",
                field="effective_to",
            )
        current.effective_to = effective_to
        current.withdrawal_reason = reason
        current.save(update_fields=["effective_to", "withdrawal_reason"])
        record(
            "power_item_withdrawn",
            actor=user,
            target=item,
            agency_id=item.agency_id,
            username=COMMAND_LINE_USERNAME,
            request=request,
            detail={
                "code": item.code,
                "version": current.number,
                "effective_to": effective_to.isoformat(),
                "reason": reason,
            },
        )
    logger.info("power item %s withdrawn after %s", item.pk, effective_to)
    return current


def import_power_items(
    user: User | None,
    agency: Agency,
    file: IO[bytes],
    *,
    request: HttpRequest | None = None,
) -> ImportResult:
    """Import an agency's power items from an xlsx workbook, all rows or none.

    New codes create items, rows whose content differs from the latest version add a
    version, and rows equal to the latest version are skipped. A row for a withdrawn item
    is an error.
    """
    _require_manage(user, agency)
    try:
        rows, row_errors = importing.read_workbook(file)
    except importing.WorkbookRejected as error:
        raise PowerItemImportRejected([str(problem) for problem in error.errors]) from error

    with transaction.atomic():
        items = {
            item.code: item for item in PowerItem.objects.select_for_update().filter(agency=agency)
        }
        latest = {item.code: item.latest_version() for item in items.values()}
        row_errors += _version_errors(rows, latest)
        if row_errors:
            row_errors.sort(key=lambda problem: problem.line)
            raise PowerItemImportRejected([str(problem) for problem in row_errors])

        result = _write_rows(user, agency, rows, items, latest)
        record(
            "power_items_imported",
            actor=user,
            agency_id=agency.pk,
            username=COMMAND_LINE_USERNAME,
            request=request,
            detail={
                "created": result.created,
                "changed": result.changed,
                "unchanged": result.unchanged,
                "file": getattr(file, "name", "") or "",
            },
        )
    logger.info(
        "power items imported for agency %s: %s created, %s changed, %s unchanged",
        agency.pk,
        result.created,
        result.changed,
        result.unchanged,
    )
    return result


def _content_of(row: importing.PowerItemRow) -> PowerItemContent:
    return PowerItemContent(row.name, row.category, row.legal_basis, row.domain)


def _version_errors(
    rows: list[importing.PowerItemRow], latest: dict[str, PowerItemVersion | None]
) -> list[importing.RowError]:
    errors = []
    for row in rows:
        current = latest.get(row.code)
        if current is not None and current.effective_to is not None:
            errors.append(
                importing.RowError(
                    row.line,
                    importing.COLUMN_CODE,
                    f"编码“{row.code}”的事项已废止"
                    f"（施行至 {_chinese_date(current.effective_to)}），"
                    "不能通过导入变更，请删除本行。",
                )
            )
            continue
        if current is None or _content_of(row).matches(current):
            continue
        if row.effective_from <= current.effective_from:
            errors.append(
                importing.RowError(
                    row.line,
                    importing.COLUMN_EFFECTIVE,
                    f"内容有变更，但生效日期 {row.effective_from.isoformat()} 不晚于现行版本的"
                    f"生效日期 {current.effective_from.isoformat()}，请改为之后的日期。",
                )
            )
    return errors


def _write_rows(
    user: User | None,
    agency: Agency,
    rows: list[importing.PowerItemRow],
    items: dict[str, PowerItem],
    latest: dict[str, PowerItemVersion | None],
) -> ImportResult:
    created = changed = unchanged = 0
    for row in rows:
        content = _content_of(row)
        current = latest.get(row.code)
        if row.code not in items or current is None:
            item = items.get(row.code) or PowerItem.objects.create(agency=agency, code=row.code)
            _new_version(
                item,
                content,
                number=1,
                effective_from=row.effective_from,
                change_reason=row.change_reason,
                user=user,
            )
            created += 1
        elif content.matches(current):
            unchanged += 1
        else:
            _supersede(
                items[row.code],
                current,
                content,
                effective_from=row.effective_from,
                change_reason=row.change_reason or "通过Excel导入变更",
                user=user,
            )
            changed += 1
    return ImportResult(created, changed, unchanged)

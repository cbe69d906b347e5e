"""Actions on the ex-ante lists (事前公开清单): add an entry, change it, withdraw it, import.

Versions work as for power items. A change adds a version with its own effective date and
reason, and ends the previous version on the day before, so the wording in force on any past
day stays readable on the portal. A withdrawal (废止) ends the last version on a given day and
adds none. ``user=None`` means a trusted operator on the command line or a demo loader.
"""

import datetime
import logging
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from zhifa.accounts.audit import record
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import scope_for
from zhifa.agencies.models import Agency
from zhifa.catalog.lists import importing
from zhifa.catalog.lists.content import ListEntryContent, clean_content, matches, plain_text
from zhifa.catalog.lists.schemas import schema_for
from zhifa.catalog.models import ListEntry, ListEntryVersion, ListKind, PowerItem
from zhifa.core.errors import NotPermitted, ValidationFailed

logger = logging.getLogger(__name__)

COMMAND_LINE_USERNAME = "命令行"

MAX_CODE_LENGTH = importing.MAX_CODE_LENGTH
MAX_REASON_LENGTH = importing.MAX_REASON_LENGTH

IMPORT_CHANGE_REASON = "通过Excel导入变更"

__all__ = [
    "ImportResult",
    "ListEntryContent",
    "ListImportRejected",
    "change_list_entry",
    "create_list_entry",
    "import_list_entries",
    "withdraw_list_entry",
    "withdrawal_of",
]


@dataclass(frozen=True)
class ImportResult:
    """How many rows of an imported workbook created, changed or left each entry.

    ``skipped`` counts the example rows (code starting with 示例) that were not imported.
    """

    created: int
    changed: int
    unchanged: int
    skipped: int = 0


class ListImportRejected(ValidationFailed):
    """The workbook has problems and nothing was written; ``errors`` lists each in Chinese."""

    code = "list_import_rejected"

    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors), field="file")
        self.errors = errors


@dataclass
class _ImportState:
    """The agency's entries of one list and their last versions, locked for the import."""

    entries: dict[str, ListEntry]
    latest: dict[str, ListEntryVersion | None]
    power_items: dict[str, PowerItem] = field(default_factory=dict)


def _chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def withdrawal_of(entry: ListEntry) -> ListEntryVersion | None:
    """Return the last version if the entry has been withdrawn (废止), else None.

    Only a withdrawal sets ``effective_to`` on an entry's last version, because a change sets
    it on the version that the change supersedes.
    """
    latest = entry.latest_version()
    return latest if latest is not None and latest.effective_to is not None else None


def _require_manage(user: User | None, agency: Agency, kind: str) -> None:
    if user is None:
        return
    if not user.can(Capability.MANAGE_EX_ANTE_LISTS):
        raise NotPermitted(f"您的角色没有“{Capability.MANAGE_EX_ANTE_LISTS.label}”权限。")
    if not scope_for(user).includes(agency.pk):
        raise NotPermitted(f"您不能维护{agency.name}的{ListKind(kind).label}。")


def _check_kind(kind: str) -> None:
    if kind not in ListKind.values:
        raise ValidationFailed(
            f"“{kind}”不是事前公开清单的类型，应为以下之一：{'、'.join(ListKind.values)}。",
            field="kind",
        )


def _power_item_of(agency: Agency, code: str) -> PowerItem | None:
    if not code:
        return None
    item = PowerItem.objects.filter(agency=agency, code=code).first()
    if item is None:
        raise ValidationFailed(
            f"对应权责事项编码“{code}”不在{agency.name}的权责清单中，请核对编码或留空。",
            field="power_item_code",
        )
    return item


def _new_version(
    entry: ListEntry,
    content: ListEntryContent,
    power_item: PowerItem | None,
    *,
    number: int,
    effective_from: datetime.date,
    change_reason: str,
    user: User | None,
) -> ListEntryVersion:
    return ListEntryVersion.objects.create(
        entry=entry,
        number=number,
        title=content.title,
        content=dict(content.fields),
        power_item=power_item,
        effective_from=effective_from,
        change_reason=plain_text(change_reason),
        created_by=user,
    )


def _supersede(
    entry: ListEntry,
    current: ListEntryVersion,
    content: ListEntryContent,
    power_item: PowerItem | None,
    *,
    effective_from: datetime.date,
    change_reason: str,
    user: User | None,
) -> ListEntryVersion:
    """End ``current`` the day before ``effective_from`` and add the new version."""
    current.effective_to = effective_from - datetime.timedelta(days=1)
    current.save(update_fields=["effective_to"])
    return _new_version(
        entry,
        content,
        power_item,
        number=current.number + 1,
        effective_from=effective_from,
        change_reason=change_reason,
        user=user,
    )


def create_list_entry(
    user: User | None,
    agency: Agency,
    kind: str,
    code: str,
    content: ListEntryContent,
    *,
    effective_from: datetime.date,
    request: HttpRequest | None = None,
) -> ListEntry:
    """Add an entry to one of an agency's lists, with its first version."""
    _check_kind(kind)
    _require_manage(user, agency, kind)
    content = clean_content(schema_for(kind), content)
    code = plain_text(code)
    if not code:
        raise ValidationFailed(f"请填写“{schema_for(kind).code_label}”。", field="code")
    if len(code) > MAX_CODE_LENGTH:
        raise ValidationFailed(
            f"“{schema_for(kind).code_label}”不能超过{MAX_CODE_LENGTH}个字符。", field="code"
        )

    with transaction.atomic():
        power_item = _power_item_of(agency, content.power_item_code)
        if ListEntry.objects.filter(agency=agency, kind=kind, code=code).exists():
            raise ValidationFailed(
                f"编码“{code}”已在本单位的{ListKind(kind).label}中，请改用变更功能。",
                field="code",
            )
        entry = ListEntry.objects.create(agency=agency, kind=kind, code=code)
        version = _new_version(
            entry,
            content,
            power_item,
            number=1,
            effective_from=effective_from,
            change_reason="",
            user=user,
        )
        record(
            "list_entry_created",
            actor=user,
            target=entry,
            agency_id=agency.pk,
            username=COMMAND_LINE_USERNAME,
            request=request,
            detail={"kind": kind, "code": code, "version": version.number},
        )
    logger.info("list entry %s/%s created for agency %s", kind, code, agency.pk)
    return entry


def _locked_current(entry: ListEntry, verb: str) -> ListEntryVersion:
    """Lock the entry and return its last version, which must not be withdrawn."""
    ListEntry.objects.select_for_update(of=("self",)).filter(pk=entry.pk).first()
    current = entry.latest_version()
    if current is None:
        raise ValidationFailed(f"该条目没有任何版本，无法{verb}。", field="code")
    if current.effective_to is not None:
        raise ValidationFailed(
            f"该条目已废止（施行至 {_chinese_date(current.effective_to)}），不能再{verb}。",
            field="effective_from",
        )
    return current


def change_list_entry(
    user: User | None,
    entry: ListEntry,
    content: ListEntryContent,
    *,
    effective_from: datetime.date,
    change_reason: str,
    request: HttpRequest | None = None,
) -> ListEntryVersion:
    """Add a new version of ``entry`` in force from ``effective_from``; the old one ends.

    The reason is required: a list changes because a law or the agency's functions changed,
    and the portal shows why.
    """
    _require_manage(user, entry.agency, entry.kind)
    content = clean_content(schema_for(entry.kind), content)
    change_reason = plain_text(change_reason)
    if not change_reason:
        raise ValidationFailed(
            "请填写“变更原因”，例如所依据的法律修改或本单位职能调整。", field="change_reason"
        )
    if len(change_reason) > MAX_REASON_LENGTH:
        raise ValidationFailed(
            f"“变更原因”不能超过{MAX_REASON_LENGTH}个字，请缩短。", field="change_reason"
        )

    with transaction.atomic():
        current = _locked_current(entry, "变更")
        power_item = _power_item_of(entry.agency, content.power_item_code)
        if matches(content, power_item, current):
            raise ValidationFailed(
                f"变更后的内容与最新版本（第{current.number}版）完全相同，无需变更。"
                "请修改内容后再提交。",
                field="title",
            )
        if effective_from <= current.effective_from:
            raise ValidationFailed(
                f"生效日期应晚于最新版本（第{current.number}版）的生效日期 "
                f"{current.effective_from.isoformat()}。",
                field="effective_from",
            )
        version = _supersede(
            entry,
            current,
            content,
            power_item,
            effective_from=effective_from,
            change_reason=change_reason,
            user=user,
        )
        record(
            "list_entry_changed",
            actor=user,
            target=entry,
            agency_id=entry.agency_id,
            username=COMMAND_LINE_USERNAME,
            request=request,
            detail={
                "kind": entry.kind,
                "code": entry.code,
                "version": version.number,
                "effective_from": effective_from.isoformat(),
                "reason": change_reason,
            },
        )
    logger.info("list entry %s changed to version %s", entry.pk, version.number)
    return version


def _versions_to_end(
    entry: ListEntry, effective_to: datetime.date, today: datetime.date
) -> list[ListEntryVersion]:
    """Return the version in force on ``effective_to`` and every later version.

    The later versions must all still be pending (effective after ``today``): they will then
    never come into force. Ending a version that has already taken effect earlier than planned
    would rewrite what the portal published, so that raises instead.
    """
    versions = list(entry.versions.order_by("number"))
    started = [version for version in versions if version.effective_from <= effective_to]
    if not started:
        first = versions[0]
        raise ValidationFailed(
            f"最后施行日不能早于第{first.number}版的生效日期 "
            f"{_chinese_date(first.effective_from)}。",
            field="effective_to",
        )
    base = started[-1]
    later = [version for version in versions if version.number > base.number]
    in_effect = [version for version in later if version.effective_from <= today]
    if in_effect:
        version = in_effect[-1]
        raise ValidationFailed(
            f"第{version.number}版已于{_chinese_date(version.effective_from)}起施行，"
            "最后施行日不能早于该日期。",
            field="effective_to",
        )
    return [base, *later]


def withdraw_list_entry(
    user: User | None,
    entry: ListEntry,
    effective_to: datetime.date,
    reason: str,
    *,
    request: HttpRequest | None = None,
) -> ListEntryVersion:
    """Withdraw (废止) ``entry``: the version in force on ``effective_to`` ends that day.

    ``effective_to`` is the last day in force, inclusive. It may come before a version that
    is not yet in force: that version then never comes into force, and its ``effective_to``
    (the same day) is earlier than its ``effective_from``. It may not come before a version
    that has already taken effect. The versions stay readable. Returns the last version.
    """
    _require_manage(user, entry.agency, entry.kind)
    reason = plain_text(reason)
    if not reason:
        raise ValidationFailed("请填写“废止原因”。", field="reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationFailed(
            f"“废止原因”不能超过{MAX_REASON_LENGTH}个字，请缩短。", field="reason"
        )

    with transaction.atomic():
        latest = _locked_current(entry, "废止")
        ending = _versions_to_end(entry, effective_to, timezone.localdate())
        for version in ending:
            version.effective_to = effective_to
            version.withdrawal_reason = reason
            version.save(update_fields=["effective_to", "withdrawal_reason"])
        latest.refresh_from_db()
        record(
            "list_entry_withdrawn",
            actor=user,
            target=entry,
            agency_id=entry.agency_id,
            username=COMMAND_LINE_USERNAME,
            request=request,
            detail={
                "kind": entry.kind,
                "code": entry.code,
                "version": ending[0].number,
                "never_in_force": [version.number for version in ending[1:]],
                "effective_to": effective_to.isoformat(),
                "reason": reason,
            },
        )
    logger.info("list entry %s withdrawn after %s", entry.pk, effective_to)
    return latest


def import_list_entries(
    user: User | None,
    agency: Agency,
    kind: str,
    file: IO[bytes],
    *,
    request: HttpRequest | None = None,
) -> ImportResult:
    """Import one of an agency's lists from an xlsx workbook, all rows or none.

    New codes create entries, rows whose content differs from the last version add a version,
    and rows equal to the last version are skipped. A row for a withdrawn entry is an error.
    """
    _check_kind(kind)
    _require_manage(user, agency, kind)
    schema = schema_for(kind)
    try:
        parsed = importing.read_workbook(schema, file)
    except importing.WorkbookRejected as error:
        raise ListImportRejected([str(problem) for problem in error.errors]) from error
    rows, row_errors = parsed.rows, parsed.errors

    with transaction.atomic():
        entries = {
            entry.code: entry
            for entry in ListEntry.objects.select_for_update(of=("self",)).filter(
                agency=agency, kind=kind
            )
        }
        state = _ImportState(
            entries=entries,
            latest={code: entry.latest_version() for code, entry in entries.items()},
            power_items={item.code: item for item in PowerItem.objects.filter(agency=agency)},
        )
        row_errors += _row_problems(rows, state, agency)
        if row_errors:
            row_errors.sort(key=lambda problem: problem.line)
            raise ListImportRejected([str(problem) for problem in row_errors])

        result = _write_rows(user, agency, kind, rows, state, parsed.skipped_examples)
        record(
            "list_imported",
            actor=user,
            agency_id=agency.pk,
            username=COMMAND_LINE_USERNAME,
            request=request,
            detail={
                "kind": kind,
                "created": result.created,
                "changed": result.changed,
                "unchanged": result.unchanged,
                "skipped_examples": result.skipped,
                "file": getattr(file, "name", "") or "",
            },
        )
    logger.info(
        "list %s imported for agency %s: %s created, %s changed, %s unchanged",
        kind,
        agency.pk,
        result.created,
        result.changed,
        result.unchanged,
    )
    return result


def _row_problems(
    rows: list[importing.ListRow], state: _ImportState, agency: Agency
) -> list[importing.RowError]:
    """Check each clean row against the stored entries and the agency's power items."""
    errors = []
    for row in rows:
        code = row.content.power_item_code
        if code and code not in state.power_items:
            errors.append(
                importing.RowError(
                    row.line,
                    importing.COLUMN_POWER_ITEM,
                    f"“{code}”不在{agency.name}的权责清单中，请核对编码或留空。",
                )
            )
            continue

        current = state.latest.get(row.code)
        if current is not None and current.effective_to is not None:
            errors.append(
                importing.RowError(
                    row.line,
                    row.code_column,
                    f"编码“{row.code}”的条目已废止"
                    f"（施行至 {_chinese_date(current.effective_to)}），"
                    "不能通过导入变更，请删除本行。",
                )
            )
            continue
        if current is None or matches(row.content, state.power_items.get(code), current):
            continue
        if row.effective_from <= current.effective_from:
            errors.append(
                importing.RowError(
                    row.line,
                    importing.COLUMN_EFFECTIVE,
                    f"内容有变更，但生效日期 {row.effective_from.isoformat()} 不晚于最新版本"
                    f"（第{current.number}版）的生效日期 {current.effective_from.isoformat()}，"
                    "请改为之后的日期。",
                )
            )
    return errors


def _write_rows(
    user: User | None,
    agency: Agency,
    kind: str,
    rows: list[importing.ListRow],
    state: _ImportState,
    skipped: int,
) -> ImportResult:
    created = changed = unchanged = 0
    for row in rows:
        power_item = state.power_items.get(row.content.power_item_code)
        current = state.latest.get(row.code)
        if current is None:
            entry = state.entries.get(row.code) or ListEntry.objects.create(
                agency=agency, kind=kind, code=row.code
            )
            _new_version(
                entry,
                row.content,
                power_item,
                number=1,
                effective_from=row.effective_from,
                change_reason=row.change_reason,
                user=user,
            )
            created += 1
        elif matches(row.content, power_item, current):
            unchanged += 1
        else:
            _supersede(
                state.entries[row.code],
                current,
                row.content,
                power_item,
                effective_from=row.effective_from,
                change_reason=row.change_reason or IMPORT_CHANGE_REASON,
                user=user,
            )
            changed += 1
    return ImportResult(created, changed, unchanged, skipped)

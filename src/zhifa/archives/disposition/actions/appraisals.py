"""Opening, filling and submitting an appraisal (鉴定), and the agency head's decision on it.

The archivist opens an appraisal for the group, adds due case files or routine AV records,
records per entry a verdict (destroy, or keep with a new period) and its reason, writes the
report and submits. The agency head, who must not be the person who opened it, approves or
returns it with a reason. Approving a keep verdict extends the case file's retention.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from zhifa.accounts import audit
from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability
from zhifa.accounts.scope import restrict
from zhifa.archives.casefiles.models import CaseFile
from zhifa.archives.disposition import due, rules
from zhifa.archives.disposition.actions._common import lock_appraisal
from zhifa.archives.disposition.models import (
    Appraisal,
    AppraisalEntry,
    AppraisalKind,
    AppraisalStatus,
    Verdict,
)
from zhifa.archives.retention import holds
from zhifa.cases.actions._common import require, required_text
from zhifa.core.chinese_dates import SHANGHAI, chinese_date
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed

logger = logging.getLogger(__name__)

MAX_REPORT = 20000


def open_appraisal(user: User, kind: str, group_members: str) -> Appraisal:
    """Open an appraisal of the user's agency, naming at least two group members."""
    require(user, Capability.APPRAISE_ARCHIVES)
    if kind not in AppraisalKind.values:
        raise ValidationFailed("请选择鉴定对象：到期案卷或未作为证据的音像记录。", field="kind")
    if user.agency_id is None:
        raise ValidationFailed("您的账号未归属执法单位，不能发起鉴定。", field="kind")
    members = rules.member_names(group_members, "group_members", "鉴定小组成员")
    with transaction.atomic():
        appraisal = Appraisal.objects.create(
            agency_id=user.agency_id,
            kind=kind,
            group_members="、".join(members),
            created_by=user,
        )
        audit.record(
            "appraisal_opened",
            actor=user,
            target=appraisal,
            agency_id=appraisal.agency_id,
            detail={"kind": kind, "group_members": appraisal.group_members},
        )
    return appraisal


def update_appraisal(user: User, pk: int, group_members: str, report: str) -> Appraisal:
    """Change the group members and the written report of a draft or returned appraisal."""
    require(user, Capability.APPRAISE_ARCHIVES)
    members = rules.member_names(group_members, "group_members", "鉴定小组成员")
    text = (report or "").strip()
    if len(text) > MAX_REPORT:
        raise ValidationFailed(f"鉴定报告不能超过{MAX_REPORT}个字。", field="report")
    with transaction.atomic():
        appraisal = lock_appraisal(user, pk, editable=True)
        appraisal.group_members = "、".join(members)
        appraisal.report = text
        appraisal.save(update_fields=["group_members", "report"])
        audit.record(
            "appraisal_updated",
            actor=user,
            target=appraisal,
            agency_id=appraisal.agency_id,
            detail={"group_members": appraisal.group_members, "report_length": len(text)},
        )
    return appraisal


def _due_case_file_ids(appraisal: Appraisal, ids: list[int], today: datetime.date) -> list[int]:
    files = due.due_case_files(CaseFile.objects.filter(agency_id=appraisal.agency_id), today)
    chosen = list(files.filter(pk__in=ids))
    if len(chosen) != len(set(ids)):
        raise ValidationFailed(
            "所选案卷中有的不存在、不属于本单位或保管期限尚未届满，请刷新到期清单后重新选择。",
            field="case_files",
        )
    busy = set(due.busy_entries().filter(case_file__in=ids).values_list("case_file_id", flat=True))
    for case_file in chosen:
        if case_file.pk in busy:
            raise ValidationFailed(
                f"案卷{case_file}已在另一鉴定中，不能重复加入。", field="case_files"
            )
        reasons = holds.holds_on(case_file.case)
        if reasons:
            raise ValidationFailed(
                f"案卷{case_file}处于冻结状态（{'；'.join(reasons)}），不能鉴定销毁。",
                field="case_files",
            )
    return [case_file.pk for case_file in chosen]


def _due_av_record_ids(appraisal: Appraisal, ids: list[int], today: datetime.date) -> list[int]:
    due_ids = {record.pk for record in due.due_av_records(appraisal.agency, today)}
    if not set(ids) <= due_ids:
        raise ValidationFailed(
            "所选音像记录中有的不存在、不属于本单位、已作为证据或保存未满规定期限，"
            "请刷新到期清单后重新选择。",
            field="av_records",
        )
    return sorted(set(ids))


def add_entries(
    user: User, pk: int, ids: list[int], today: datetime.date | None = None
) -> list[AppraisalEntry]:
    """Add due case files or routine AV records (by pk, per the appraisal's kind)."""
    require(user, Capability.APPRAISE_ARCHIVES)
    today = today or timezone.localdate()
    if not ids:
        raise ValidationFailed("请至少选择一项到期的档案。", field="ids")
    with transaction.atomic():
        appraisal = lock_appraisal(user, pk, editable=True)
        if appraisal.kind == AppraisalKind.CASE_FILES:
            chosen = _due_case_file_ids(appraisal, ids, today)
            entries = [AppraisalEntry(appraisal=appraisal, case_file_id=pk) for pk in chosen]
        else:
            chosen = _due_av_record_ids(appraisal, ids, today)
            entries = [AppraisalEntry(appraisal=appraisal, av_record_id=pk) for pk in chosen]
        created = AppraisalEntry.objects.bulk_create(entries)
        audit.record(
            "appraisal_entries_added",
            actor=user,
            target=appraisal,
            agency_id=appraisal.agency_id,
            detail={"kind": appraisal.kind, "ids": chosen},
        )
    return created


def remove_entry(user: User, entry_pk: int) -> None:
    require(user, Capability.APPRAISE_ARCHIVES)
    with transaction.atomic():
        entry = _entry_in_scope(user, entry_pk)
        appraisal = lock_appraisal(user, entry.appraisal_id, editable=True)
        subject = str(entry.case_file or entry.av_record)
        entry.delete()
        audit.record(
            "appraisal_entry_removed",
            actor=user,
            target=appraisal,
            agency_id=appraisal.agency_id,
            detail={"entry": entry_pk, "subject": subject},
        )


def _entry_in_scope(user: User, entry_pk: int) -> AppraisalEntry:
    entry = (
        restrict(AppraisalEntry.objects.filter(pk=entry_pk), user)
        .select_related("case_file", "av_record")
        .first()
    )
    if entry is None:
        raise ValidationFailed("鉴定条目不存在或不在您的管理范围内。", field="entries")
    return entry


def new_end(entry: AppraisalEntry, months: int | None, permanent: bool) -> datetime.date | None:
    """Return the end of keeping that a keep verdict gives the entry; None means permanent."""
    if permanent or months is None:
        return None
    if entry.case_file is not None:
        case_file = entry.case_file
        archived = case_file.archived_at
        archived_on = archived.astimezone(SHANGHAI).date() if archived else case_file.closed_on
        return rules.case_file_end(archived_on, months)
    if entry.av_record is None:
        raise ValueError(f"appraisal entry {entry.pk} has neither a case file nor an AV record")
    return due.kept_until(entry.av_record, months)


def _current_end(entry: AppraisalEntry) -> datetime.date | None:
    if entry.case_file is not None:
        return entry.case_file.retention_ends_on
    return None


def _checked_keep(
    entry: AppraisalEntry, months: int | None, permanent: bool, today: datetime.date
) -> int | None:
    if not permanent:
        if months is None or months <= 0:
            raise ValidationFailed(
                "选择延长保管时，请填写延长后的保管期限（月数）或选择永久保管。",
                field="new_retention_months",
            )
        if months > 1200:
            raise ValidationFailed(
                "保管期限不能超过1200个月（100年）；更长请选择永久保管。",
                field="new_retention_months",
            )
    rules.check_extension(new_end(entry, months, permanent), _current_end(entry), today)
    return None if permanent else months


def _apply_verdict(
    entry: AppraisalEntry,
    verdict: str,
    reason: str,
    months: int | None,
    permanent: bool,
    today: datetime.date,
) -> None:
    if verdict == Verdict.KEEP:
        entry.new_retention_months = _checked_keep(entry, months, permanent, today)
        entry.keep_permanently = permanent
    else:
        entry.new_retention_months = None
        entry.keep_permanently = False
    entry.verdict = verdict
    entry.reason = reason
    entry.save(update_fields=["verdict", "reason", "new_retention_months", "keep_permanently"])


def record_verdicts(
    user: User,
    pk: int,
    entry_ids: list[int],
    verdict: str,
    reason: str,
    *,
    new_retention_months: int | None = None,
    keep_permanently: bool = False,
    today: datetime.date | None = None,
) -> int:
    """Record one verdict and reason for the selected entries of an appraisal; return the count.

    One entry at a time is the same call with a single id; routine AV is appraised in bulk.
    """
    require(user, Capability.APPRAISE_ARCHIVES)
    today = today or timezone.localdate()
    if verdict not in Verdict.values:
        raise ValidationFailed("请选择鉴定意见：销毁或延长保管。", field="verdict")
    text = rules.checked_reason(reason)
    if not entry_ids:
        raise ValidationFailed("请至少选择一个鉴定条目。", field="entries")
    with transaction.atomic():
        appraisal = lock_appraisal(user, pk, editable=True)
        entries = list(
            appraisal.entries.filter(pk__in=entry_ids).select_related("case_file", "av_record")
        )
        if len(entries) != len(set(entry_ids)):
            raise ValidationFailed("所选条目不属于本次鉴定，请刷新页面后重试。", field="entries")
        for entry in entries:
            _apply_verdict(entry, verdict, text, new_retention_months, keep_permanently, today)
        audit.record(
            "appraisal_verdict_recorded",
            actor=user,
            target=appraisal,
            agency_id=appraisal.agency_id,
            detail={
                "entries": sorted(entry.pk for entry in entries),
                "verdict": verdict,
                "reason": text,
                "new_retention_months": new_retention_months,
                "keep_permanently": keep_permanently,
            },
        )
    return len(entries)


def submit_appraisal(user: User, pk: int) -> Appraisal:
    """Submit a complete appraisal to the agency head."""
    require(user, Capability.APPRAISE_ARCHIVES)
    with transaction.atomic():
        appraisal = lock_appraisal(user, pk, editable=True)
        rules.member_names(appraisal.group_members, "group_members", "鉴定小组成员")
        required_text(appraisal.report, "report", "鉴定报告", MAX_REPORT)
        entries = list(appraisal.entries.all())
        if not entries:
            raise ValidationFailed("鉴定中还没有条目，请先加入到期的档案。", field="entries")
        undecided = [entry for entry in entries if not entry.verdict]
        if undecided:
            raise ValidationFailed(
                f"还有{len(undecided)}个条目没有鉴定意见，请逐一填写后再提交。",
                field="entries",
            )
        appraisal.status = AppraisalStatus.SUBMITTED
        appraisal.submitted_at = timezone.now()
        appraisal.save(update_fields=["status", "submitted_at"])
        audit.record(
            "appraisal_submitted",
            actor=user,
            target=appraisal,
            agency_id=appraisal.agency_id,
            detail={"entries": len(entries)},
        )
    logger.info("appraisal %s submitted", appraisal.pk, extra={"appraisal_id": appraisal.pk})
    return appraisal


def _lock_for_decision(user: User, pk: int) -> Appraisal:
    require(user, Capability.APPROVE_DESTRUCTION)
    appraisal = lock_appraisal(user, pk)
    if appraisal.status != AppraisalStatus.SUBMITTED:
        raise InvalidTransition(
            f"鉴定处于“{appraisal.get_status_display()}”状态，只有待负责人批准的鉴定才能审批。"
        )
    if appraisal.created_by_id == user.pk:
        raise NotPermitted("鉴定的发起人不能批准自己发起的鉴定，请由本单位负责人审批。")
    return appraisal


def _extend_retention(
    user: User, appraisal: Appraisal, entry: AppraisalEntry, today: datetime.date
) -> None:
    case_file = CaseFile.objects.select_for_update().get(pk=entry.case_file_id or 0)
    entry.case_file = case_file
    end = new_end(entry, entry.new_retention_months, entry.keep_permanently)
    rules.check_extension(end, case_file.retention_ends_on, today)
    before = {
        "retention_months": case_file.retention_months,
        "retention_ends_on": str(case_file.retention_ends_on or ""),
    }
    case_file.retention_months = None if entry.keep_permanently else entry.new_retention_months
    case_file.retention_ends_on = end
    basis = f"第{appraisal.pk}号档案鉴定（{chinese_date(today)}批准）决定延长保管：{entry.reason}"
    case_file.retention_basis = basis[:500]
    case_file.save(update_fields=["retention_months", "retention_ends_on", "retention_basis"])
    audit.record(
        "archive_retention_extended",
        actor=user,
        target=case_file,
        agency_id=case_file.agency_id,
        detail={
            "appraisal": appraisal.pk,
            "before": before,
            "retention_months": case_file.retention_months,
            "retention_ends_on": str(end or ""),
        },
    )


def approve_appraisal(
    user: User, pk: int, note: str = "", today: datetime.date | None = None
) -> Appraisal:
    """Approve a submitted appraisal; keep verdicts extend their case files' retention now.

    Destroy verdicts destroy nothing here: destruction is a separate act by the archivist.
    """
    today = today or timezone.localdate()
    text = (note or "").strip()
    if len(text) > 500:
        raise ValidationFailed("批准意见不能超过500个字。", field="note")
    with transaction.atomic():
        appraisal = _lock_for_decision(user, pk)
        appraisal.status = AppraisalStatus.APPROVED
        appraisal.decided_by = user
        appraisal.decided_at = timezone.now()
        appraisal.decision_note = text
        appraisal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        keep = appraisal.entries.filter(verdict=Verdict.KEEP, case_file__isnull=False)
        for entry in keep:
            _extend_retention(user, appraisal, entry, today)
        audit.record(
            "appraisal_approved",
            actor=user,
            target=appraisal,
            agency_id=appraisal.agency_id,
            detail={"note": text},
        )
    return appraisal


def return_appraisal(user: User, pk: int, reason: str) -> Appraisal:
    """Send a submitted appraisal back to the archivist with the reason."""
    text = required_text(reason, "reason", "退回理由", 500)
    with transaction.atomic():
        appraisal = _lock_for_decision(user, pk)
        appraisal.status = AppraisalStatus.RETURNED
        appraisal.decision_note = text
        appraisal.save(update_fields=["status", "decision_note"])
        audit.record(
            "appraisal_returned",
            actor=user,
            target=appraisal,
            agency_id=appraisal.agency_id,
            detail={"reason": text},
        )
    return appraisal

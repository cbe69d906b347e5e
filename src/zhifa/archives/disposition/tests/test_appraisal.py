"""Due lists, appraisal validation, approval and the retention a keep verdict gives."""

import datetime

import pytest

from zhifa.accounts.models import AuditEntry
from zhifa.accounts.roles import Role
from zhifa.archives.casefiles.models import CaseFile
from zhifa.archives.disposition import due, rules
from zhifa.archives.disposition.actions import appraisals
from zhifa.archives.disposition.models import AppraisalKind, AppraisalStatus, Verdict
from zhifa.archives.disposition.tests.conftest import TODAY, expired_case_file
from zhifa.archives.retention.models import HoldReason, LegalHold
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed

REASON = "保管期限已满，案件已执行完毕，无复议诉讼，无继续保存价值"


def _submitted(archivist, case_file, verdict=Verdict.DESTROY, **keep):
    appraisal = appraisals.open_appraisal(archivist, AppraisalKind.CASE_FILES, "张三、李四")
    [entry] = appraisals.add_entries(archivist, appraisal.pk, [case_file.pk], TODAY)
    appraisals.record_verdicts(
        archivist, appraisal.pk, [entry.pk], verdict, REASON, today=TODAY, **keep
    )
    appraisals.update_appraisal(archivist, appraisal.pk, "张三、李四", "经鉴定，见各条目意见。")
    return appraisals.submit_appraisal(archivist, appraisal.pk)


@pytest.mark.django_db
def test_due_list_skips_permanent_and_current(agency_a, officer_user, expired) -> None:
    permanent = expired_case_file(agency_a, officer_user, "青市监罚〔2026〕2号")
    permanent.retention_months = None
    permanent.retention_ends_on = None
    permanent.save()
    current = expired_case_file(
        agency_a, officer_user, "青市监罚〔2026〕3号", ends_on=datetime.date(2056, 12, 31)
    )

    listed = list(due.due_case_files(CaseFile.objects.all(), TODAY))

    assert expired in listed
    assert permanent not in listed
    assert current not in listed


@pytest.mark.django_db
def test_held_file_shows_hold_and_cannot_be_added(archivist, officer_user, expired) -> None:
    LegalHold.objects.create(
        case=expired.case,
        reason_kind=HoldReason.LITIGATION,
        reason="当事人提起行政诉讼",
        placed_by=officer_user,
    )
    [row] = due.with_holds(due.due_case_files(CaseFile.objects.all(), TODAY))
    assert len(row.holds) == 1
    assert "行政诉讼" in row.holds[0]

    appraisal = appraisals.open_appraisal(archivist, AppraisalKind.CASE_FILES, "张三、李四")
    with pytest.raises(ValidationFailed, match="冻结"):
        appraisals.add_entries(archivist, appraisal.pk, [expired.pk], TODAY)


@pytest.mark.parametrize(
    "reason", ["", "同意", "销毁", "同意销毁。", "同意同意同意", "建议予以销毁", "太旧了"]
)
def test_bare_reasons_rejected(reason) -> None:
    with pytest.raises(ValidationFailed) as raised:
        rules.checked_reason(reason)
    assert raised.value.field == "reason"


def test_real_reason_accepted() -> None:
    assert rules.checked_reason(f"  {REASON} ") == REASON


@pytest.mark.parametrize("members", ["", "张三", "张三、张三", " 、 "])
def test_group_needs_two_people(members) -> None:
    with pytest.raises(ValidationFailed):
        rules.member_names(members, "group_members", "鉴定小组成员")


@pytest.mark.django_db
def test_open_needs_two_members(archivist) -> None:
    with pytest.raises(ValidationFailed) as raised:
        appraisals.open_appraisal(archivist, AppraisalKind.CASE_FILES, "张三")
    assert raised.value.field == "group_members"


@pytest.mark.django_db
def test_keep_must_extend_the_period(archivist, expired) -> None:
    appraisal = appraisals.open_appraisal(archivist, AppraisalKind.CASE_FILES, "张三、李四")
    [entry] = appraisals.add_entries(archivist, appraisal.pk, [expired.pk], TODAY)

    with pytest.raises(ValidationFailed) as raised:
        appraisals.record_verdicts(
            archivist,
            appraisal.pk,
            [entry.pk],
            Verdict.KEEP,
            REASON,
            new_retention_months=120,
            today=TODAY,
        )
    assert raised.value.field == "new_retention_months"
    with pytest.raises(ValidationFailed):
        appraisals.record_verdicts(
            archivist, appraisal.pk, [entry.pk], Verdict.KEEP, REASON, today=TODAY
        )
    entry.refresh_from_db()
    assert entry.verdict == ""


@pytest.mark.django_db
def test_submit_needs_report_and_verdicts(archivist, expired) -> None:
    appraisal = appraisals.open_appraisal(archivist, AppraisalKind.CASE_FILES, "张三、李四")
    appraisals.update_appraisal(archivist, appraisal.pk, "张三、李四", "经鉴定，均可销毁。")
    with pytest.raises(ValidationFailed, match="还没有条目"):
        appraisals.submit_appraisal(archivist, appraisal.pk)
    appraisals.add_entries(archivist, appraisal.pk, [expired.pk], TODAY)
    with pytest.raises(ValidationFailed, match="没有鉴定意见"):
        appraisals.submit_appraisal(archivist, appraisal.pk)


@pytest.mark.django_db
def test_creator_cannot_approve(make_user, agency_a, expired) -> None:
    both = make_user("both_a", Role.ARCHIVIST, Role.AGENCY_HEAD, agency=agency_a)
    appraisal = _submitted(both, expired)

    with pytest.raises(NotPermitted):
        appraisals.approve_appraisal(both, appraisal.pk, today=TODAY)
    appraisal.refresh_from_db()
    assert appraisal.status == AppraisalStatus.SUBMITTED


@pytest.mark.django_db
def test_archivist_cannot_approve(archivist, make_user, agency_a, expired) -> None:
    appraisal = _submitted(archivist, expired)
    other = make_user("archivist_2", Role.ARCHIVIST, agency=agency_a)
    with pytest.raises(NotPermitted):
        appraisals.approve_appraisal(other, appraisal.pk, today=TODAY)


@pytest.mark.django_db
def test_keep_extends_retention_on_approval(archivist, agency_head_user, expired) -> None:
    appraisal = _submitted(archivist, expired, Verdict.KEEP, new_retention_months=360)

    appraisals.approve_appraisal(agency_head_user, appraisal.pk, "同意", today=TODAY)

    expired.refresh_from_db()
    assert expired.retention_months == 360
    assert expired.retention_ends_on == datetime.date(2056, 12, 31)
    assert f"第{appraisal.pk}号档案鉴定" in expired.retention_basis
    assert AuditEntry.objects.filter(
        action="archive_retention_extended", target_id=str(expired.pk)
    ).exists()
    assert expired not in due.due_case_files(CaseFile.objects.all(), TODAY)


@pytest.mark.django_db
def test_keep_permanently_clears_the_end(archivist, agency_head_user, expired) -> None:
    appraisal = _submitted(archivist, expired, Verdict.KEEP, keep_permanently=True)
    appraisals.approve_appraisal(agency_head_user, appraisal.pk, today=TODAY)

    expired.refresh_from_db()
    assert expired.retention_months is None
    assert expired.retention_ends_on is None


@pytest.mark.django_db
def test_return_then_resubmit(archivist, agency_head_user, expired) -> None:
    appraisal = _submitted(archivist, expired)
    with pytest.raises(ValidationFailed):
        appraisals.return_appraisal(agency_head_user, appraisal.pk, " ")

    appraisals.return_appraisal(agency_head_user, appraisal.pk, "请补充案件执行情况")
    appraisal.refresh_from_db()
    assert appraisal.status == AppraisalStatus.RETURNED
    appraisals.update_appraisal(archivist, appraisal.pk, "张三、李四", "已补充执行情况。")
    assert appraisals.submit_appraisal(archivist, appraisal.pk).status == AppraisalStatus.SUBMITTED


@pytest.mark.django_db
def test_submitted_appraisal_is_frozen(archivist, expired) -> None:
    appraisal = _submitted(archivist, expired)
    with pytest.raises(InvalidTransition):
        appraisals.update_appraisal(archivist, appraisal.pk, "张三、李四", "改动")


@pytest.mark.django_db
def test_file_in_open_appraisal_cannot_be_added_twice(archivist, expired) -> None:
    first = appraisals.open_appraisal(archivist, AppraisalKind.CASE_FILES, "张三、李四")
    appraisals.add_entries(archivist, first.pk, [expired.pk], TODAY)
    second = appraisals.open_appraisal(archivist, AppraisalKind.CASE_FILES, "王五、赵六")
    with pytest.raises(ValidationFailed, match="另一鉴定"):
        appraisals.add_entries(archivist, second.pk, [expired.pk], TODAY)


@pytest.mark.django_db
def test_other_agency_files_cannot_be_added(archivist_b, expired) -> None:
    appraisal = appraisals.open_appraisal(archivist_b, AppraisalKind.CASE_FILES, "张三、李四")
    with pytest.raises(ValidationFailed):
        appraisals.add_entries(archivist_b, appraisal.pk, [expired.pk], TODAY)

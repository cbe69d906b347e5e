from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.archives import periods
from zhifa.archives.retention import categories, schedules
from zhifa.archives.retention.categories import CategoryInput
from zhifa.archives.retention.models import (
    Condition,
    RecordClass,
    RetentionSchedule,
    ScheduleStatus,
)
from zhifa.archives.retention.periods import case_conditions, retention_for, routine_av_months
from zhifa.archives.retention.tests.support import add_remedy, add_step, approve_new_version
from zhifa.archives.tests.support import closed_case
from zhifa.cases.models import CaseKind, LegalReviewState


def test_default_is_provisional(agency_a: Agency, officer_user: User) -> None:
    case = closed_case(agency_a, officer_user, kind=CaseKind.PENALTY_ORDINARY)

    retention = retention_for(case)

    assert retention.provisional
    assert retention.months == periods.YEARS_30
    assert retention.schedule is not None
    assert retention.schedule.is_template
    assert "待核实" in retention.basis


def test_summary_case_ten_years(agency_a: Agency, officer_user: User) -> None:
    case = closed_case(agency_a, officer_user, kind=CaseKind.PENALTY_SUMMARY)

    assert retention_for(case).months == periods.YEARS_10


def test_longest_period_wins(agency_a: Agency, officer_user: User) -> None:
    case = closed_case(agency_a, officer_user, kind=CaseKind.PENALTY_SUMMARY)
    add_step(case, "hearing_record")

    retention = retention_for(case)

    assert retention.months is periods.PERMANENT
    assert "02 举行听证的案件" in retention.basis
    assert "04 行政处罚案件（简易程序）" in retention.basis


def test_legal_review_condition(agency_a: Agency, officer_user: User) -> None:
    case = closed_case(agency_a, officer_user, kind=CaseKind.PENALTY_ORDINARY)
    case.legal_review_state = LegalReviewState.APPROVED
    case.save()

    assert retention_for(case).months is periods.PERMANENT


def add_category(
    user: User, schedule_id: int, code: str, condition: str, months: int | None
) -> None:
    schedule = RetentionSchedule.objects.get(pk=schedule_id)
    categories.save_category(
        user,
        schedule,
        CategoryInput(
            code=code,
            name=f"类目{code}",
            record_class=RecordClass.CASE_FILE,
            retention_months=months,
            condition=condition,
        ),
    )


def test_only_approved_version_applies(
    agency_a: Agency, officer_user: User, archivist_a: User, bureau_user: User
) -> None:
    case = closed_case(agency_a, officer_user, kind=CaseKind.PENALTY_SUMMARY)
    add_step(case, "collective_discussion")
    first = approve_new_version(archivist_a, bureau_user, "青档复〔2026〕1号")
    draft = schedules.start_draft(archivist_a)
    add_category(archivist_a, draft.pk, "09", Condition.COLLECTIVE, periods.YEARS_30)

    before = retention_for(case)
    schedules.submit(archivist_a, draft)
    submitted = retention_for(case)
    schedules.approve(bureau_user, draft, "青档复〔2026〕2号", first.effective_from)
    after = retention_for(case)

    assert not before.provisional
    assert before.schedule == first
    assert before.months == periods.YEARS_10
    assert submitted.months == periods.YEARS_10
    assert after.schedule == draft
    assert after.months == periods.YEARS_30
    assert "第2版" in after.basis


def test_approval_supersedes_previous(archivist_a: User, bureau_user: User) -> None:
    first = approve_new_version(archivist_a, bureau_user, "青档复〔2026〕1号")
    second = approve_new_version(archivist_a, bureau_user, "青档复〔2026〕2号")
    first.refresh_from_db()

    assert first.status == ScheduleStatus.SUPERSEDED
    assert second.status == ScheduleStatus.APPROVED
    assert second.version == 2
    assert second.categories.count() == first.categories.count()


def test_remedy_condition(agency_a: Agency, officer_user: User) -> None:
    case = closed_case(agency_a, officer_user, kind=CaseKind.INSPECTION)
    before = case_conditions(case)
    add_remedy(case)

    assert Condition.REMEDY not in before
    assert Condition.REMEDY in case_conditions(case)


def test_routine_av_months_default(agency_a: Agency) -> None:
    assert routine_av_months(agency_a) == 6

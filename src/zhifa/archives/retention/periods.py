"""The retention period (保管期限) of a case's file under the agency's approved schedule.

Every case-file category of the schedule that matches the case applies, and the longest period
wins (permanent beats any number of months). Audio-video recordings used as evidence are items
of the case file, so they are kept as long as the file and need no period of their own. Only
recordings not used as evidence (routine AV) have a separate period, ``routine_av_months``.

Without an approved schedule the district template applies and the result is provisional.
"""

from dataclasses import dataclass

from zhifa.agencies.models import Agency
from zhifa.archives import periods
from zhifa.archives.retention.models import (
    Condition,
    RecordClass,
    RetentionCategory,
    RetentionSchedule,
    ScheduleStatus,
)
from zhifa.cases.models import Case, LegalReviewState

# The shortest period a schedule may give routine AV (common practice, e.g. 公安部 rules on
# on-scene recordings); forms reject less and ``routine_av_months`` never returns less.
ROUTINE_AV_MINIMUM_MONTHS = periods.MONTHS_6
# The maximum period for routine AV. A recording worth keeping longer than 10 years is evidence
# and is kept with its case file, so a longer routine period is a data-entry error.
ROUTINE_AV_MAXIMUM_MONTHS = periods.YEARS_10

# Case steps that show a condition was met: the hearing record proves the hearing was held.
HEARING_STEP = "hearing_record"
COLLECTIVE_STEP = "collective_discussion"
REMEDY_STEP = "remedy_filed"


@dataclass(frozen=True)
class Retention:
    """The period of a case file (months, None for permanent) and why it applies."""

    months: int | None
    basis: str
    schedule: RetentionSchedule | None
    provisional: bool

    @property
    def label(self) -> str:
        return periods.label(self.months)


def approved_schedule(agency_id: int | None) -> RetentionSchedule | None:
    """Return the agency's approved (current) schedule, or None; never the district template."""
    if agency_id is None:
        return None
    return RetentionSchedule.objects.filter(
        agency_id=agency_id, status=ScheduleStatus.APPROVED
    ).first()


def district_template() -> RetentionSchedule | None:
    """Return the district template; the migration seeds it, so None means it was deleted."""
    return RetentionSchedule.objects.filter(agency__isnull=True).first()


def case_conditions(case: Case) -> set[str]:
    """Return the ``Condition`` values that ``case`` meets, in two queries."""
    met = {Condition.ANY.value}
    if case.legal_review_state in (LegalReviewState.REQUIRED, LegalReviewState.APPROVED):
        met.add(Condition.LEGAL_REVIEW.value)
    steps = set(
        case.steps.filter(step__in=[HEARING_STEP, COLLECTIVE_STEP, REMEDY_STEP]).values_list(
            "step", flat=True
        )
    )
    if HEARING_STEP in steps:
        met.add(Condition.HEARING.value)
    if COLLECTIVE_STEP in steps:
        met.add(Condition.COLLECTIVE.value)
    if REMEDY_STEP in steps or case.remedies.exists():
        met.add(Condition.REMEDY.value)
    return met


def matching_categories(schedule: RetentionSchedule, case: Case) -> list[RetentionCategory]:
    """Return the case-file categories of ``schedule`` that apply to ``case``."""
    met = case_conditions(case)
    return [
        category
        for category in schedule.categories.filter(record_class=RecordClass.CASE_FILE)
        if (not category.case_kinds or case.kind in category.case_kinds)
        and category.condition in met
    ]


def schedule_name(schedule: RetentionSchedule) -> str:
    if schedule.is_template:
        return "区默认保管期限表（待核实）"
    return f"保管期限表第{schedule.version}版"


def from_schedule(schedule: RetentionSchedule, case: Case, provisional: bool) -> Retention | None:
    """Return the longest period of the categories that match, or None when none matches."""
    categories = matching_categories(schedule, case)
    if not categories:
        return None
    months = periods.longest([category.retention_months for category in categories])
    names = "、".join(f"{category.code} {category.name}" for category in categories)
    basis = f"{schedule_name(schedule)}：{names}，取最长期限{periods.label(months)}"
    if provisional:
        basis += "；本单位尚无经档案局批准的保管期限表，暂按区默认期限"
    return Retention(months=months, basis=basis, schedule=schedule, provisional=provisional)


def retention_for(case: Case) -> Retention:
    """Return the retention period of ``case``'s file and the categories it comes from.

    Falls back to the district template (provisional) when the agency has no approved schedule
    or none of its categories matches, and to permanent (provisional) when the template does
    not match either, so a gap in a schedule never shortens keeping.
    """
    schedule = approved_schedule(case.agency_id)
    if schedule is not None:
        found = from_schedule(schedule, case, provisional=False)
        if found is not None:
            return found
    template = district_template()
    if template is not None:
        found = from_schedule(template, case, provisional=True)
        if found is not None:
            return found
    return Retention(
        months=periods.PERMANENT,
        basis="没有适用的保管期限类目，暂按永久保管，请补充保管期限表",
        schedule=None,
        provisional=True,
    )


def routine_av_months(agency: Agency) -> int:
    """Return how many months the agency keeps recordings not used as evidence (at least 6).

    Uses the longest routine-AV category of the approved schedule, else of the district
    template. Forms give routine AV no permanent period, so a missing value only comes from a
    schedule without such a category, and then the 6-month minimum applies.
    """
    for schedule in (approved_schedule(agency.pk), district_template()):
        if schedule is None:
            continue
        months = [
            category.retention_months
            for category in schedule.categories.filter(record_class=RecordClass.ROUTINE_AV)
            if category.retention_months is not None
        ]
        if months:
            return max(max(months), ROUTINE_AV_MINIMUM_MONTHS)
    return ROUTINE_AV_MINIMUM_MONTHS

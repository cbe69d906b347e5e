"""Queries that feed the rules in ``rules.py`` for the pages, the API and supervision.

Every function takes querysets that the caller has already scoped, so scope is decided once,
in the view or endpoint.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from zhifa.agencies import rules
from zhifa.agencies.models import (
    Agency,
    Credential,
    CredentialStatus,
    Officer,
    Reviewer,
    ReviewerKind,
)
from zhifa.core.rules import parameter

logger = logging.getLogger(__name__)

# Kinds of reviewer that count towards the ratio; legal advisers are outside counsel.
RATIO_REVIEWER_KINDS = (ReviewerKind.STAFF, ReviewerKind.PUBLIC_LAWYER)


def active_reviewers(queryset: QuerySet[Reviewer], day: datetime.date) -> QuerySet[Reviewer]:
    """Limit reviewers to those assigned on ``day`` (the end date itself still counts)."""
    return queryset.filter(started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )


def valid_credentials(queryset: QuerySet[Credential], day: datetime.date) -> QuerySet[Credential]:
    """Limit credentials to those valid on ``day``, held by officers still in post."""
    return queryset.filter(
        status=CredentialStatus.ACTIVE,
        valid_from__lte=day,
        valid_until__gte=day,
        officer__is_active=True,
    )


def credentialed_officer_counts(agency_ids: Iterable[int], day: datetime.date) -> dict[int, int]:
    rows = (
        valid_credentials(Credential.objects.filter(officer__agency_id__in=agency_ids), day)
        .values("officer__agency_id")
        .annotate(total=Count("officer", distinct=True))
    )
    return {row["officer__agency_id"]: row["total"] for row in rows}


def ratio_reviewer_counts(agency_ids: Iterable[int], day: datetime.date) -> dict[int, int]:
    rows = (
        active_reviewers(
            Reviewer.objects.filter(agency_id__in=agency_ids, kind__in=RATIO_REVIEWER_KINDS), day
        )
        .values("agency_id")
        .annotate(total=Count("pk"))
    )
    return {row["agency_id"]: row["total"] for row in rows}


def reviewer_ratio_for(agency: Agency, day: datetime.date) -> rules.ReviewerRatio:
    minimum = parameter("reviewer_ratio_min")
    officers = credentialed_officer_counts([agency.pk], day).get(agency.pk, 0)
    reviewers = ratio_reviewer_counts([agency.pk], day).get(agency.pk, 0)
    return rules.reviewer_ratio(reviewers, officers, minimum)


def expiring_credentials(
    queryset: QuerySet[Credential], day: datetime.date, warning_days: int
) -> QuerySet[Credential]:
    """Credentials in ``queryset`` that are active and expire within ``warning_days`` days.

    The filter is the query form of ``rules.credential_expires_soon``.
    """
    return queryset.filter(
        status=CredentialStatus.ACTIVE,
        officer__is_active=True,
        valid_until__gte=day,
        valid_until__lte=day + datetime.timedelta(days=warning_days),
    ).select_related("officer", "officer__agency")


def expired_credentials(queryset: QuerySet[Credential], day: datetime.date) -> QuerySet[Credential]:
    """Credentials in ``queryset`` still marked active whose validity ended before ``day``.

    Only officers still in post count, because a lapsed card matters only while its holder works.
    """
    return queryset.filter(
        status=CredentialStatus.ACTIVE,
        officer__is_active=True,
        valid_until__lt=day,
    ).select_related("officer", "officer__agency")


def officers_with_training_hours(queryset: QuerySet[Officer], year: int) -> QuerySet[Officer]:
    """Annotate each officer with ``hours_this_year``, the sum of training hours in ``year``."""
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=9, decimal_places=1))
    return queryset.annotate(
        hours_this_year=Coalesce(
            Sum("trainings__hours", filter=Q(trainings__attended_on__year=year)), zero
        )
    )


def officers_behind_on_training(queryset: QuerySet[Officer], day: datetime.date) -> list[Officer]:
    """Return officers in post whose training hours this calendar year are below the minimum.

    Each returned officer carries ``hours_this_year`` and ``hours_missing``.
    """
    required = parameter("training_hours_per_year")
    officers = officers_with_training_hours(
        queryset.filter(is_active=True).select_related("agency", "department"), day.year
    )
    behind = []
    for officer in officers:
        missing = rules.training_shortfall(officer.hours_this_year, required)  # type: ignore[attr-defined]
        if missing > 0:
            officer.hours_missing = missing  # type: ignore[attr-defined]
            behind.append(officer)
    return behind


def unqualified_reviewers(queryset: QuerySet[Reviewer], day: datetime.date) -> list[Reviewer]:
    """Return assigned reviewers that break the qualification rule, each with ``problem``."""
    found = []
    for reviewer in active_reviewers(queryset, day).select_related("agency"):
        outcome = rules.check_reviewer_qualification(
            reviewer.started_on, reviewer.legal_qualification
        )
        if not outcome.allowed:
            reviewer.problem = outcome.reason  # type: ignore[attr-defined]
            found.append(reviewer)
    return found


def review_body_problem(agency: Agency) -> str:
    """Return why the agency's review body is missing or not allowed, or an empty string."""
    department = agency.review_body
    if department is None:
        return "尚未指定法制审核机构"
    outcome = rules.check_review_body(
        agency.pk,
        department_agency_id=department.agency_id,
        department_name=department.name,
        is_legal_department=department.is_legal_department,
        handled_kinds=department.handled_kinds,
    )
    return outcome.reason


@dataclass
class AgencyCompliance:
    """One agency's row on the supervision page."""

    agency: Agency
    ratio: rules.ReviewerRatio
    expiring: list[Credential] = field(default_factory=list)
    expired: list[Credential] = field(default_factory=list)
    behind_on_training: list[Officer] = field(default_factory=list)
    unqualified_reviewers: list[Reviewer] = field(default_factory=list)
    review_body_problem: str = ""

    @property
    def uscc_problem(self) -> str:
        """A data-quality warning; it does not make the agency non-compliant."""
        return self.agency.uscc_problem

    @property
    def compliant(self) -> bool:
        return not (
            self.ratio.compliant is False
            or self.expiring
            or self.expired
            or self.behind_on_training
            or self.unqualified_reviewers
            or self.review_body_problem
        )


def supervision_rows(agencies: QuerySet[Agency], day: datetime.date) -> list[AgencyCompliance]:
    """Build one compliance row per agency, with a fixed number of queries."""
    agency_list = list(agencies.select_related("review_body"))
    ids = [agency.pk for agency in agency_list]
    minimum = parameter("reviewer_ratio_min")
    warning_days = int(parameter("credential_expiry_warning_days"))

    officer_counts = credentialed_officer_counts(ids, day)
    reviewer_counts = ratio_reviewer_counts(ids, day)

    expiring: dict[int, list[Credential]] = defaultdict(list)
    credentials = Credential.objects.filter(officer__agency_id__in=ids)
    for credential in expiring_credentials(credentials, day, warning_days):
        expiring[credential.officer.agency_id].append(credential)

    expired: dict[int, list[Credential]] = defaultdict(list)
    for credential in expired_credentials(credentials, day):
        expired[credential.officer.agency_id].append(credential)

    behind: dict[int, list[Officer]] = defaultdict(list)
    for officer in officers_behind_on_training(Officer.objects.filter(agency_id__in=ids), day):
        behind[officer.agency_id].append(officer)

    unqualified: dict[int, list[Reviewer]] = defaultdict(list)
    for reviewer in unqualified_reviewers(Reviewer.objects.filter(agency_id__in=ids), day):
        unqualified[reviewer.agency_id].append(reviewer)

    return [
        AgencyCompliance(
            agency=agency,
            ratio=rules.reviewer_ratio(
                reviewer_counts.get(agency.pk, 0), officer_counts.get(agency.pk, 0), minimum
            ),
            expiring=expiring[agency.pk],
            expired=expired[agency.pk],
            behind_on_training=behind[agency.pk],
            unqualified_reviewers=unqualified[agency.pk],
            review_body_problem=review_body_problem(agency),
        )
        for agency in agency_list
    ]

"""Recipients of an alert: users of its agency whose capabilities match its kind.

The supervisor (查看监督统计) receives every district-wide alert and the alerts about reports
not filed or published on time. District-wide alerts also go to district users who hold the kind's
capability, e.g. the system administrator for the holiday schedule.
"""

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from zhifa.accounts.models import User
from zhifa.accounts.roles import Capability, Role, capabilities_of
from zhifa.supervision.alerts.models import Alert, AlertKind

KIND_CAPABILITIES: dict[str, frozenset[str]] = {
    AlertKind.PUBLICATION_DUE: frozenset({Capability.PUBLISH_DECISIONS}),
    AlertKind.PUBLICATION_OVERDUE: frozenset({Capability.PUBLISH_DECISIONS}),
    AlertKind.AV_MISSING: frozenset({Capability.APPROVE_CASE_STEPS}),
    AlertKind.REVIEW_OVERDUE: frozenset({Capability.REVIEW_DECISIONS}),
    AlertKind.CASE_DEADLINE: frozenset({Capability.APPROVE_CASE_STEPS}),
    AlertKind.CREDENTIAL_EXPIRING: frozenset({Capability.MANAGE_CREDENTIALS}),
    AlertKind.REVIEWER_RATIO_LOW: frozenset({Capability.MANAGE_REVIEWERS}),
    AlertKind.CATALOG_NOT_FILED: frozenset({Capability.MANAGE_REVIEW_CATALOG}),
    AlertKind.MONTHLY_REPORT_OVERDUE: frozenset({Capability.PREPARE_REPORTS}),
    AlertKind.ANNUAL_REPORT_OVERDUE: frozenset({Capability.APPROVE_ANNUAL_REPORTS}),
    AlertKind.COMPLAINT_OVERDUE: frozenset({Capability.HANDLE_COMPLAINTS}),
    AlertKind.CALENDAR_MISSING: frozenset({Capability.MANAGE_CALENDAR}),
    # Flagged to the agency (its case approvers) and to its archivist.
    AlertKind.ARCHIVING_OVERDUE: frozenset(
        {Capability.ARCHIVE_CASE_FILES, Capability.APPROVE_CASE_STEPS}
    ),
    AlertKind.ARCHIVE_CHECK_FAILED: frozenset({Capability.ARCHIVE_CASE_FILES}),
}

# Kinds the supervisor receives for every agency, not only district-wide.
SUPERVISOR_KINDS = frozenset({AlertKind.MONTHLY_REPORT_OVERDUE, AlertKind.ANNUAL_REPORT_OVERDUE})


class Person:
    """A user with the roles, capabilities and agencies read once for the whole delivery."""

    def __init__(self, user: User):
        self.user = user
        roles = {group.name for group in user.groups.all()}
        self.capabilities = capabilities_of(roles)
        self.supervisor = Capability.VIEW_SUPERVISION in self.capabilities
        self.agency_ids: set[int] = {user.agency_id} if user.agency_id else set()
        if Role.JUDICIAL_OFFICE_REVIEWER in roles and user.judicial_office is not None:
            self.agency_ids |= {agency.pk for agency in user.judicial_office.covers.all()}

    def concerned_by(self, alert: Alert) -> bool:
        matches = bool(self.capabilities & KIND_CAPABILITIES.get(alert.kind, frozenset()))
        if alert.agency_id is None:
            return self.supervisor or (matches and self.user.agency_id is None)
        if self.supervisor and alert.kind in SUPERVISOR_KINDS:
            return True
        return matches and alert.agency_id in self.agency_ids


def _active_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True).prefetch_related("groups", "judicial_office__covers")


def recipients(alerts: list[Alert]) -> dict[User, list[Alert]]:
    """Group ``alerts`` by the users concerned, reading the users in a fixed number of queries."""
    grouped: dict[User, list[Alert]] = defaultdict(list)
    if not alerts:
        return grouped
    for user in _active_users().select_related("judicial_office").order_by("pk"):
        person = Person(user)
        for alert in alerts:
            if person.concerned_by(alert):
                grouped[user].append(alert)
    return grouped


def visible_kinds(user: Any) -> set[str]:
    """Return the kinds shown in a user's notification list: all for the supervisor."""
    capabilities = capabilities_of(user.roles) if user.is_active else frozenset()
    if Capability.VIEW_SUPERVISION in capabilities:
        return set(AlertKind.values)
    return {kind for kind, needed in KIND_CAPABILITIES.items() if needed & capabilities}

"""The to-do items on the back-office home page, by role.

Every item comes from a query passed through ``zhifa.accounts.scope.restrict``, links to the
page where the problem is fixed, and is left out when there is nothing to do.
"""

import datetime
import logging
from dataclasses import dataclass, field
from typing import Any

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format

from zhifa.accounts.roles import Capability, Role
from zhifa.accounts.scope import restrict
from zhifa.agencies import compliance
from zhifa.agencies.models import Agency, Credential, Officer
from zhifa.core.rules import parameter

logger = logging.getLogger(__name__)

# Cases listed under one item; the rest are counted in ``more`` and reached through ``url``.
MAX_LINKS_PER_ITEM = 10


@dataclass(frozen=True)
class TodoLink:
    """One case under a to-do item, with the page where it is dealt with."""

    label: str
    url: str


@dataclass(frozen=True)
class TodoItem:
    """One thing the user should deal with."""

    title: str
    url: str
    link_label: str
    detail: str = ""
    links: list[TodoLink] = field(default_factory=list)
    more: int = 0


def _officer_url(officer_id: int) -> str:
    return reverse("agencies:officer_detail", args=[officer_id])


def _expiry_label(credential: Credential) -> str:
    until = date_format(credential.valid_until) if credential.valid_until else "—"
    return f"{credential.officer.full_name}（{credential.number}，{until}到期）"


def _expiring_credentials_item(user: Any, today: datetime.date) -> TodoItem | None:
    warning_days = int(parameter("credential_expiry_warning_days"))
    credentials = list(
        compliance.expiring_credentials(
            restrict(Credential.objects.all(), user), today, warning_days
        ).order_by("valid_until", "number")
    )
    if not credentials:
        return None
    links = [
        TodoLink(_expiry_label(credential), _officer_url(credential.officer_id))
        for credential in credentials[:MAX_LINKS_PER_ITEM]
    ]
    return TodoItem(
        title=f"{len(credentials)}张执法证件将在{warning_days}天内到期",
        detail="请在执法人员页面办理换发。",
        url=f"{reverse('agencies:officer_list')}?credential_state=active",
        link_label="查看执法人员",
        links=links,
        more=max(len(credentials) - MAX_LINKS_PER_ITEM, 0),
    )


def _training_item(user: Any, today: datetime.date) -> TodoItem | None:
    officers = compliance.officers_behind_on_training(restrict(Officer.objects.all(), user), today)
    if not officers:
        return None
    required = floatformat(parameter("training_hours_per_year"), -1)
    links = [
        TodoLink(
            f"{officer.full_name}（尚差{floatformat(officer.hours_missing, -1)}学时）",  # type: ignore[attr-defined]
            _officer_url(officer.pk),
        )
        for officer in officers[:MAX_LINKS_PER_ITEM]
    ]
    return TodoItem(
        title=f"{len(officers)}名执法人员{today.year}年培训学时不足{required}学时",
        detail="请在执法人员页面登记培训。",
        url=reverse("agencies:officer_list"),
        link_label="查看执法人员",
        links=links,
        more=max(len(officers) - MAX_LINKS_PER_ITEM, 0),
    )


def _reviewer_ratio_items(user: Any, today: datetime.date) -> list[TodoItem]:
    items = []
    for agency in restrict(Agency.objects.all(), user):
        ratio = compliance.reviewer_ratio_for(agency, today)
        if ratio.compliant is not False:
            continue
        items.append(
            TodoItem(
                title=f"{agency.short_name}法制审核人员配比不足",
                detail=ratio.explanation,
                url=f"{reverse('agencies:reviewer_list')}?agency={agency.pk}",
                link_label="配备法制审核人员",
            )
        )
    return items


def _non_compliant_agencies_item(user: Any, today: datetime.date) -> TodoItem | None:
    rows = compliance.supervision_rows(restrict(Agency.objects.all(), user), today)
    count = sum(1 for row in rows if not row.compliant)
    if count == 0:
        return None
    return TodoItem(
        title=f"{count}个执法主体存在问题",
        detail="问题包括法制审核人员配比不足、证件即将到期或已过期、培训学时不足、审核人员无资格或法制审核机构不符合要求。",
        url=reverse("agencies:supervision"),
        link_label="前往执法监督",
    )


def todo_items(user: Any, today: datetime.date) -> list[TodoItem]:
    """Build the user's to-do items for the home page.

    An agency head gets the problems of the agency's staff, and a supervisor the count of
    non-compliant agencies. The home view builds the system administrator's calendar notice.
    """
    items: list[TodoItem | None] = []
    if Role.AGENCY_HEAD in user.roles:
        items.append(_expiring_credentials_item(user, today))
        items.append(_training_item(user, today))
        items.extend(_reviewer_ratio_items(user, today))
    if user.can(Capability.VIEW_SUPERVISION):
        items.append(_non_compliant_agencies_item(user, today))
    return [item for item in items if item is not None]

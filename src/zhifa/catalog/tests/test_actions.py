"""Changing a power item: versions, effective dates, refusals and audit."""

import datetime

import pytest

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import EnforcementDomain
from zhifa.catalog.actions import PowerItemContent, change_power_item
from zhifa.catalog.models import PowerCategory, PowerItem
from zhifa.core.errors import NotPermitted, ValidationFailed

NEW_CONTENT = PowerItemContent(
    "对无照经营的处罚（修订）",
    PowerCategory.PENALTY,
    "《无证无照经营查处办法》第十三条（2026年修订）",
    None,
)


def test_change_adds_version_and_ends_previous(
    power_item: PowerItem, agency_head_user: User
) -> None:
    version = change_power_item(
        agency_head_user,
        power_item,
        NEW_CONTENT,
        effective_from=datetime.date(2026, 3, 1),
        change_reason="依据修订",
    )

    first = power_item.versions.get(number=1)
    assert version.number == 2
    assert first.effective_to == datetime.date(2026, 2, 28)
    assert version.effective_to is None
    assert power_item.version_on(datetime.date(2026, 2, 28)) == first
    assert power_item.version_on(datetime.date(2026, 3, 1)) == version
    assert version.created_by == agency_head_user


def test_change_is_audited(power_item: PowerItem, agency_head_user: User) -> None:
    change_power_item(
        agency_head_user,
        power_item,
        NEW_CONTENT,
        effective_from=datetime.date(2026, 3, 1),
        change_reason="依据修订",
    )

    entry = AuditEntry.objects.get(action="power_item_changed")
    assert entry.actor == agency_head_user
    assert entry.agency_id == power_item.agency_id
    assert entry.detail["version"] == 2
    assert entry.detail["reason"] == "依据修订"


def test_change_with_identical_content_refused(
    power_item: PowerItem, agency_head_user: User
) -> None:
    current = power_item.latest_version()
    assert current is not None
    same = PowerItemContent(current.name, current.category, current.legal_basis, None)

    with pytest.raises(ValidationFailed, match="完全相同"):
        change_power_item(
            agency_head_user,
            power_item,
            same,
            effective_from=datetime.date(2026, 3, 1),
            change_reason="无变化",
        )
    assert power_item.versions.count() == 1


def test_change_of_domain_alone_accepted(
    power_item: PowerItem, agency_head_user: User, domain: EnforcementDomain
) -> None:
    current = power_item.latest_version()
    assert current is not None
    content = PowerItemContent(current.name, current.category, current.legal_basis, domain)

    version = change_power_item(
        agency_head_user,
        power_item,
        content,
        effective_from=datetime.date(2026, 3, 1),
        change_reason="明确执法领域",
    )

    assert version.domain == domain


@pytest.mark.parametrize("effective_from", [datetime.date(2024, 12, 31), datetime.date(2025, 1, 1)])
def test_change_not_after_current_refused(
    power_item: PowerItem, agency_head_user: User, effective_from: datetime.date
) -> None:
    with pytest.raises(ValidationFailed, match="应晚于现行版本的生效日期 2025-01-01") as caught:
        change_power_item(
            agency_head_user,
            power_item,
            NEW_CONTENT,
            effective_from=effective_from,
            change_reason="依据修订",
        )
    assert caught.value.field == "effective_from"
    assert power_item.versions.count() == 1


def test_change_without_reason_refused(power_item: PowerItem, agency_head_user: User) -> None:
    with pytest.raises(ValidationFailed) as caught:
        change_power_item(
            agency_head_user,
            power_item,
            NEW_CONTENT,
            effective_from=datetime.date(2026, 3, 1),
            change_reason="  ",
        )
    assert caught.value.field == "change_reason"


def test_change_by_officer_refused(power_item: PowerItem, officer_user: User) -> None:
    with pytest.raises(NotPermitted):
        change_power_item(
            officer_user,
            power_item,
            NEW_CONTENT,
            effective_from=datetime.date(2026, 3, 1),
            change_reason="依据修订",
        )


def test_change_by_other_agency_refused(power_item: PowerItem, other_agency_user: User) -> None:
    with pytest.raises(NotPermitted):
        change_power_item(
            other_agency_user,
            power_item,
            NEW_CONTENT,
            effective_from=datetime.date(2026, 3, 1),
            change_reason="依据修订",
        )
    assert power_item.versions.count() == 1


def test_change_by_system_admin_accepted(power_item: PowerItem, system_admin_user: User) -> None:
    version = change_power_item(
        system_admin_user,
        power_item,
        NEW_CONTENT,
        effective_from=datetime.date(2026, 3, 1),
        change_reason="依据修订",
    )
    assert version.number == 2

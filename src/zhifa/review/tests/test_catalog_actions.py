"""Review catalog versions: drafting, entries, filing, the bureau's decision and the standing."""

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest

from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency, AgencyKind
from zhifa.catalog.models import PowerItem
from zhifa.core.errors import InvalidTransition, NotFound, NotPermitted, ValidationFailed
from zhifa.review.actions import catalogs as actions
from zhifa.review.actions.catalogs import EntryInput
from zhifa.review.catalogs import in_force
from zhifa.review.models import CatalogState, ReviewCatalog

pytestmark = pytest.mark.django_db


def draft_with_entry(user: User, agency: Agency, effective_from: datetime.date) -> ReviewCatalog:
    catalog = actions.create_catalog(user, agency.pk, effective_from=effective_from)
    actions.add_entry(
        user,
        catalog.pk,
        EntryInput(decision_kind="penalty", description="较大数额罚款", min_amount="10000"),
    )
    return catalog


def accepted(user: User, bureau: User, agency: Agency, day: datetime.date) -> ReviewCatalog:
    catalog = draft_with_entry(user, agency, day)
    actions.file_catalog(user, catalog.pk)
    return actions.accept_catalog(bureau, catalog.pk)


def test_versions_numbered_per_agency(
    agency_head_user: User, other_agency_user: User, agency_a: Agency, agency_b: Agency, today
) -> None:
    first = actions.create_catalog(agency_head_user, agency_a.pk, effective_from=today)
    second = actions.create_catalog(agency_head_user, agency_a.pk, effective_from=today)
    other = actions.create_catalog(other_agency_user, agency_b.pk, effective_from=today)

    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert first.state == CatalogState.DRAFT
    assert AuditEntry.objects.filter(action="review_catalog_created").count() == 3


def test_create_refused_outside_scope_or_role(
    agency_head_user: User, officer_user: User, agency_b: Agency, agency_a: Agency, today
) -> None:
    with pytest.raises(NotFound):
        actions.create_catalog(agency_head_user, agency_b.pk, effective_from=today)
    with pytest.raises(NotPermitted):
        actions.create_catalog(officer_user, agency_a.pk, effective_from=today)
    assert not ReviewCatalog.objects.exists()


def test_entry_power_item_must_be_agencys(
    agency_head_user: User, agency_a: Agency, agency_b: Agency, today
) -> None:
    PowerItem.objects.create(agency=agency_a, code="QP-CF-001")
    PowerItem.objects.create(agency=agency_b, code="QP-SJ-001")
    catalog = actions.create_catalog(agency_head_user, agency_a.pk, effective_from=today)

    entry = actions.add_entry(
        agency_head_user,
        catalog.pk,
        EntryInput(decision_kind="penalty", description="拆违罚款", power_item_code="QP-CF-001"),
    )
    with pytest.raises(ValidationFailed) as refused:
        actions.add_entry(
            agency_head_user,
            catalog.pk,
            EntryInput(
                decision_kind="penalty", description="他局事项", power_item_code="QP-SJ-001"
            ),
        )

    assert entry.power_item_code == "QP-CF-001"
    assert refused.value.field == "power_item_code"
    assert catalog.entries.count() == 1


def test_entry_validation_messages(agency_head_user: User, agency_a: Agency, today) -> None:
    catalog = actions.create_catalog(agency_head_user, agency_a.pk, effective_from=today)
    cases = [
        (EntryInput(decision_kind="unknown", description="x"), "decision_kind"),
        (EntryInput(decision_kind="penalty", description=" "), "description"),
        (EntryInput(decision_kind="penalty", description="x", min_amount="-1"), "min_amount"),
        (
            EntryInput(decision_kind="penalty", description="x", penalty_types=["jail"]),
            "penalty_types",
        ),
    ]
    for data, field in cases:
        with pytest.raises(ValidationFailed) as refused:
            actions.add_entry(agency_head_user, catalog.pk, data)
        assert refused.value.field == field


def test_entry_update_and_remove_in_draft(agency_head_user: User, agency_a: Agency, today) -> None:
    catalog = draft_with_entry(agency_head_user, agency_a, today)
    entry = catalog.entries.get()

    changed = actions.update_entry(
        agency_head_user,
        entry.pk,
        EntryInput(
            decision_kind="penalty",
            description="吊销许可证件",
            penalty_types=["license_revocation"],
        ),
    )
    assert changed.penalty_types == ["license_revocation"]
    assert changed.min_amount is None

    actions.remove_entry(agency_head_user, entry.pk)
    assert not catalog.entries.exists()
    assert AuditEntry.objects.filter(action="review_catalog_updated").count() == 3


def test_file_needs_entry_and_future_date(agency_head_user: User, agency_a: Agency, today) -> None:
    empty = actions.create_catalog(agency_head_user, agency_a.pk, effective_from=today)
    with pytest.raises(ValidationFailed):
        actions.file_catalog(agency_head_user, empty.pk)

    late = draft_with_entry(agency_head_user, agency_a, today - datetime.timedelta(days=1))
    with pytest.raises(ValidationFailed) as refused:
        actions.file_catalog(agency_head_user, late.pk)
    assert refused.value.field == "effective_from"

    on_time = draft_with_entry(agency_head_user, agency_a, today)
    filed = actions.file_catalog(agency_head_user, on_time.pk)
    assert filed.state == CatalogState.FILED
    assert filed.filed_at is not None
    assert AuditEntry.objects.filter(
        action="review_catalog_filed", target_id=str(filed.pk)
    ).exists()


def test_only_one_filing_pending(agency_head_user: User, agency_a: Agency, today) -> None:
    first = draft_with_entry(agency_head_user, agency_a, today)
    second = draft_with_entry(agency_head_user, agency_a, today)
    actions.file_catalog(agency_head_user, first.pk)

    with pytest.raises(InvalidTransition):
        actions.file_catalog(agency_head_user, second.pk)


def test_only_bureau_decides(
    agency_head_user: User, supervisor_user: User, agency_a: Agency, today
) -> None:
    catalog = draft_with_entry(agency_head_user, agency_a, today)
    actions.file_catalog(agency_head_user, catalog.pk)

    with pytest.raises(NotPermitted):
        actions.accept_catalog(agency_head_user, catalog.pk)
    decided = actions.accept_catalog(supervisor_user, catalog.pk, comments="同意备案")

    assert decided.state == CatalogState.ACCEPTED
    assert decided.decided_by == supervisor_user
    assert decided.bureau_comments == "同意备案"
    assert AuditEntry.objects.filter(action="review_catalog_accepted").count() == 1


def test_return_needs_comments(
    agency_head_user: User, supervisor_user: User, agency_a: Agency, today
) -> None:
    catalog = draft_with_entry(agency_head_user, agency_a, today)
    actions.file_catalog(agency_head_user, catalog.pk)

    with pytest.raises(ValidationFailed) as refused:
        actions.return_catalog(supervisor_user, catalog.pk, comments="  ")
    assert refused.value.field == "comments"

    returned = actions.return_catalog(supervisor_user, catalog.pk, comments="缺少征收类事项")
    assert returned.state == CatalogState.RETURNED
    assert AuditEntry.objects.filter(action="review_catalog_returned").count() == 1


def test_decided_versions_read_only(
    agency_head_user: User, supervisor_user: User, agency_a: Agency, today
) -> None:
    catalog = accepted(agency_head_user, supervisor_user, agency_a, today)
    entry = catalog.entries.get()

    with pytest.raises(InvalidTransition):
        actions.add_entry(agency_head_user, catalog.pk, EntryInput("penalty", "新增事项"))
    with pytest.raises(InvalidTransition):
        actions.remove_entry(agency_head_user, entry.pk)
    with pytest.raises(InvalidTransition):
        actions.update_catalog(agency_head_user, catalog.pk, effective_from=today)
    with pytest.raises(InvalidTransition):
        actions.return_catalog(supervisor_user, catalog.pk, comments="再退回")
    with pytest.raises(InvalidTransition):
        actions.file_catalog(agency_head_user, catalog.pk)


def test_returned_never_applies_even_if_newer(
    agency_head_user: User, supervisor_user: User, agency_a: Agency, today
) -> None:
    old = accepted(agency_head_user, supervisor_user, agency_a, today)
    newer = draft_with_entry(agency_head_user, agency_a, today)
    actions.file_catalog(agency_head_user, newer.pk)
    returned = actions.return_catalog(supervisor_user, newer.pk, comments="金额标准不明确")

    assert in_force(agency_a.pk, today) == old
    assert actions.standing(returned, today, old) == "已退回"
    assert actions.standing(old, today, old) == "现行有效"


def test_superseded_and_scheduled(
    agency_head_user: User, supervisor_user: User, agency_a: Agency, today
) -> None:
    first = accepted(agency_head_user, supervisor_user, agency_a, today)
    second = accepted(agency_head_user, supervisor_user, agency_a, today)
    later = accepted(
        agency_head_user, supervisor_user, agency_a, today + datetime.timedelta(days=30)
    )

    current = in_force(agency_a.pk, today)
    assert current == second
    assert actions.standing(first, today, second) == "已被取代"
    assert actions.standing(second, today, second) == "现行有效"
    assert actions.standing(later, today, second) == "待施行"

    on_effective_day = today + datetime.timedelta(days=30)
    assert in_force(agency_a.pk, on_effective_day) == later


def test_higher_version_wins_over_later_start(
    agency_head_user: User, supervisor_user: User, agency_a: Agency, today
) -> None:
    older = accepted(
        agency_head_user, supervisor_user, agency_a, today + datetime.timedelta(days=60)
    )
    newer = accepted(
        agency_head_user, supervisor_user, agency_a, today + datetime.timedelta(days=10)
    )
    before_both = today + datetime.timedelta(days=5)
    after_both = today + datetime.timedelta(days=75)

    assert in_force(agency_a.pk, after_both) == newer
    assert actions.standing(older, after_both, newer) == "已被取代"
    assert actions.standing(newer, after_both, newer) == "现行有效"
    assert in_force(agency_a.pk, before_both) is None
    assert actions.standing(older, before_both, None) == "已被取代"
    assert actions.standing(newer, before_both, None) == "待施行"


def test_town_copies_accepted_model(
    make_user: Callable[..., User],
    agency_head_user: User,
    supervisor_user: User,
    agency_a: Agency,
    today,
) -> None:
    PowerItem.objects.create(agency=agency_a, code="QP-ZJJ-01")
    model = actions.create_catalog(agency_head_user, agency_a.pk, effective_from=today)
    actions.add_entry(
        agency_head_user,
        model.pk,
        EntryInput(
            decision_kind="penalty",
            description="违法建筑罚款",
            power_item_code="QP-ZJJ-01",
            min_amount=Decimal("20000"),
        ),
    )
    actions.file_catalog(agency_head_user, model.pk)
    actions.accept_catalog(supervisor_user, model.pk)
    town = Agency.objects.create(
        name="上海市青浦区练塘镇人民政府", short_name="练塘镇", kind=AgencyKind.TOWN
    )
    town_head = make_user("head_lt", Role.AGENCY_HEAD, agency=town)

    copy = actions.create_catalog(town_head, town.pk, effective_from=today, copy_from_id=model.pk)
    entry = copy.entries.get()

    assert entry.description == "违法建筑罚款"
    assert entry.min_amount == Decimal("20000")
    assert entry.power_item_code == ""
    assert copy.state == CatalogState.DRAFT


def test_copy_refuses_other_agencys_draft(
    agency_head_user: User, other_agency_user: User, agency_a: Agency, agency_b: Agency, today
) -> None:
    draft = draft_with_entry(agency_head_user, agency_a, today)

    with pytest.raises(ValidationFailed) as refused:
        actions.create_catalog(
            other_agency_user, agency_b.pk, effective_from=today, copy_from_id=draft.pk
        )
    assert refused.value.field == "copy_from"
    own_copy = actions.create_catalog(
        agency_head_user, agency_a.pk, effective_from=today, copy_from_id=draft.pk
    )
    assert own_copy.entries.count() == 1


def test_overview_counts_towns_not_filed(
    make_user: Callable[..., User],
    agency_head_user: User,
    supervisor_user: User,
    agency_a: Agency,
    agency_b: Agency,
    today,
) -> None:
    Agency.objects.create(
        name="上海市青浦区夏阳街道办事处", short_name="夏阳街道", kind=AgencyKind.STREET_OFFICE
    )
    Agency.objects.create(name="受委托的执法大队", short_name="执法大队", kind=AgencyKind.ENTRUSTED)
    accepted(agency_head_user, supervisor_user, agency_a, today)

    district, local = actions.filing_overview(supervisor_user, today)

    assert [row.agency.short_name for row in district.rows] == ["区市场监管局"]
    assert district.never_filed_count == 1
    assert sorted(row.agency.short_name for row in local.rows) == ["夏阳街道", "朱家角镇"]
    assert local.never_filed_count == 1
    assert local.without_catalog_in_force_count == 1
    town_row = next(row for row in local.rows if row.agency == agency_a)
    assert town_row.in_force is not None
    assert town_row.ever_filed


def test_overview_limited_to_scope(
    agency_head_user: User, agency_a: Agency, agency_b: Agency, today
) -> None:
    district, local = actions.filing_overview(agency_head_user, today)

    assert district.rows == []
    assert [row.agency for row in local.rows] == [agency_a]

"""The dated 较大数额 table: seeded rows, most specific row, dated changes, edits and the notice."""

import datetime
from decimal import Decimal

import pytest

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import EnforcementDomain
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from zhifa.core.models import RuleParameter
from zhifa.review import thresholds
from zhifa.review.models import HearingThreshold
from zhifa.review.thresholds import ThresholdInput, threshold_for

DAY = datetime.date(2026, 12, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def domains(db: None) -> None:
    for code, name in (("city", "城市管理"), ("market", "市场监管")):
        EnforcementDomain.objects.get_or_create(code=code, defaults={"name": name})


def amount(measure: str, party: str, domain: str = "", basis: str = "") -> Decimal | None:
    row = threshold_for(measure, party, domain, basis, DAY)
    return None if row is None else row.amount


LOOKUPS = [
    # (measure, party class, domain, basis level, expected amount)
    ("fine", "citizen", "", "", Decimal("5000")),
    ("fine", "organization", "", "", Decimal("50000")),
    ("confiscation", "citizen", "city", "local", Decimal("5000")),
    ("confiscation", "organization", "city", "", Decimal("50000")),
    ("fine", "citizen", "public-security", "", Decimal("2000")),
    ("fine", "organization", "public-security", "national", Decimal("10000")),
    # Public security seeds no confiscation figure, so the city's row applies.
    ("confiscation", "citizen", "public-security", "", Decimal("5000")),
    ("fine", "citizen", "market", "national", Decimal("10000")),
    ("fine", "organization", "market", "national", Decimal("100000")),
    ("confiscation", "organization", "market", "national", Decimal("100000")),
    # A market case under a local rule, or of unknown level, gets the city's figure.
    ("fine", "citizen", "market", "local", Decimal("5000")),
    ("fine", "citizen", "market", "", Decimal("5000")),
]


@pytest.mark.parametrize(("measure", "party", "domain", "basis", "expected"), LOOKUPS)
def test_seeded_lookup(
    measure: str, party: str, domain: str, basis: str, expected: Decimal
) -> None:
    assert amount(measure, party, domain, basis) == expected


def test_seeded_rows_are_unconfirmed_with_sources() -> None:
    rows = HearingThreshold.objects.all()
    assert rows.count() == 10
    assert not rows.filter(confirmed=True).exists()
    assert not rows.filter(legal_source="").exists()


def test_seed_moves_hearing_parameters() -> None:
    keys = set(RuleParameter.objects.values_list("key", flat=True))
    assert not {key for key in keys if key.startswith("hearing_")}
    assert RuleParameter.objects.get(key="review_fine_mean_multiple").value == 2
    assert RuleParameter.objects.get(key="review_fine_min_history").value == 5
    assert RuleParameter.objects.get(key="review_working_days").value == 5


def test_dated_change_applies_from_its_day() -> None:
    old = HearingThreshold.objects.get(domain_code="", party_class="citizen", measure="fine")
    old.effective_to = datetime.date(2026, 12, 31)
    old.save()
    HearingThreshold.objects.create(
        party_class="citizen",
        measure="fine",
        amount=Decimal("8000"),
        effective_from=datetime.date(2027, 1, 1),
        legal_source="新规定",
    )
    on_last_day = threshold_for("fine", "citizen", "", "", datetime.date(2026, 12, 31))
    on_first_day = threshold_for("fine", "citizen", "", "", datetime.date(2027, 1, 1))
    assert on_last_day is not None
    assert on_last_day.amount == Decimal("5000")
    assert on_first_day is not None
    assert on_first_day.amount == Decimal("8000")


def test_no_row_before_first_effective_day() -> None:
    assert threshold_for("fine", "citizen", "", "", datetime.date(2021, 7, 14)) is None


def _input(**overrides: object) -> ThresholdInput:
    data = ThresholdInput(
        party_class="citizen",
        measure="fine",
        amount="3000",
        effective_from=datetime.date(2027, 1, 1),
        legal_source="某区规定",
        domain_code="city",
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def test_supervisor_creates_updates_and_ends(supervisor_user: User) -> None:
    row = thresholds.create_threshold(supervisor_user, _input())
    assert row.created_by == supervisor_user
    assert AuditEntry.objects.filter(action="hearing_threshold_created", target_id=str(row.pk))

    changed = thresholds.update_threshold(
        supervisor_user, row, _input(amount="3500", confirmed=True)
    )
    assert changed.amount == Decimal("3500")
    assert changed.confirmed is True
    entry = AuditEntry.objects.get(action="hearing_threshold_updated", target_id=str(row.pk))
    assert entry.detail["before"]["amount"] == "3000.00"
    assert entry.detail["after"]["amount"] == "3500"

    ended = thresholds.end_threshold(supervisor_user, changed, datetime.date(2027, 6, 30))
    assert ended.effective_to == datetime.date(2027, 6, 30)


def test_officer_may_not_edit(officer_user: User) -> None:
    with pytest.raises(NotPermitted):
        thresholds.create_threshold(officer_user, _input())
    assert not HearingThreshold.objects.filter(domain_code="city").exists()


INVALID = [
    (_input(amount="0"), "amount"),
    (_input(amount="abc"), "amount"),
    (_input(party_class="child"), "party_class"),
    (_input(effective_from=None), "effective_from"),
    (_input(effective_to=datetime.date(2026, 12, 31)), "effective_to"),
    (_input(legal_source=" "), "legal_source"),
    (_input(domain_code="markets"), "domain_code"),
    (_input(effective_from=datetime.date(1999, 12, 31), effective_to=None), "effective_from"),
]


@pytest.mark.parametrize(("data", "field"), INVALID)
def test_invalid_input_names_field(supervisor_user: User, data: ThresholdInput, field: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        thresholds.create_threshold(supervisor_user, data)
    assert error.value.field == field


def test_end_twice_is_refused(supervisor_user: User) -> None:
    row = thresholds.create_threshold(supervisor_user, _input())
    thresholds.end_threshold(supervisor_user, row, datetime.date(2027, 2, 1))
    with pytest.raises(InvalidTransition, match="已设置废止日期"):
        thresholds.end_threshold(supervisor_user, row, datetime.date(2027, 3, 1))


def test_unknown_domain_lists_valid_codes(supervisor_user: User) -> None:
    with pytest.raises(ValidationFailed) as error:
        thresholds.create_threshold(supervisor_user, _input(domain_code="public_security"))
    assert "public_security不是已登记的执法领域代码" in error.value.message
    assert "city（城市管理）" in error.value.message


def test_effective_from_2000_accepted(supervisor_user: User) -> None:
    row = thresholds.create_threshold(
        supervisor_user, _input(effective_from=datetime.date(2000, 1, 1))
    )
    assert row.effective_from == datetime.date(2000, 1, 1)


def test_duplicate_row_refused(supervisor_user: User) -> None:
    thresholds.create_threshold(supervisor_user, _input())
    with pytest.raises(ValidationFailed) as error:
        thresholds.create_threshold(supervisor_user, _input(amount="4000"))
    assert error.value.field == "effective_from"
    assert "同日施行的标准" in error.value.message
    assert HearingThreshold.objects.filter(domain_code="city").count() == 1


def test_same_scope_other_day_accepted(supervisor_user: User) -> None:
    first = thresholds.create_threshold(supervisor_user, _input())
    later = thresholds.create_threshold(
        supervisor_user, _input(amount="4000", effective_from=datetime.date(2027, 1, 2))
    )
    assert first.pk != later.pk
    # Saving a row again with its own values is no duplicate of itself.
    assert thresholds.update_threshold(supervisor_user, first, _input(amount="3100"))


def test_update_into_duplicate_refused(supervisor_user: User) -> None:
    thresholds.create_threshold(supervisor_user, _input())
    other = thresholds.create_threshold(
        supervisor_user, _input(effective_from=datetime.date(2027, 1, 2))
    )
    with pytest.raises(ValidationFailed, match="同日施行的标准"):
        thresholds.update_threshold(supervisor_user, other, _input())


def test_unstarted_row_ends_on_or_after_start(supervisor_user: User) -> None:
    row = thresholds.create_threshold(supervisor_user, _input())
    with pytest.raises(ValidationFailed, match="不能早于“施行日期”2027-01-01"):
        thresholds.end_threshold(supervisor_user, row, datetime.date(2026, 12, 31))
    ended = thresholds.end_threshold(supervisor_user, row, datetime.date(2027, 1, 1))
    assert ended.effective_to == datetime.date(2027, 1, 1)

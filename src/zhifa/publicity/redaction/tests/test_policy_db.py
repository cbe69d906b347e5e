"""The seeded district defaults, agencies' overrides and the actions that change them."""

from collections.abc import Callable

import pytest

from zhifa.accounts.models import AuditEntry, User
from zhifa.accounts.roles import Role
from zhifa.agencies.models import Agency
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.publicity.models.policies import MaskingPolicy
from zhifa.publicity.redaction import Policy, redact_text
from zhifa.publicity.redaction.actions import MethodChange, remove_override, set_masking_method
from zhifa.publicity.redaction.defaults import DEFAULT_RULES
from zhifa.publicity.redaction.policy import policy_for

from .support import PERSON

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver(make_user: Callable[..., User], agency_a: Agency) -> User:
    return make_user("fabu_a", Role.PUBLICATION_APPROVER, agency=agency_a)


def test_migration_seeds_code_defaults() -> None:
    seeded = {
        (row.party_kind, row.field): (row.method, row.source)
        for row in MaskingPolicy.objects.filter(agency=None)
    }
    expected = {(rule.party_kind, rule.field): (rule.method, rule.source) for rule in DEFAULT_RULES}
    assert seeded == expected


def test_district_policy_equals_defaults() -> None:
    assert dict(policy_for(None).methods) == dict(Policy.defaults().methods)


def test_agency_override_applies_to_own_agency(
    approver: User, agency_a: Agency, agency_b: Agency
) -> None:
    set_masking_method(approver, MethodChange(agency_a.pk, "natural_person", "name", "full"))

    assert policy_for(agency_a.pk).method("natural_person", "name") == "full"
    assert policy_for(agency_b.pk).method("natural_person", "name") == "surname"
    assert policy_for(None).method("natural_person", "name") == "surname"
    text = "当事人张三"
    assert redact_text(text, [PERSON], policy_for(agency_a.pk)).masked == "当事人某某"
    assert redact_text(text, [PERSON], policy_for(agency_b.pk)).masked == "当事人张某某"


def test_supervisor_changes_default(supervisor_user: User, agency_a: Agency) -> None:
    change = MethodChange(None, "natural_person", "id_number", "full", "本区统一做法")
    row = set_masking_method(supervisor_user, change)

    assert row.agency_id is None
    assert policy_for(agency_a.pk).method("natural_person", "id_number") == "full"
    entry = AuditEntry.objects.get(action="masking_policy_changed", target_id=str(row.pk))
    assert entry.detail["before"]["method"] == "partial"
    assert entry.detail["after"]["method"] == "full"


def test_override_beats_changed_default(
    supervisor_user: User, approver: User, agency_a: Agency
) -> None:
    set_masking_method(approver, MethodChange(agency_a.pk, "natural_person", "phone", "remove"))
    set_masking_method(
        supervisor_user, MethodChange(None, "natural_person", "phone", "keep", "试行")
    )
    assert policy_for(agency_a.pk).method("natural_person", "phone") == "remove"


def test_default_needs_source(supervisor_user: User) -> None:
    with pytest.raises(ValidationFailed) as raised:
        set_masking_method(supervisor_user, MethodChange(None, "natural_person", "phone", "full"))
    assert raised.value.field == "source"


def test_surname_only_for_names(approver: User, agency_a: Agency) -> None:
    with pytest.raises(ValidationFailed) as raised:
        set_masking_method(
            approver, MethodChange(agency_a.pk, "natural_person", "phone", "surname")
        )
    assert raised.value.field == "method"
    assert "保留姓氏" in raised.value.message


def test_party_independent_field_needs_any(approver: User, agency_a: Agency) -> None:
    with pytest.raises(ValidationFailed) as raised:
        set_masking_method(
            approver, MethodChange(agency_a.pk, "natural_person", "officer_name", "full")
        )
    assert raised.value.field == "party_kind"


def test_unknown_field_rejected(approver: User, agency_a: Agency) -> None:
    with pytest.raises(ValidationFailed) as raised:
        set_masking_method(approver, MethodChange(agency_a.pk, "natural_person", "health", "full"))
    assert raised.value.field == "field"


def test_approver_cannot_change_default(approver: User) -> None:
    with pytest.raises(NotPermitted):
        set_masking_method(approver, MethodChange(None, "natural_person", "name", "full", "x"))


def test_approver_cannot_override_other_agency(approver: User, agency_b: Agency) -> None:
    with pytest.raises(NotFound):
        set_masking_method(approver, MethodChange(agency_b.pk, "natural_person", "name", "full"))


def test_supervisor_cannot_override_agency(supervisor_user: User, agency_a: Agency) -> None:
    with pytest.raises(NotPermitted):
        set_masking_method(
            supervisor_user, MethodChange(agency_a.pk, "natural_person", "name", "full")
        )


def test_officer_cannot_change(officer_user: User, agency_a: Agency) -> None:
    with pytest.raises(NotPermitted):
        set_masking_method(
            officer_user, MethodChange(agency_a.pk, "natural_person", "name", "full")
        )


def test_remove_override_restores_default(approver: User, agency_a: Agency) -> None:
    row = set_masking_method(approver, MethodChange(agency_a.pk, "natural_person", "name", "full"))

    assert remove_override(approver, row.pk) == agency_a.pk
    assert not MaskingPolicy.objects.filter(pk=row.pk).exists()
    assert policy_for(agency_a.pk).method("natural_person", "name") == "surname"
    entry = AuditEntry.objects.filter(action="masking_policy_changed").latest("pk")
    assert entry.detail["after"] is None


def test_remove_default_refused(agency_head_user: User) -> None:
    row = MaskingPolicy.objects.get(agency=None, party_kind="natural_person", field="name")
    with pytest.raises(NotFound):
        remove_override(agency_head_user, row.pk)
    assert MaskingPolicy.objects.filter(pk=row.pk).exists()


def test_remove_other_agency_refused(
    make_user: Callable[..., User], approver: User, agency_a: Agency, agency_b: Agency
) -> None:
    row = set_masking_method(approver, MethodChange(agency_a.pk, "natural_person", "name", "full"))
    other = make_user("fabu_b", Role.PUBLICATION_APPROVER, agency=agency_b)
    with pytest.raises(NotFound):
        remove_override(other, row.pk)
    assert MaskingPolicy.objects.filter(pk=row.pk).exists()


LOOSER_OVERRIDES = [
    ("natural_person", "id_number", "keep"),
    ("natural_person", "name", "keep"),
    ("natural_person", "phone", "partial"),
    ("natural_person", "address", "partial"),
    ("any", "other_person", "keep"),
]


@pytest.mark.parametrize(("kind", "field", "method"), LOOSER_OVERRIDES)
def test_looser_override_refused(
    approver: User, agency_a: Agency, kind: str, field: str, method: str
) -> None:
    with pytest.raises(NotPermitted) as raised:
        set_masking_method(approver, MethodChange(agency_a.pk, kind, field, method))
    assert raised.value.field == "method"
    assert "区默认" in raised.value.message
    assert not MaskingPolicy.objects.filter(agency=agency_a).exists()


def test_looser_override_names_field_and_default(agency_head_user: User, agency_a: Agency) -> None:
    change = MethodChange(agency_a.pk, "natural_person", "id_number", "keep")
    with pytest.raises(NotPermitted) as raised:
        set_masking_method(agency_head_user, change)
    message = raised.value.message
    assert "“身份证号”" in message
    assert "区默认为“部分遮蔽”" in message
    assert "不能设为“公开”" in message
    assert not AuditEntry.objects.filter(action="masking_policy_changed").exists()


def test_looser_override_follows_changed_default(
    supervisor_user: User, approver: User, agency_a: Agency
) -> None:
    set_masking_method(
        supervisor_user, MethodChange(None, "natural_person", "phone", "keep", "试行")
    )
    row = set_masking_method(
        approver, MethodChange(agency_a.pk, "natural_person", "phone", "partial")
    )
    assert row.method == "partial"


@pytest.mark.parametrize("method", ["partial", "full", "remove"])
def test_equal_or_stricter_override_saved(approver: User, agency_a: Agency, method: str) -> None:
    row = set_masking_method(
        approver, MethodChange(agency_a.pk, "natural_person", "id_number", method)
    )
    assert row.method == method


def test_rules_manager_may_loosen_override(
    make_user: Callable[..., User], agency_a: Agency
) -> None:
    manager = make_user("fabu_jiandu", Role.PUBLICATION_APPROVER, Role.SUPERVISOR, agency=agency_a)
    change = MethodChange(agency_a.pk, "natural_person", "id_number", "keep")
    row = set_masking_method(manager, change)
    assert row.method == "keep"

"""The decision enforced: platform cases, outside decisions and changes by a remedy."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.agencies.models import Agency
from zhifa.cases.models import Case, CaseKind, Document, DocumentStatus
from zhifa.cases.tests.steps_support import (
    World,
    at,
    build_world,
    cover_next_year,
    office,
    open_ordinary,
)
from zhifa.coercion import actions
from zhifa.coercion.tests.support import open_kind, record_basis
from zhifa.core.errors import ValidationFailed
from zhifa.remedies.tests.support import conclude, file, served_case

D = datetime.date


@pytest.fixture
def world(agency_a: Agency, agency_head_user: User, officer_user: User) -> World:
    cover_next_year()
    return build_world(agency_a, agency_head_user, officer_user)


@pytest.fixture
def case(world: World) -> Case:
    return open_kind(world, CaseKind.COMPULSORY_ENFORCEMENT, "拒不缴纳罚款强制执行案")


@pytest.fixture
def penalty(world: World) -> Case:
    """A penalty case of 2000 yuan decided on 5 November 2026 and served on 6 November."""
    return served_case(world)


def _on_case(world: World, case: Case, basis_case: Case, **overrides: object) -> None:
    values: dict[str, object] = {
        "basis_case_number": basis_case.number,
        "issuing_agency": "",
        "decided_on": D(2026, 11, 5),
        "served_on": D(2026, 11, 6),
        "performance_deadline": D(2026, 11, 25),
        "principal": Decimal("2000"),
    }
    values.update(overrides)
    record_basis(world, case, **values)


def _change(world: World, case: Case, principal: str) -> None:
    actions.record_basis_change(
        world.officer_user,
        case,
        office("basis_changed", at(11, 21), "复议决定变更罚款数额"),
        principal=principal,
        note="青府复字〔2026〕1号复议决定变更罚款数额",
    )


# --- A platform case as the basis ---------------------------------------------------------------


def test_undecided_penalty_case_rejected(world: World, case: Case) -> None:
    undecided = open_ordinary(world)
    with pytest.raises(ValidationFailed, match="尚未作出可以执行的行政决定") as error:
        _on_case(world, case, undecided)
    assert error.value.field == "basis_case_number"
    assert not case.steps.filter(step="enforcement_basis").exists()


def test_inspection_case_rejected(world: World, case: Case) -> None:
    inspection = open_kind(world, CaseKind.INSPECTION, "燃气安全检查")
    with pytest.raises(ValidationFailed, match="不作出可以强制执行的行政决定") as error:
        _on_case(world, case, inspection)
    assert error.value.field == "basis_case_number"


def test_enforcing_case_itself_rejected(world: World, case: Case) -> None:
    with pytest.raises(ValidationFailed, match="不能是本强制执行案件自身"):
        _on_case(world, case, case)


def test_decision_date_must_match_case(world: World, case: Case, penalty: Case) -> None:
    with pytest.raises(ValidationFailed, match="与案件记录的决定日期2026年11月5日不一致") as error:
        _on_case(world, case, penalty, decided_on=D(2026, 11, 4))
    assert error.value.field == "decided_on"

    _on_case(world, case, penalty)
    basis = case.steps.get(step="enforcement_basis")
    assert basis.details["decided_on"] == "2026-11-05"
    assert basis.details["basis_decision_step_id"] == penalty.steps.get(step="penalty_decision").pk
    assert basis.details["issuing_agency"] == penalty.agency.name


# --- An outside decision -----------------------------------------------------------------------


def test_outside_decision_needs_issuing_agency(world: World, case: Case) -> None:
    with pytest.raises(ValidationFailed, match="作出决定的机关") as error:
        record_basis(world, case, issuing_agency=" ")
    assert error.value.field == "issuing_agency"

    record_basis(world, case, issuing_agency="上海市青浦区规划和自然资源局")
    basis = case.steps.get(step="enforcement_basis")
    assert basis.details["issuing_agency"] == "上海市青浦区规划和自然资源局"
    assert basis.details["basis_case_id"] is None


def test_platform_document_number_needs_case(world: World, case: Case, penalty: Case) -> None:
    file(world, penalty, D(2026, 11, 9))
    conclude(world, penalty, D(2026, 11, 20), "revoked")
    Document.objects.create(
        case=penalty,
        doc_type="penalty_decision",
        title="行政处罚决定书",
        number="青城管罚决〔2026〕31号",
        status=DocumentStatus.FINAL,
        finalised_at=timezone.now(),
    )
    with pytest.raises(ValidationFailed, match=f"请在“本平台案号”中填写{penalty.number}") as error:
        record_basis(world, case, decision_number="青城管罚决〔2026〕31号")
    assert error.value.field == "basis_case_number"

    # Named through its case, the revoked decision is rejected for what it is.
    with pytest.raises(ValidationFailed, match="不能作为执行依据"):
        _on_case(world, case, penalty, decision_number="青城管罚决〔2026〕31号")
    record_basis(world, case, decision_number="青城管罚决〔2026〕32号")


# --- Changes by reconsideration or litigation --------------------------------------------------


@pytest.fixture
def changed(world: World, case: Case, penalty: Case) -> Case:
    """The 2000-yuan basis, then a reconsideration that changed it on 20 November."""
    file(world, penalty, D(2026, 11, 9))
    _on_case(world, case, penalty)
    conclude(world, penalty, D(2026, 11, 20), "changed")
    return case


def test_change_to_higher_amount_rejected(world: World, changed: Case) -> None:
    with pytest.raises(ValidationFailed, match="高于变更前的2000元") as error:
        _change(world, changed, "5000")
    assert "不得对申请人更为不利" in error.value.message
    assert error.value.field == "principal"
    assert not changed.steps.filter(step="basis_changed").exists()


def test_change_to_same_amount_rejected(world: World, changed: Case) -> None:
    with pytest.raises(ValidationFailed, match="与变更前的数额相同") as error:
        _change(world, changed, "2000")
    assert error.value.field == "principal"
    _change(world, changed, "1999.99")
    row = changed.steps.get(step="basis_changed")
    assert row.details["principal"] == "1999.99"
    assert row.details["previous_principal"] == "2000"


def test_change_recorded_twice_rejected(world: World, changed: Case) -> None:
    _change(world, changed, "1000")
    with pytest.raises(ValidationFailed, match="的变更已经记录") as error:
        _change(world, changed, "800")
    assert error.value.field == "step"
    assert changed.steps.filter(step="basis_changed").count() == 1


def test_basis_above_original_after_change_rejected(
    world: World, case: Case, penalty: Case
) -> None:
    file(world, penalty, D(2026, 11, 9))
    conclude(world, penalty, D(2026, 11, 20), "changed")
    with pytest.raises(ValidationFailed, match="高于变更前的2000元"):
        _on_case(world, case, penalty, principal=Decimal("3000"), change_note="复议变更")
    _on_case(world, case, penalty, principal=Decimal("1500"), change_note="复议变更为1500元")

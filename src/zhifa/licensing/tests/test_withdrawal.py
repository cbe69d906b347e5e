"""The applicant's withdrawal: accepted while the application awaits a decision, not after."""

from typing import Any

import pytest

from zhifa.cases import actions as case_actions
from zhifa.cases.models import Case
from zhifa.core.errors import InvalidTransition, ValidationFailed
from zhifa.licensing import actions
from zhifa.licensing.models import Licence
from zhifa.licensing.tests import support
from zhifa.licensing.tests.support import RECEIVED, LicensingWorld, step, wd
from zhifa.licensing.tests.test_pages import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agency_a: Any, agency_head_user: Any, officer_user: Any) -> LicensingWorld:
    return support.build(agency_a, agency_head_user, officer_user)


def withdraw(world: LicensingWorld, case: Case, code: str, days: int) -> Any:
    return actions.withdraw_application(
        world.officer_user, case, step(code, wd(RECEIVED, days), "申请人书面撤回申请")
    )


def reviewed_case(world: LicensingWorld) -> Case:
    case = support.accepted_case(world)
    support.review(world, case, wd(RECEIVED, 3))
    return case


def test_withdrawal_before_decision_recorded(world: LicensingWorld) -> None:
    case = reviewed_case(world)
    row = withdraw(world, case, "withdrawn_before_decision", 5)
    assert row.step == "withdrawn_before_decision"
    case.refresh_from_db()
    assert case.stage == "decision"


def test_withdrawal_after_grant_rejected(world: LicensingWorld) -> None:
    case = reviewed_case(world)
    support.decide(world, case, wd(RECEIVED, 10))
    with pytest.raises(InvalidTransition, match=r"准予行政许可.*不能再撤回申请"):
        withdraw(world, case, "withdrawn_before_decision", 10)
    assert not case.steps.filter(step="withdrawn_before_decision").exists()
    support.issue(world, case, wd(RECEIVED, 11))
    assert Licence.objects.filter(case=case).exists()


def test_withdrawal_after_refusal_rejected(world: LicensingWorld) -> None:
    case = reviewed_case(world)
    support.decide(world, case, wd(RECEIVED, 10), outcome="refused")
    with pytest.raises(InvalidTransition, match=r"不予行政许可.*不能再撤回申请"):
        withdraw(world, case, "withdrawn_before_decision", 11)


def test_withdrawal_after_non_acceptance_rejected(world: LicensingWorld) -> None:
    case = support.open_licensing(world)
    support.apply(world, case)
    actions.decide_acceptance(
        world.officer_user,
        case,
        step("acceptance_decision", RECEIVED),
        outcome="rejected",
        decided_on=RECEIVED,
        reasons="申请事项依法不需要取得行政许可",
        remedy_channels="可以申请行政复议或者提起行政诉讼",
    )
    with pytest.raises(InvalidTransition, match="不予受理决定"):
        withdraw(world, case, "application_withdrawn", 1)


def test_withdrawal_after_acceptance_recorded(world: LicensingWorld) -> None:
    case = support.accepted_case(world)
    row = withdraw(world, case, "application_withdrawn", 1)
    assert row.step == "application_withdrawn"


def test_second_withdrawal_rejected(world: LicensingWorld) -> None:
    case = support.accepted_case(world)
    withdraw(world, case, "application_withdrawn", 1)
    with pytest.raises(InvalidTransition, match="不能重复记录"):
        withdraw(world, case, "withdrawn_in_review", 2)


def test_generic_step_cannot_withdraw(world: LicensingWorld) -> None:
    case = reviewed_case(world)
    support.decide(world, case, wd(RECEIVED, 10))
    with pytest.raises(ValidationFailed):
        case_actions.record_step(
            world.officer_user, case, step("withdrawn_before_decision", wd(RECEIVED, 10))
        )


def test_api_rejects_withdrawal_after_grant(world: LicensingWorld) -> None:
    case = reviewed_case(world)
    support.decide(world, case, wd(RECEIVED, 10))
    payload = {
        "step": "withdrawn_before_decision",
        "occurred_at": f"{wd(RECEIVED, 10).isoformat()}T15:00:00+08:00",
        "summary": "申请人书面撤回申请",
        "fields": {},
    }
    response = client_for(world.officer_user).post(
        f"/api/cases/{case.pk}/steps", payload, content_type="application/json"
    )
    assert response.status_code in {400, 409}
    assert "不能再撤回申请" in response.json()["message"]
    assert not case.steps.filter(step="withdrawn_before_decision").exists()

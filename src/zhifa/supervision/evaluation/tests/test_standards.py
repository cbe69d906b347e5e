"""The scoring standard: totals of exactly 100, grade thresholds and who may change it."""

from decimal import Decimal

import pytest

from zhifa.accounts.models import User
from zhifa.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from zhifa.supervision.evaluation.actions import standards
from zhifa.supervision.evaluation.models import Standard, StandardState

pytestmark = pytest.mark.django_db


def draft_with(user: User, points: list[str]) -> Standard:
    standard = standards.create_standard(user, name="测试标准")
    for index, value in enumerate(points, start=1):
        item = standards.ItemInput(f"T-{index}", "review", "procedure", "评查内容", value)
        standards.save_item(user, standard.pk, item)
    return standard


def test_default_standard_seeded_in_force() -> None:
    standard = standards.in_force()

    assert standard is not None
    assert standard.is_platform_default
    assert sum(standard.items.values_list("points", flat=True)) == Decimal("100")
    assert set(standard.items.values_list("group", flat=True)) == {
        "publicity",
        "recording",
        "review",
    }


@pytest.mark.parametrize(("points", "message"), [(["60", "39"], "少1"), (["60", "41"], "多1")])
def test_put_in_force_rejects_total_not_100(
    supervisor_user: User, points: list[str], message: str
) -> None:
    standard = draft_with(supervisor_user, points)

    with pytest.raises(ValidationFailed, match=message) as error:
        standards.put_in_force(supervisor_user, standard.pk)

    assert error.value.field == "items"
    standard.refresh_from_db()
    assert standard.state == StandardState.DRAFT


def test_put_in_force_retires_previous(supervisor_user: User) -> None:
    previous = standards.in_force()
    standard = draft_with(supervisor_user, ["60", "39.5", "0.5"])

    change = standards.put_in_force(supervisor_user, standard.pk)

    assert standards.in_force() == standard
    assert change.standard == standard
    assert change.retired == [previous]
    assert change.retired[0].state == StandardState.RETIRED
    assert previous is not None
    previous.refresh_from_db()
    assert previous.state == StandardState.RETIRED


def test_in_force_standard_is_read_only(supervisor_user: User) -> None:
    current = standards.in_force()
    assert current is not None
    item = standards.ItemInput("X-1", "review", "procedure", "新增", "1")

    with pytest.raises(InvalidTransition, match="只有草稿可以修改"):
        standards.save_item(supervisor_user, current.pk, item)


def test_copy_keeps_items_and_thresholds(supervisor_user: User) -> None:
    current = standards.in_force()
    assert current is not None

    copy = standards.create_standard(supervisor_user, name="修订", copy_from_id=current.pk)

    assert copy.version == current.version + 1
    assert copy.items.count() == current.items.count()
    assert copy.excellent_min == current.excellent_min


def test_thresholds_must_descend(supervisor_user: User) -> None:
    standard = draft_with(supervisor_user, ["100"])

    with pytest.raises(ValidationFailed, match="等次分数线"):
        standards.set_thresholds(
            supervisor_user, standard.pk, excellent_min="85", good_min="85", pass_min="60"
        )

    standards.set_thresholds(
        supervisor_user, standard.pk, excellent_min="95", good_min="85", pass_min="70"
    )
    standard.refresh_from_db()
    assert (standard.excellent_min, standard.good_min, standard.pass_min) == (95, 85, 70)


def test_duplicate_item_code_rejected(supervisor_user: User) -> None:
    standard = draft_with(supervisor_user, ["50"])
    item = standards.ItemInput("T-1", "review", "procedure", "重复", "50")

    with pytest.raises(ValidationFailed, match="T-1") as error:
        standards.save_item(supervisor_user, standard.pk, item)

    assert error.value.field == "code"


def test_agency_head_cannot_draft(agency_head_user: User) -> None:
    with pytest.raises(NotPermitted):
        standards.create_standard(agency_head_user, name="越权")

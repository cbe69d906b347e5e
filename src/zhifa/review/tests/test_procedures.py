"""Review procedure versions and the review period they set."""

import datetime

import pytest

from zhifa.accounts.models import AuditEntry, User
from zhifa.agencies.models import Agency
from zhifa.core.errors import NotFound, NotPermitted, ValidationFailed
from zhifa.core.models import RuleParameter
from zhifa.review.actions.procedures import (
    ProcedureInput,
    procedure_in_force,
    record_procedure,
    review_period,
)

pytestmark = pytest.mark.django_db


def procedure_input(day: datetime.date, **overrides: object) -> ProcedureInput:
    values: dict[str, object] = {
        "effective_from": day,
        "materials": "送审报告、决定书代拟稿、证据材料",
        "method": "书面审核，必要时听取经办部门意见",
        "time_limits": "收到完整材料之日起五个工作日内",
        "responsibilities": "经办部门对事实负责，法制审核机构对审核意见负责",
        "objections": "经办部门有异议的，报单位负责人决定",
    }
    values.update(overrides)
    return ProcedureInput(**values)  # type: ignore[arg-type]


def test_default_period_from_parameters(agency_a: Agency, today: datetime.date) -> None:
    assert review_period(agency_a.pk, today) == (5, 5)

    RuleParameter.objects.filter(key="review_working_days").update(value=7)
    assert review_period(agency_a.pk, today) == (7, 5)


def test_procedure_overrides_period(
    agency_head_user: User, agency_a: Agency, today: datetime.date
) -> None:
    tomorrow = today + datetime.timedelta(days=1)
    record_procedure(
        agency_head_user, agency_a.pk, procedure_input(tomorrow, review_working_days=10)
    )

    assert review_period(agency_a.pk, today) == (5, 5)
    assert review_period(agency_a.pk, tomorrow) == (10, 5)


def test_versions_numbered_and_audited(
    agency_head_user: User, agency_a: Agency, today: datetime.date
) -> None:
    first = record_procedure(agency_head_user, agency_a.pk, procedure_input(today))
    second = record_procedure(
        agency_head_user,
        agency_a.pk,
        procedure_input(today, review_working_days=3, extension_working_days=3),
    )

    assert (first.version, second.version) == (1, 2)
    assert procedure_in_force(agency_a.pk, today) == second
    assert review_period(agency_a.pk, today) == (3, 3)
    assert AuditEntry.objects.filter(action="review_procedure_recorded").count() == 2


def test_period_limits(agency_head_user: User, agency_a: Agency, today: datetime.date) -> None:
    edge = record_procedure(
        agency_head_user, agency_a.pk, procedure_input(today, review_working_days=60)
    )
    assert edge.review_working_days == 60

    for field, value in [("review_working_days", 0), ("extension_working_days", 61)]:
        with pytest.raises(ValidationFailed) as refused:
            record_procedure(
                agency_head_user, agency_a.pk, procedure_input(today, **{field: value})
            )
        assert refused.value.field == field


def test_texts_required(agency_head_user: User, agency_a: Agency, today: datetime.date) -> None:
    with pytest.raises(ValidationFailed) as refused:
        record_procedure(agency_head_user, agency_a.pk, procedure_input(today, objections=" "))
    assert refused.value.field == "objections"


def test_refused_outside_scope_or_role(
    agency_head_user: User,
    officer_user: User,
    agency_a: Agency,
    agency_b: Agency,
    today: datetime.date,
) -> None:
    with pytest.raises(NotFound):
        record_procedure(agency_head_user, agency_b.pk, procedure_input(today))
    with pytest.raises(NotPermitted):
        record_procedure(officer_user, agency_a.pk, procedure_input(today))

"""Helpers of the remedies tests: a served penalty case and remedy steps via the actions."""

import datetime
from typing import Any

from zhifa.cases import actions
from zhifa.cases.models import Case, CaseStep
from zhifa.cases.tests.steps_support import World, advance_to_service, at, office, open_ordinary
from zhifa.remedies import actions as remedy_actions

# advance_to_service decides on 5 November 2026; the decision is served the next day.
SERVED_ON = datetime.date(2026, 11, 6)


def served_case(world: World) -> Case:
    case = open_ordinary(world)
    advance_to_service(world, case)
    actions.serve_document(
        world.officer_user,
        case,
        office("", at(11, 6)),
        actions.ServiceInput(method="direct", served_on=SERVED_ON, party_id=world.party.pk),
    )
    case.refresh_from_db()
    return case


def when(day: datetime.date) -> datetime.datetime:
    return at(day.month, day.day, year=day.year)


def file(world: World, case: Case, filed_on: datetime.date, **overrides: Any) -> CaseStep:
    values: dict[str, Any] = {
        "kind": "reconsideration",
        "filed_on": filed_on,
        "body": "上海市青浦区人民政府",
        "reference": "青府复字〔2026〕1号",
        "party_id": world.party.pk,
    }
    occurred_at = overrides.pop("occurred_at", when(filed_on))
    values.update(overrides)
    return remedy_actions.file_remedy(
        world.officer_user,
        case,
        office("remedy_filed", occurred_at, "当事人申请行政复议"),
        remedy_actions.FilingInput(**values),
    )


def conclude(
    world: World, case: Case, concluded_on: datetime.date, outcome: str, **overrides: Any
) -> CaseStep:
    occurred_at = overrides.pop("occurred_at", when(concluded_on))
    return remedy_actions.conclude_remedy(
        world.officer_user,
        case,
        office("remedy_concluded", occurred_at, "收到复议决定书"),
        remedy_actions.ConclusionInput(outcome=outcome, concluded_on=concluded_on, **overrides),
    )
